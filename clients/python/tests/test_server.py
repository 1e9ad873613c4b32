"""The client against the real server (and the LiveKit stand-in): what a LiveKit Agents developer does."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from typing import Any, TypedDict

import httpx
import pytest

from sip_transfer_client import (
    AsyncSipTransferClient,
    SipTransferClient,
    SipTransferError,
    TransferOutcomeError,
    TransferOutcomeErrorCode,
    TransferStatus,
    TransferWebhook,
    WarmTransferError,
    WarmTransferErrorReason,
    WarmTransferStatus,
)

from .conftest import RealServer


class Seed(TypedDict):
    room_name: str
    participant_identity: str
    transfer_to: str


def seed(**changes: str) -> Seed:
    return Seed(
        room_name=changes.get("room_name", "call-room-123"),
        participant_identity=changes.get("participant_identity", "sip_participant_456"),
        transfer_to=changes.get("transfer_to", "+1 (555) 123-4567"),
    )


SEED = seed()


def test_transfers_and_reads_the_record(real_server: RealServer) -> None:
    with SipTransferClient(real_server.url, real_server.token) as client:
        answer = client.transfer(**SEED, ringing_timeout=45, headers={"X-Case-Id": "4711"})
        assert answer.status == TransferStatus.COMPLETED
        assert answer.transfer_to == "tel:+15551234567"
        assert answer.transfer_id.startswith("tr_")
        record = client.get_transfer(answer.transfer_id)
        assert record.status == TransferStatus.COMPLETED
        assert record.room_name == "call-room-123"
        page = client.list_transfers(participant_identity="sip_participant_456", limit=5)
        assert answer.transfer_id in [t.transfer_id for t in page.transfers]
    sent = real_server.transfer_calls()[-1]["body"]
    assert sent["ringingTimeout"] == "45s" and sent["headers"] == {"X-Case-Id": "4711"}


def test_transfer_failed_carries_the_sip_details(real_server: RealServer) -> None:
    real_server.behave(
        "TransferSIPParticipant",
        {"fail": {"code": "permission_denied", "msg": "declined", "meta": {"sip_status_code": "603", "sip_status": "Decline"}}},
    )
    with SipTransferClient(real_server.url, real_server.token) as client:
        with pytest.raises(SipTransferError) as raised:
            client.transfer(**SEED)
        error = raised.value
        assert (error.status, error.code, error.message) == (500, "TRANSFER_FAILED", "SIP transfer failed: 603 Decline")
        assert type(error.status) is int  # not the generated HTTPStatus, which prints differently on 3.10
        assert error.details["sip_status_code"] == 603 and error.details["sip_status"] == "Decline"
        record = client.get_transfer(error.details["transfer_id"])
        assert record.status == TransferStatus.FAILED
        assert isinstance(record.error, TransferOutcomeError)
        assert record.error.code == TransferOutcomeErrorCode.TRANSFER_FAILED
        assert record.error.sip_status_code == 603 and type(record.error.sip_status_code) is int
        assert record.error.sip_status == "Decline"


def test_a_completed_record_has_no_error_none_not_unset(real_server: RealServer) -> None:
    with SipTransferClient(real_server.url, real_server.token) as client:
        answer = client.transfer(**SEED)
        assert answer.status is TransferStatus.COMPLETED
        record = client.get_transfer(answer.transfer_id)
    assert record.status is TransferStatus.COMPLETED
    assert record.error is None
    assert isinstance(record.ended_at, datetime.datetime) and record.ended_at.utcoffset() == datetime.timedelta(0)
    assert record.created_at.tzinfo is not None and record.updated_at.tzinfo is not None
    assert isinstance(record.webhook, TransferWebhook)  # the tenant has a webhook
    assert "error" not in record.to_dict()


def test_an_unknown_outcome_has_an_error_without_a_sip_status(real_server: RealServer) -> None:
    real_server.behave("TransferSIPParticipant", {"fail": {"code": "deadline_exceeded", "msg": "timed out"}})
    with SipTransferClient(real_server.url, real_server.token) as client:
        answer = client.transfer(**seed(participant_identity="sip_participant_789"))
        assert answer.status is TransferStatus.UNKNOWN
        record = client.wait_for_transfer(answer.transfer_id, timeout=10, interval=0.1)
    assert record.status is TransferStatus.UNKNOWN
    assert record.error is not None and record.error.code == TransferOutcomeErrorCode.OUTCOME_UNKNOWN
    assert record.error.sip_status_code is None and record.error.sip_status is None


def test_list_transfers_takes_the_status_as_the_enum_or_its_string(real_server: RealServer) -> None:
    with SipTransferClient(real_server.url, real_server.token) as client:
        client.transfer(**SEED)
        by_enum = client.list_transfers(status=TransferStatus.COMPLETED, limit=100)
        by_string = client.list_transfers(status="completed", limit=100)
    # The webhooks' state may move on between the two reads: compare which transfers they hold.
    assert by_enum.transfers
    assert [t.transfer_id for t in by_enum.transfers] == [t.transfer_id for t in by_string.transfers]
    assert {t.status for t in by_enum.transfers} == {TransferStatus.COMPLETED}
    assert all(t.error is None for t in by_enum.transfers)


# Every argument the client refuses before sending (ValueError, naming it) is one the server refuses
# (400) when it is sent anyway: the client's checks are the contract's, no stricter.
TRANSFER_REFUSALS: list[dict[str, Any]] = [
    {"room_name": ""},
    {"room_name": " \t"},
    {"room_name": "r" * 257},
    {"participant_identity": ""},
    {"participant_identity": "\u3000"},
    {"transfer_to": "   "},
    {"transfer_to": "1" * 257},
    {"ringing_timeout": 0},
    {"ringing_timeout": 601},
    {"ringing_timeout": 9999},
    {"headers": {"x-case-id": "4711"}},
    {"headers": {"X-": "4711"}},
    {"headers": {"X-Case-Id": "line\r\nbreak"}},
    {"headers": {"X-Case-Id": "v" * 257}},
    {"headers": {f"X-H{n}": "v" for n in range(17)}},
    {"idempotency_key": '"unclosed'},
    {"idempotency_key": "k" * 256},
]
LIST_REFUSALS: list[dict[str, Any]] = [
    {"status": "bogus"},
    {"status": "COMPLETED"},
    {"limit": 0},
    {"limit": 101},
    {"room_name": ""},
    {"participant_identity": "p" * 257},
    {"cursor": ""},
    {"cursor": "c" * 513},
]


@pytest.mark.parametrize("change", TRANSFER_REFUSALS, ids=lambda v: str(v)[:40])
def test_a_transfer_the_server_refuses_is_refused_before_it_is_sent(real_server: RealServer, change: dict[str, Any]) -> None:
    body: dict[str, Any] = {**SEED, **change}
    key = body.pop("idempotency_key", None)
    headers = {"Authorization": f"Bearer {real_server.token}", **({"Idempotency-Key": key} if key is not None else {})}
    before = len(real_server.transfer_calls())
    raw = httpx.post(f"{real_server.url}/sip/transfer", json=body, headers=headers)
    assert raw.status_code == 400, raw.text
    with SipTransferClient(real_server.url, real_server.token) as client, pytest.raises(ValueError, match=next(iter(change))):
        client.transfer(**{**SEED, **change})
    assert len(real_server.transfer_calls()) == before


@pytest.mark.parametrize("change", LIST_REFUSALS, ids=lambda v: str(v)[:40])
def test_a_list_the_server_refuses_is_refused_before_it_is_sent(real_server: RealServer, change: dict[str, Any]) -> None:
    raw = httpx.get(f"{real_server.url}/sip/transfers", params=change, headers={"Authorization": f"Bearer {real_server.token}"})
    assert raw.status_code == 400, raw.text
    with SipTransferClient(real_server.url, real_server.token) as client, pytest.raises(ValueError, match=next(iter(change))):
        client.list_transfers(**change)


def test_a_transfer_id_the_server_refuses_is_refused_before_it_is_sent(real_server: RealServer) -> None:
    raw = httpx.get(f"{real_server.url}/sip/transfers/{'t' * 65}", headers={"Authorization": f"Bearer {real_server.token}"})
    assert raw.status_code == 400, raw.text
    with SipTransferClient(real_server.url, real_server.token) as client:
        with pytest.raises(ValueError, match="transfer_id"):
            client.get_transfer("t" * 65)
        with pytest.raises(ValueError, match="transfer_id"):
            client.wait_for_transfer("")


def test_not_found_and_unauthorized_are_errors(real_server: RealServer) -> None:
    with SipTransferClient(real_server.url, real_server.token) as client:
        with pytest.raises(SipTransferError) as missing:
            client.transfer(**seed(room_name="no-such-room"))
        assert (missing.value.status, missing.value.code) == (404, "ROOM_NOT_FOUND")
        with pytest.raises(SipTransferError) as unknown:
            client.get_transfer("tr_AAAAAAAAAAAAAAAAAAAAAA")
        assert (unknown.value.status, unknown.value.code) == (404, "TRANSFER_NOT_FOUND")
    with SipTransferClient(real_server.url, "not-the-token-at-all") as stranger, pytest.raises(SipTransferError) as refused:
        stranger.get_transfer("tr_AAAAAAAAAAAAAAAAAAAAAA")
    assert (refused.value.status, refused.value.code) == (401, "UNAUTHORIZED")


def test_an_idempotency_key_replays_without_a_second_refer(real_server: RealServer) -> None:
    key = str(uuid.uuid4())
    before = len(real_server.transfer_calls())
    with SipTransferClient(real_server.url, real_server.token) as client:
        first = client.transfer(**seed(participant_identity="sip_participant_789"), idempotency_key=key)
        again = client.transfer(**seed(participant_identity="sip_participant_789"), idempotency_key=key)
    assert again.transfer_id == first.transfer_id
    assert len(real_server.transfer_calls()) == before + 1


def test_the_async_client_transfers_and_waits_for_the_outcome(real_server: RealServer) -> None:
    real_server.behave("TransferSIPParticipant", {"latencyMs": 1500})

    async def run() -> None:
        async with AsyncSipTransferClient(real_server.url, real_server.token) as client:
            answer = await client.transfer(**SEED)
            assert answer.status == TransferStatus.INITIATED
            ended = await client.wait_for_transfer(answer.transfer_id, timeout=10, interval=0.1)
            assert ended.status == TransferStatus.COMPLETED
            with pytest.raises(SipTransferError) as raised:
                await client.transfer(**seed(transfer_to="+19005551234"))
            assert raised.value.code == "DESTINATION_NOT_ALLOWED"
            assert raised.value.details == {"reason": "number_type"}

    asyncio.run(run())


def test_no_server_is_a_network_error() -> None:
    with SipTransferClient("http://127.0.0.1:9", retries=0) as client, pytest.raises(SipTransferError) as raised:
        client.get_transfer("tr_x")
    assert (raised.value.status, raised.value.code) == (0, "NETWORK_ERROR")


# Warm transfers: the stand-in's supervisor answers at once unless CreateSIPParticipant is scripted.
# Each test uses the warm caller (tests/serve.mjs), whose running warm transfers `warm_caller` cancels.
BUSY = {"fail": {"code": "permission_denied", "msg": "busy", "meta": {"sip_status_code": "486", "sip_status": "Busy Here"}}}


def test_a_warm_transfer_is_started_answered_and_completed(real_server: RealServer, warm_caller: str) -> None:
    before = len(real_server.dial_calls())
    with SipTransferClient(real_server.url, real_server.token) as client:
        started = client.warm_transfer(
            room_name="call-room-123", participant_identity=warm_caller, transfer_to="+1 (555) 987-6543", ringing_timeout=20, headers={"X-Case-Id": "4711"}
        )
        assert started.status is WarmTransferStatus.DIALING
        assert started.warm_transfer_id.startswith("wt_") and started.consult_identity == f"consult_{started.warm_transfer_id}"
        assert started.transfer_to == "tel:+15559876543"
        answered = client.wait_for_warm_transfer(started.warm_transfer_id, timeout=10, interval=0.05)
        assert answered.status is WarmTransferStatus.CONSULTING
        assert answered.answered_at is not None and answered.answered_at.tzinfo is not None
        assert answered.ended_at is None and answered.error is None and answered.agent_identity is None
        completed = client.complete_warm_transfer(started.warm_transfer_id)
        assert completed.status is WarmTransferStatus.COMPLETED and completed.ended_at is not None
        assert client.get_warm_transfer(started.warm_transfer_id) == completed
        assert client.wait_for_warm_transfer(started.warm_transfer_id, until="ended", timeout=0) == completed
        with pytest.raises(SipTransferError) as ended:
            client.cancel_warm_transfer(started.warm_transfer_id)
        assert (ended.value.status, ended.value.code, ended.value.details) == (409, "WARM_TRANSFER_ENDED", {"status": "completed"})
        page = client.list_warm_transfers(participant_identity=warm_caller, status=WarmTransferStatus.COMPLETED, limit=100)
        assert started.warm_transfer_id in [w.warm_transfer_id for w in page.warm_transfers]
    dials = real_server.dial_calls()[before:]
    assert len(dials) == 1
    assert dials[0]["body"]["sipCallTo"] == "+15559876543" and dials[0]["body"]["headers"] == {"X-Case-Id": "4711"}


def test_a_warm_transfer_cancelled_while_ringing_cannot_be_completed(real_server: RealServer, warm_caller: str) -> None:
    real_server.behave("CreateSIPParticipant", {"latencyMs": 3000})  # the supervisor's phone rings 3 s

    async def run() -> None:
        async with AsyncSipTransferClient(real_server.url, real_server.token) as client:
            started = await client.warm_transfer(
                room_name="call-room-123", participant_identity=warm_caller, transfer_to="2001", agent_identity="agent_warm"
            )
            with pytest.raises(SipTransferError) as ringing:
                await client.wait_for_warm_transfer(started.warm_transfer_id, timeout=0.3, interval=0.05)
            assert ringing.value.code == "TIMEOUT"
            assert ringing.value.message == f"Warm transfer {started.warm_transfer_id!r} was still dialing after 0.3 s"
            with pytest.raises(SipTransferError) as early:
                await client.complete_warm_transfer(started.warm_transfer_id)
            assert (early.value.status, early.value.code, early.value.details) == (409, "WARM_TRANSFER_NOT_CONSULTING", {"status": "dialing"})
            cancelled = await client.cancel_warm_transfer(started.warm_transfer_id)
            assert cancelled.status is WarmTransferStatus.CANCELLED and cancelled.agent_identity == "agent_warm"
            assert cancelled.answered_at is None and cancelled.error is None
            again = await client.cancel_warm_transfer(started.warm_transfer_id)  # safe to repeat
            assert again.status is WarmTransferStatus.CANCELLED
            page = await client.list_warm_transfers(room_name="call-room-123", status="cancelled", limit=100)
            assert started.warm_transfer_id in [w.warm_transfer_id for w in page.warm_transfers]

    asyncio.run(run())


def test_a_busy_supervisor_fails_the_warm_transfer_with_the_sip_status(real_server: RealServer, warm_caller: str) -> None:
    real_server.behave("CreateSIPParticipant", BUSY)
    with SipTransferClient(real_server.url, real_server.token) as client:
        started = client.warm_transfer(room_name="call-room-123", participant_identity=warm_caller, transfer_to="+15559876543")
        failed = client.wait_for_warm_transfer(started.warm_transfer_id, until="ended", timeout=10, interval=0.05)
    assert failed.status is WarmTransferStatus.FAILED
    assert isinstance(failed.error, WarmTransferError) and failed.error.reason is WarmTransferErrorReason.BUSY
    assert failed.error.sip_status_code == 486 and type(failed.error.sip_status_code) is int
    assert failed.error.sip_status == "Busy Here"


def test_a_warm_idempotency_key_replays_without_a_second_dial(real_server: RealServer, warm_caller: str) -> None:
    key = str(uuid.uuid4())
    before = len(real_server.dial_calls())
    with SipTransferClient(real_server.url, real_server.token) as client:
        first = client.warm_transfer(room_name="call-room-123", participant_identity=warm_caller, transfer_to="2001", idempotency_key=key)
        again = client.warm_transfer(room_name="call-room-123", participant_identity=warm_caller, transfer_to="2001", idempotency_key=key)
        assert again == first
        client.cancel_warm_transfer(first.warm_transfer_id)
    assert len(real_server.dial_calls()) == before + 1


def test_a_sip_uri_is_the_server_s_invalid_phone_number(real_server: RealServer, warm_caller: str) -> None:
    # Not refused before sending: whether transfer_to is a phone number is the server's to say (as for transfer).
    with SipTransferClient(real_server.url, real_server.token) as client, pytest.raises(SipTransferError) as raised:
        client.warm_transfer(room_name="call-room-123", participant_identity=warm_caller, transfer_to="sip:supervisor@pbx.example.com")
    assert (raised.value.status, raised.value.code) == (400, "INVALID_PHONE_NUMBER")


WARM_TRANSFER_REFUSALS: list[dict[str, Any]] = [
    {"room_name": " "},
    {"participant_identity": ""},
    {"transfer_to": "\t"},
    {"transfer_to": "1" * 257},
    {"ringing_timeout": 0},
    {"ringing_timeout": 61},
    {"agent_identity": ""},
    {"agent_identity": "  "},
    {"agent_identity": "a" * 257},
    {"headers": {"X-Case-Id": "v" * 257}},
    {"headers": {"case": "4711"}},
    {"idempotency_key": "k" * 256},
]
WARM_LIST_REFUSALS: list[dict[str, Any]] = [{"status": "initiated"}, {"status": "unknown"}, {"limit": 101}, {"cursor": ""}]


@pytest.mark.parametrize("change", WARM_TRANSFER_REFUSALS, ids=lambda v: str(v)[:40])
def test_a_warm_transfer_the_server_refuses_is_refused_before_it_is_sent(real_server: RealServer, warm_caller: str, change: dict[str, Any]) -> None:
    body: dict[str, Any] = {"room_name": "call-room-123", "participant_identity": warm_caller, "transfer_to": "2001", **change}
    key = body.pop("idempotency_key", None)
    headers = {"Authorization": f"Bearer {real_server.token}", **({"Idempotency-Key": key} if key is not None else {})}
    before = len(real_server.dial_calls())
    raw = httpx.post(f"{real_server.url}/sip/warm-transfers", json=body, headers=headers)
    assert raw.status_code == 400, raw.text
    with SipTransferClient(real_server.url, real_server.token) as client, pytest.raises(ValueError, match=next(iter(change))):
        client.warm_transfer(**{"room_name": "call-room-123", "participant_identity": warm_caller, "transfer_to": "2001", **change})
    assert len(real_server.dial_calls()) == before


@pytest.mark.parametrize("change", WARM_LIST_REFUSALS, ids=lambda v: str(v)[:40])
def test_a_warm_list_the_server_refuses_is_refused_before_it_is_sent(real_server: RealServer, change: dict[str, Any]) -> None:
    raw = httpx.get(f"{real_server.url}/sip/warm-transfers", params=change, headers={"Authorization": f"Bearer {real_server.token}"})
    assert raw.status_code == 400, raw.text
    with SipTransferClient(real_server.url, real_server.token) as client, pytest.raises(ValueError, match=next(iter(change))):
        client.list_warm_transfers(**change)


def test_a_warm_transfer_id_the_server_refuses_is_refused_and_an_unknown_one_is_not_found(real_server: RealServer) -> None:
    for path in ("", "/complete", "/cancel"):
        raw = httpx.request(
            "GET" if path == "" else "POST",
            f"{real_server.url}/sip/warm-transfers/{'w' * 65}{path}",
            headers={"Authorization": f"Bearer {real_server.token}"},
        )
        assert raw.status_code == 400, raw.text
    with SipTransferClient(real_server.url, real_server.token) as client:
        for operation in (client.get_warm_transfer, client.complete_warm_transfer, client.cancel_warm_transfer, client.wait_for_warm_transfer):
            with pytest.raises(ValueError, match="warm_transfer_id"):
                operation("w" * 65)
            with pytest.raises(SipTransferError) as unknown:
                operation("wt_AAAAAAAAAAAAAAAAAAAAAA")
            assert (unknown.value.status, unknown.value.code) == (404, "WARM_TRANSFER_NOT_FOUND")
