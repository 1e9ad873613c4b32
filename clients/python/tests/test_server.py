"""The client against the real server (and the LiveKit stand-in): what a LiveKit Agents developer does."""

from __future__ import annotations

import asyncio
import uuid
from typing import TypedDict

import pytest

from sip_transfer_client import (
    AsyncSipTransferClient,
    SipTransferClient,
    SipTransferError,
    TransferStatus,
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
        assert answer.status.value == "completed"
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
        assert error.details["sip_status_code"] == 603 and error.details["sip_status"] == "Decline"
        record = client.get_transfer(error.details["transfer_id"])
        assert record.status == TransferStatus.FAILED


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
            assert answer.status.value == "initiated"
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
