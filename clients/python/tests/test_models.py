"""The records users read: every spec example of an answer, a record, a page and a webhook, read the
way the client reads them. Nothing a user reads is the generator's `Unset`: a field the JSON leaves
out is None; times are timezone-aware; one TransferStatus serves the answer and the record; a body
that does not fit the types is refused, not handed out mistyped."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from sip_transfer_client import (
    SipTransferEvent,
    Transfer,
    TransferCompletedEvent,
    TransferFailedEvent,
    TransferList,
    TransferOutcomeError,
    TransferOutcomeErrorCode,
    TransferResponse,
    TransferStatus,
    TransferUnknownEvent,
    TransferWebhook,
    TransferWebhookStatus,
    WarmTransfer,
    WarmTransferCancelledEvent,
    WarmTransferCompletedEvent,
    WarmTransferError,
    WarmTransferErrorCode,
    WarmTransferErrorReason,
    WarmTransferFailedEvent,
    WarmTransferList,
    WarmTransferResponse,
    WarmTransferStatus,
)
from sip_transfer_client._generated.types import Unset

from .conftest import response_examples, webhook_examples

RECORDS = [(name, value) for status, name, value in response_examples("/sip/transfers/{transfer_id}") if status == 200]
ANSWERS = [(name, value) for status, name, value in response_examples("/sip/transfer") if status == 200]
PAGES = [(name, value) for status, name, value in response_examples("/sip/transfers") if status == 200]
WARM_RECORDS = [
    (name, value)
    for path in ("/sip/warm-transfers/{warm_transfer_id}", "/sip/warm-transfers/{warm_transfer_id}/complete", "/sip/warm-transfers/{warm_transfer_id}/cancel")
    for status, name, value in response_examples(path, "get" if path.endswith("}") else "post")
    if status == 200
]
WARM_ANSWERS = [(name, value) for status, name, value in response_examples("/sip/warm-transfers", "post") if status == 201]
WARM_PAGES = [(name, value) for status, name, value in response_examples("/sip/warm-transfers", "get") if status == 200]
EVENTS: dict[str, type[SipTransferEvent]] = {
    "transfer.completed": TransferCompletedEvent,
    "transfer.failed": TransferFailedEvent,
    "transfer.unknown": TransferUnknownEvent,
    "warm_transfer.completed": WarmTransferCompletedEvent,
    "warm_transfer.cancelled": WarmTransferCancelledEvent,
    "warm_transfer.failed": WarmTransferFailedEvent,
}


def unsets(value: object, path: str = "") -> list[str]:
    """Where in a returned value an Unset hides (dataclass fields, lists), if anywhere."""
    if isinstance(value, Unset):
        return [path]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [p for f in dataclasses.fields(value) for p in unsets(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in unsets(item, f"{path}[{i}]")]
    return []


def test_the_spec_has_a_record_of_every_status() -> None:
    assert {value["status"] for _, value in RECORDS} == {"initiated", "completed", "failed", "unknown"}


@pytest.mark.parametrize(("name", "value"), RECORDS, ids=[name for name, _ in RECORDS])
def test_a_record_reads_with_none_for_what_it_leaves_out(name: str, value: dict[str, Any]) -> None:
    record = Transfer.from_dict(value)
    assert unsets(record) == []
    assert record.status is TransferStatus(value["status"])
    for field in ("ended_at", "error", "webhook"):
        assert (getattr(record, field) is None) == (field not in value), field
    if record.status in (TransferStatus.INITIATED, TransferStatus.COMPLETED):
        assert record.error is None
    else:
        assert isinstance(record.error, TransferOutcomeError)
        assert isinstance(record.error.code, TransferOutcomeErrorCode)
        code = record.error.sip_status_code
        assert code is None or type(code) is int
        assert code == value["error"].get("sip_status_code")
    for moment in (record.created_at, record.updated_at, record.ended_at):
        assert moment is None or (isinstance(moment, datetime.datetime) and moment.utcoffset() == datetime.timedelta(0))
    # The wire JSON again (times as Python writes RFC 3339) and back to the same record.
    assert Transfer.from_dict(record.to_dict()) == record
    assert record.to_dict().keys() == value.keys()


def test_a_failed_record_s_sip_status_is_an_int_and_an_unknown_one_s_is_none() -> None:
    by_status = {value["status"]: Transfer.from_dict(value) for _, value in RECORDS}
    failed, unknown = by_status["failed"].error, by_status["unknown"].error
    assert failed is not None and type(failed.sip_status_code) is int and isinstance(failed.sip_status, str)
    assert unknown is not None and unknown.code is TransferOutcomeErrorCode.OUTCOME_UNKNOWN
    assert unknown.sip_status_code is None and unknown.sip_status is None


@pytest.mark.parametrize(("name", "value"), ANSWERS, ids=[name for name, _ in ANSWERS])
def test_an_answer_s_status_is_the_record_s_transfer_status(name: str, value: dict[str, Any]) -> None:
    answer = TransferResponse.from_dict(value)
    assert type(answer.status) is TransferStatus
    assert answer.status == TransferStatus(value["status"])
    assert answer.to_dict() == value


@pytest.mark.parametrize(("name", "value"), PAGES, ids=[name for name, _ in PAGES])
def test_a_page_reads_its_records_the_same_way(name: str, value: dict[str, Any]) -> None:
    page = TransferList.from_dict(value)
    assert unsets(page) == []
    assert page.transfers == [Transfer.from_dict(item) for item in value["transfers"]]
    assert page.next_cursor == value["next_cursor"]
    assert TransferList.from_dict(page.to_dict()) == page


def test_the_spec_has_an_example_of_every_event() -> None:
    assert {EVENTS[body["type"]].from_dict(body).type_ for _, body in webhook_examples()} == set(EVENTS)


@pytest.mark.parametrize(("name", "body"), webhook_examples(), ids=[f"{body['type']} {name}" for name, body in webhook_examples()])
def test_a_webhook_event_reads_its_record_the_same_way(name: str, body: dict[str, Any]) -> None:
    event = EVENTS[body["type"]].from_dict(body)
    assert unsets(event) == []
    assert event.type_ == body["type"]
    if isinstance(event, (TransferCompletedEvent, TransferFailedEvent, TransferUnknownEvent)):
        assert event.data == Transfer.from_dict(body["data"])
        assert event.data.webhook is None
        assert (event.data.error is None) == (body["type"] == "transfer.completed")
    else:
        assert event.data == WarmTransfer.from_dict(body["data"])
        assert event.data.status is WarmTransferStatus(body["type"].removeprefix("warm_transfer."))
        assert (event.data.error is None) == (body["type"] != "warm_transfer.failed")
    assert event.timestamp.utcoffset() == datetime.timedelta(0)
    assert type(event).from_dict(event.to_dict()) == event


def test_an_event_of_another_type_is_a_value_error() -> None:
    body = next(body for _, body in webhook_examples() if body["type"] == "warm_transfer.completed")
    with pytest.raises(ValueError, match="Not a WarmTransferFailedEvent: type must match const 'warm_transfer.failed'"):
        WarmTransferFailedEvent.from_dict(body)
    with pytest.raises(ValueError, match="Not a TransferCompletedEvent"):
        TransferCompletedEvent.from_dict({**body, "type": "transfer.completed"})  # a warm record is no Transfer


def test_the_spec_has_a_warm_record_of_every_status() -> None:
    assert {WarmTransfer.from_dict(value).status for _, value in WARM_RECORDS} == set(WarmTransferStatus)


@pytest.mark.parametrize(("name", "value"), WARM_RECORDS, ids=[name for name, _ in WARM_RECORDS])
def test_a_warm_record_reads_with_none_for_what_it_leaves_out(name: str, value: dict[str, Any]) -> None:
    record = WarmTransfer.from_dict(value)
    assert unsets(record) == []
    assert record.status is WarmTransferStatus(value["status"])
    for field in ("agent_identity", "answered_at", "ended_at", "error"):
        assert (getattr(record, field) is None) == (field not in value), field
    if record.status is WarmTransferStatus.FAILED:
        assert isinstance(record.error, WarmTransferError)
        assert record.error.code is WarmTransferErrorCode.WARM_TRANSFER_FAILED
        assert record.error.reason is WarmTransferErrorReason(value["error"]["reason"])
        code = record.error.sip_status_code
        assert code is None or type(code) is int
        assert code == value["error"].get("sip_status_code")
    else:
        assert record.error is None
    for moment in (record.created_at, record.updated_at, record.answered_at, record.ended_at):
        assert moment is None or (isinstance(moment, datetime.datetime) and moment.utcoffset() == datetime.timedelta(0))
    assert WarmTransfer.from_dict(record.to_dict()) == record
    assert record.to_dict().keys() == value.keys()


@pytest.mark.parametrize(("name", "value"), WARM_ANSWERS, ids=[name for name, _ in WARM_ANSWERS])
def test_a_warm_answer_s_status_is_the_record_s_warm_transfer_status(name: str, value: dict[str, Any]) -> None:
    answer = WarmTransferResponse.from_dict(value)
    assert type(answer.status) is WarmTransferStatus
    assert answer.status is WarmTransferStatus.DIALING
    assert answer.to_dict() == value
    with pytest.raises(ValueError):  # an answer is always dialing
        dataclasses.replace(answer, status=WarmTransferStatus.CONSULTING).to_dict()


@pytest.mark.parametrize(("name", "value"), WARM_PAGES, ids=[name for name, _ in WARM_PAGES])
def test_a_warm_page_reads_its_records_the_same_way(name: str, value: dict[str, Any]) -> None:
    page = WarmTransferList.from_dict(value)
    assert unsets(page) == []
    assert page.warm_transfers == [WarmTransfer.from_dict(item) for item in value["warm_transfers"]]
    assert page.next_cursor == value["next_cursor"]
    assert WarmTransferList.from_dict(page.to_dict()) == page


WARM_FAILED = next(value for _, value in WARM_RECORDS if value["status"] == "failed")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({**WARM_FAILED, "error": {**WARM_FAILED["error"], "sip_status_code": "486"}}, "sip_status_code must be an integer"),
        ({**WARM_FAILED, "error": {**WARM_FAILED["error"], "reason": "gone"}}, "gone"),
        ({**WARM_FAILED, "status": "initiated"}, "initiated"),
        ({**WARM_FAILED, "answered_at": "2026-11-25T18:00:06"}, "answered_at must be an RFC 3339 time with its offset"),
        ({k: v for k, v in WARM_FAILED.items() if k != "consult_identity"}, "'consult_identity' is missing"),
        ({**WARM_FAILED, "agent_identity": 7}, "agent_identity must be a string"),
    ],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else "",
)
def test_a_warm_body_that_does_not_fit_the_types_is_a_value_error(body: dict[str, Any], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        WarmTransfer.from_dict(body)


def test_records_are_frozen_and_built_by_keyword() -> None:
    record = Transfer.from_dict(RECORDS[0][1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.status = TransferStatus.FAILED  # type: ignore[misc]
    webhook = TransferWebhook(status=TransferWebhookStatus.PENDING, attempts=0)
    assert webhook.to_dict() == {"status": "pending", "attempts": 0}


COMPLETED = next(value for _, value in RECORDS if value["status"] == "completed")
FAILED = next(value for _, value in RECORDS if value["status"] == "failed")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({**FAILED, "error": {**FAILED["error"], "sip_status_code": "603"}}, "sip_status_code must be an integer"),
        ({**FAILED, "error": {**FAILED["error"], "sip_status_code": True}}, "sip_status_code must be an integer"),
        ({**FAILED, "error": {**FAILED["error"], "code": "NOPE"}}, "NOPE"),
        ({**COMPLETED, "status": "done"}, "done"),
        ({**COMPLETED, "created_at": "2026-11-25T18:00:00"}, "created_at must be an RFC 3339 time with its offset"),
        ({**COMPLETED, "ended_at": 5}, "Not a Transfer"),
        ({k: v for k, v in COMPLETED.items() if k != "transfer_id"}, "'transfer_id' is missing"),
        ({**COMPLETED, "room_name": None}, "room_name must be a string"),
        ({**COMPLETED, "webhook": {"status": "pending", "attempts": "1"}}, "attempts must be an integer"),
    ],
    ids=lambda v: str(v)[:40] if isinstance(v, str) else "",
)
def test_a_body_that_does_not_fit_the_types_is_a_value_error(body: dict[str, Any], reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        Transfer.from_dict(body)


def test_what_is_not_an_object_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected a JSON object, got list"):
        Transfer.from_dict([])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Not a TransferList"):
        TransferList.from_dict({"transfers": [{}], "next_cursor": None})
    with pytest.raises(ValueError, match="next_cursor must be a string"):
        TransferList.from_dict({"transfers": [], "next_cursor": 7})
