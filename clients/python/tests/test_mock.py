"""Every documented example of the contract reaches the Python client through the Prism mock."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any, TypedDict

import pytest

from sip_transfer_client import (
    SipTransferClient,
    SipTransferError,
    Transfer,
    TransferList,
    TransferResponse,
    TransferStatus,
    WarmTransfer,
    WarmTransferList,
    WarmTransferResponse,
    WarmTransferStatus,
)

from .conftest import response_examples as examples
from .conftest import start_mock


class Seed(TypedDict):
    room_name: str
    participant_identity: str
    transfer_to: str


SEED = Seed(room_name="call-room-123", participant_identity="sip_participant_456", transfer_to="+15551234567")


def client(mock_url: str, status: int, name: str) -> SipTransferClient:
    sync = SipTransferClient(mock_url, retries=0)
    sync._client = sync._client.with_headers({"Prefer": f"code={status}, example={name}"})
    sync._authenticated = sync._client  # type: ignore[assignment]
    return sync


@pytest.mark.parametrize(("status", "name", "value"), examples("/sip/transfer"), ids=lambda v: str(v)[:40])
def test_transfer_examples(mock_url: str, status: int, name: str, value: Any) -> None:
    with client(mock_url, status, name) as sync:
        if status == 200:
            result = sync.transfer(**SEED)
            assert isinstance(result, TransferResponse)
            assert result.to_dict() == value
            assert result.status is TransferStatus(value["status"])  # the record's enum
        else:
            with pytest.raises(SipTransferError) as raised:
                sync.transfer(**SEED)
            assert (raised.value.status, raised.value.code, raised.value.message) == (status, value["code"], value["error"])
            assert raised.value.details == value.get("details", {})
            assert raised.value.request_id


@pytest.mark.parametrize(("status", "name", "value"), examples("/sip/transfers/{transfer_id}"), ids=lambda v: str(v)[:40])
def test_get_transfer_examples(mock_url: str, status: int, name: str, value: Any) -> None:
    with client(mock_url, status, name) as sync:
        if status == 200:
            record = sync.get_transfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ")
            assert isinstance(record, Transfer)
            # Times arrive as datetimes: compare with the example read the same way.
            assert record.to_dict() == Transfer.from_dict(value).to_dict()
            assert record.created_at.tzinfo is not None
            for field in ("ended_at", "error", "webhook"):
                assert (getattr(record, field) is None) == (field not in value), field
        else:
            with pytest.raises(SipTransferError) as raised:
                sync.get_transfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ")
            assert (raised.value.status, raised.value.code) == (status, value["code"])


@pytest.mark.parametrize(("status", "name", "value"), examples("/sip/transfers"), ids=lambda v: str(v)[:40])
def test_list_transfers_examples(mock_url: str, status: int, name: str, value: Any) -> None:
    with client(mock_url, status, name) as sync:
        if status == 200:
            page = sync.list_transfers(limit=5)
            assert isinstance(page, TransferList)
            assert page.to_dict() == TransferList.from_dict(value).to_dict()
        else:
            with pytest.raises(SipTransferError) as raised:
                sync.list_transfers(limit=5)
            assert (raised.value.status, raised.value.code) == (status, value["code"])


WARM_ID = "wt_4fQ2mX9cLp7Rz1Kd8NvB3w"
# Each warm-transfer operation: its call through the typed client, and the model its success is read as.
WARM_OPERATIONS: dict[tuple[str, str], tuple[Callable[[SipTransferClient], object], type[WarmTransferResponse | WarmTransfer | WarmTransferList]]] = {
    ("post", "/sip/warm-transfers"): (lambda sync: sync.warm_transfer(**SEED, agent_identity="agent_1"), WarmTransferResponse),
    ("get", "/sip/warm-transfers"): (lambda sync: sync.list_warm_transfers(limit=5), WarmTransferList),
    ("get", "/sip/warm-transfers/{warm_transfer_id}"): (lambda sync: sync.get_warm_transfer(WARM_ID), WarmTransfer),
    ("post", "/sip/warm-transfers/{warm_transfer_id}/complete"): (lambda sync: sync.complete_warm_transfer(WARM_ID), WarmTransfer),
    ("post", "/sip/warm-transfers/{warm_transfer_id}/cancel"): (lambda sync: sync.cancel_warm_transfer(WARM_ID), WarmTransfer),
}
WARM_EXAMPLES = [
    (method, path, status, name, value) for method, path in WARM_OPERATIONS for status, name, value in examples(path, method)
]


def test_every_warm_transfer_operation_answers_the_typed_client(mock_url: str) -> None:
    for (method, path), (call, model) in WARM_OPERATIONS.items():
        # Each has examples of a success and of an error for the test below.
        statuses = {status for m, p, status, _, _ in WARM_EXAMPLES if (m, p) == (method, path)}
        assert any(s < 300 for s in statuses) and any(s >= 400 for s in statuses), (method, path)
        with SipTransferClient(mock_url, retries=0) as sync:  # the mock's own choice of answer
            assert type(call(sync)) is model, (method, path)


@pytest.mark.parametrize(
    ("method", "path", "status", "name", "value"), WARM_EXAMPLES, ids=[f"{m} {p} {s} {n}" for m, p, s, n, _ in WARM_EXAMPLES]
)
def test_warm_transfer_examples(mock_url: str, method: str, path: str, status: int, name: str, value: Any) -> None:
    call, model = WARM_OPERATIONS[(method, path)]
    with client(mock_url, status, name) as sync:
        if status < 300:
            result = call(sync)
            assert type(result) is model
            # Times arrive as datetimes: compare with the example read the same way.
            assert result == model.from_dict(value)
            assert result.to_dict() == model.from_dict(value).to_dict()
            records = result.warm_transfers if isinstance(result, WarmTransferList) else [result]
            wire = value["warm_transfers"] if isinstance(result, WarmTransferList) else [value]
            for record, body in zip(records, wire, strict=True):
                assert record.status is WarmTransferStatus(body["status"])  # the record's enum, for the answer too
                assert record.to_dict().keys() == body.keys()  # nothing left out is written back
        else:
            with pytest.raises(SipTransferError) as raised:
                call(sync)
            assert (raised.value.status, raised.value.code, raised.value.message) == (status, value["code"], value["error"])
            assert raised.value.details == value.get("details", {})
            assert raised.value.request_id


def test_stopping_the_mock_leaves_nothing_listening() -> None:
    # A mock of its own: the session's is shared by the tests above.
    mock = start_mock()
    mock.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(mock.url.rsplit(":", 1)[1])), timeout=5).close()
