"""A user's program, written the way the README writes one. `mypy --strict` passes on it
(tests/test_typing.py runs it; the package's own mypy run covers it too), and `assert_type` pins
what each value is typed as, so a type that leaks (`Unset`) or lies (the answer's own status enum, a
`sip_status_code` that may be neither int nor None) fails the check. tests/test_typing.py also runs
it against the real server."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal

from typing_extensions import assert_type

from sip_transfer_client import (
    AsyncSipTransferClient,
    SipTransferClient,
    SipTransferError,
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
    verify_webhook,
)


def describe(record: Transfer) -> str:
    """How a transfer stands, in words: `completed`, `failed: 603 Decline`, `unknown: OUTCOME_UNKNOWN`."""
    assert_type(record.status, TransferStatus)
    assert_type(record.created_at, datetime.datetime)
    assert_type(record.ended_at, datetime.datetime | None)
    assert_type(record.error, TransferOutcomeError | None)
    assert_type(record.webhook, TransferWebhook | None)
    if record.webhook is not None and record.webhook.status == TransferWebhookStatus.FAILED:
        print("the webhook was not delivered after", record.webhook.attempts, "attempts")
    if record.error is None:
        return record.status.value
    assert_type(record.error.code, TransferOutcomeErrorCode)
    assert_type(record.error.sip_status_code, int | None)
    assert_type(record.error.sip_status, str | None)
    if record.error.sip_status_code is not None:
        return f"{record.status.value}: {record.error.sip_status_code} {record.error.sip_status or ''}".rstrip()
    return f"{record.status.value}: {record.error.code.value}"


def transfer_and_follow(client: SipTransferClient, room_name: str, participant_identity: str) -> str:
    try:
        answer = client.transfer(
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to="+15551234567",
            ringing_timeout=45,
            headers={"X-Case-Id": "4711"},
        )
    except SipTransferError as error:
        assert_type(error.details, dict[str, Any])
        return f"refused: {error.code}"
    assert_type(answer, TransferResponse)
    assert_type(answer.status, TransferStatus)
    if answer.status == TransferStatus.COMPLETED:
        return describe(client.get_transfer(answer.transfer_id))
    return describe(client.wait_for_transfer(answer.transfer_id, timeout=10, interval=0.1))


def failed_transfers(client: SipTransferClient) -> list[str]:
    page = client.list_transfers(status=TransferStatus.FAILED, limit=100)
    assert_type(page, TransferList)
    assert_type(page.transfers, list[Transfer])
    assert_type(page.next_cursor, str | None)
    described = [describe(record) for record in page.transfers]
    while page.next_cursor is not None:
        page = client.list_transfers(status="failed", limit=100, cursor=page.next_cursor)
        described += [describe(record) for record in page.transfers]
    return described


async def transfer_and_follow_async(client: AsyncSipTransferClient, room_name: str, participant_identity: str) -> str:
    answer = await client.transfer(room_name=room_name, participant_identity=participant_identity, transfer_to="+15551234567")
    assert_type(answer.status, TransferStatus)
    ended = await client.wait_for_transfer(answer.transfer_id, timeout=10, interval=0.1)
    if ended.status == TransferStatus.FAILED and ended.error is not None:
        return f"declined: {ended.error.sip_status_code}"
    return describe(ended)


def describe_warm(record: WarmTransfer) -> str:
    """How a warm transfer stands: `consulting`, `completed`, `failed: busy 486 Busy Here`, …"""
    assert_type(record.status, WarmTransferStatus)
    assert_type(record.consult_identity, str)
    assert_type(record.agent_identity, str | None)
    assert_type(record.answered_at, datetime.datetime | None)
    assert_type(record.ended_at, datetime.datetime | None)
    assert_type(record.error, WarmTransferError | None)
    if record.error is None:
        return record.status.value
    assert_type(record.error.code, WarmTransferErrorCode)
    assert_type(record.error.reason, WarmTransferErrorReason)
    assert_type(record.error.sip_status_code, int | None)
    assert_type(record.error.sip_status, str | None)
    sip = f" {record.error.sip_status_code} {record.error.sip_status or ''}".rstrip() if record.error.sip_status_code is not None else ""
    return f"{record.status.value}: {record.error.reason.value}{sip}"


def warm_transfer_and_follow(client: SipTransferClient, participant_identity: str, *, complete: bool) -> str:
    """Starts a warm transfer, waits for the supervisor, then completes it (or cancels it)."""
    started = client.warm_transfer(
        room_name="call-room-123",
        participant_identity=participant_identity,
        transfer_to="+15559876543",
        ringing_timeout=20,
        headers={"X-Case-Id": "4711"},
    )
    assert_type(started, WarmTransferResponse)
    assert_type(started.status, WarmTransferStatus)
    answered = client.wait_for_warm_transfer(started.warm_transfer_id, timeout=10, interval=0.1)
    assert_type(answered, WarmTransfer)
    if answered.status != WarmTransferStatus.CONSULTING:
        return describe_warm(answered)
    if complete:
        return describe_warm(client.complete_warm_transfer(started.warm_transfer_id))
    return describe_warm(client.cancel_warm_transfer(started.warm_transfer_id))


async def warm_transfers_async(client: AsyncSipTransferClient, participant_identity: str) -> list[str]:
    page = await client.list_warm_transfers(participant_identity=participant_identity, status=WarmTransferStatus.COMPLETED, limit=100)
    assert_type(page, WarmTransferList)
    assert_type(page.warm_transfers, list[WarmTransfer])
    assert_type(page.next_cursor, str | None)
    ended = [await client.wait_for_warm_transfer(record.warm_transfer_id, until="ended", timeout=1) for record in page.warm_transfers]
    return [describe_warm(record) for record in ended]


def on_webhook(body: bytes, headers: Mapping[str, str], secret: str) -> str:
    event = verify_webhook(body, headers, secret)
    assert_type(
        event,
        TransferCompletedEvent
        | TransferFailedEvent
        | TransferUnknownEvent
        | WarmTransferCompletedEvent
        | WarmTransferCancelledEvent
        | WarmTransferFailedEvent,
    )
    assert_type(event.timestamp, datetime.datetime)
    if isinstance(event, (WarmTransferCompletedEvent, WarmTransferCancelledEvent, WarmTransferFailedEvent)):
        assert_type(event.data, WarmTransfer)
        if event.type_ == "warm_transfer.failed":
            assert_type(event, WarmTransferFailedEvent)
        return f"{event.type_} {describe_warm(event.data)}"
    assert_type(event.data, Transfer)
    if isinstance(event, TransferFailedEvent):
        assert_type(event.type_, Literal["transfer.failed"])
    if event.type_ == "transfer.unknown":
        assert_type(event, TransferUnknownEvent)
    return f"{event.type_} {describe(event.data)}"
