"""Webhooks the real (Node) server signs, checked by the Python client's verify_webhook."""

from __future__ import annotations

import json
import time

import pytest

from sip_transfer_client import (
    SipTransferClient,
    SipTransferError,
    TransferCompletedEvent,
    TransferFailedEvent,
    TransferOutcomeError,
    TransferWebhook,
    TransferWebhookStatus,
    WarmTransferCancelledEvent,
    WarmTransferCompletedEvent,
    WarmTransferErrorReason,
    WarmTransferFailedEvent,
    WarmTransferStatus,
    WebhookVerificationError,
    verify_webhook,
)

from .conftest import RealServer, ReceivedWebhook, WebhookReceiver


def test_a_transfer_s_webhook_verifies_and_reads_as_a_typed_event(
    real_server: RealServer, webhook_receiver: WebhookReceiver
) -> None:
    before = len(webhook_receiver.received)
    with SipTransferClient(real_server.url, real_server.token) as client:
        answer = client.transfer(
            room_name="call-room-123",
            participant_identity="sip_participant_456",
            transfer_to="+15551234567",
        )
        received = webhook_receiver.wait_for(before + 1)[before]
        event = verify_webhook(
            received.body, received.headers, real_server.webhook_secret
        )
        assert isinstance(event, TransferCompletedEvent)
        assert event.type_ == "transfer.completed"
        assert event.data.transfer_id == answer.transfer_id
        assert event.data.transfer_to == "tel:+15551234567"
        # The record as it ended, read like get_transfer's: no error, and no webhook (never in `data`).
        assert event.data.error is None and event.data.webhook is None
        assert event.data.ended_at is not None and event.data.ended_at.tzinfo is not None
        assert received.headers[
            "webhook-id"
        ] == "msg_" + answer.transfer_id.removeprefix("tr_")
        deadline = time.monotonic() + 5
        while True:
            webhook = client.get_transfer(answer.transfer_id).webhook
            assert isinstance(webhook, TransferWebhook)
            if webhook.status == TransferWebhookStatus.DELIVERED:
                break
            assert time.monotonic() < deadline, (
                f"webhook not recorded delivered: {webhook}"
            )
            time.sleep(0.05)
        assert webhook.attempts == 1


def test_a_failed_transfer_s_webhook_carries_the_sip_status(
    real_server: RealServer, webhook_receiver: WebhookReceiver
) -> None:
    real_server.behave(
        "TransferSIPParticipant",
        {
            "fail": {
                "code": "permission_denied",
                "msg": "declined",
                "meta": {"sip_status_code": "486", "sip_status": "Busy Here"},
            }
        },
    )
    before = len(webhook_receiver.received)
    with (
        SipTransferClient(real_server.url, real_server.token) as client,
        pytest.raises(SipTransferError),
    ):
        client.transfer(
            room_name="call-room-123",
            participant_identity="sip_participant_789",
            transfer_to="+15551234567",
        )
    received = webhook_receiver.wait_for(before + 1)[before]
    event = verify_webhook(received.body, received.headers, real_server.webhook_secret)
    assert isinstance(event, TransferFailedEvent)
    assert isinstance(event.data.error, TransferOutcomeError)
    assert event.data.error.sip_status_code == 486
    assert type(event.data.error.sip_status_code) is int and event.data.error.sip_status == "Busy Here"


def test_refuses_a_wrong_secret_a_changed_body_and_a_foreign_event(
    real_server: RealServer, webhook_receiver: WebhookReceiver
) -> None:
    before = len(webhook_receiver.received)
    with SipTransferClient(real_server.url, real_server.token) as client:
        client.transfer(
            room_name="call-room-123",
            participant_identity="sip_participant_456",
            transfer_to="+15551234567",
        )
    received = webhook_receiver.wait_for(before + 1)[before]
    with pytest.raises(WebhookVerificationError):
        verify_webhook(
            received.body,
            received.headers,
            "whsec_" + "b3RoZXItc2VjcmV0LW9mLTMyLWJ5dGVzLTAxMjM0NTY3",
        )
    with pytest.raises(WebhookVerificationError):
        verify_webhook(
            received.body.replace(b"completed", b"failed"),
            received.headers,
            real_server.webhook_secret,
        )
    with pytest.raises(WebhookVerificationError):
        verify_webhook(
            received.body,
            {
                k: v
                for k, v in received.headers.items()
                if k.lower() != "webhook-signature"
            },
            real_server.webhook_secret,
        )


def warm_webhook(receiver: WebhookReceiver, warm_transfer_id: str, before: int) -> ReceivedWebhook:
    """The webhook of that warm transfer, among those received since `before` (another test's may come too)."""
    deadline = time.monotonic() + 10
    while True:
        for received in receiver.received[before:]:
            if json.loads(received.body)["data"].get("warm_transfer_id") == warm_transfer_id:
                return received
        assert time.monotonic() < deadline, f"no webhook of {warm_transfer_id}"
        time.sleep(0.02)


def test_a_warm_transfer_s_webhooks_verify_and_read_as_typed_events(
    real_server: RealServer, webhook_receiver: WebhookReceiver, warm_caller: str
) -> None:
    before = len(webhook_receiver.received)
    with SipTransferClient(real_server.url, real_server.token) as client:

        def start() -> str:
            started = client.warm_transfer(room_name="call-room-123", participant_identity=warm_caller, transfer_to="+15559876543")
            return started.warm_transfer_id

        completed = start()
        client.wait_for_warm_transfer(completed, timeout=10, interval=0.05)
        record = client.complete_warm_transfer(completed)
        received = warm_webhook(webhook_receiver, completed, before)
        event = verify_webhook(received.body, received.headers, real_server.webhook_secret)
        assert isinstance(event, WarmTransferCompletedEvent)
        assert event.type_ == "warm_transfer.completed"
        # The record as it ended, read like get_warm_transfer's.
        assert event.data == record and event.data.status is WarmTransferStatus.COMPLETED
        assert event.timestamp == record.ended_at
        assert received.headers["webhook-id"] == "msg_" + completed

        cancelled = start()
        client.cancel_warm_transfer(cancelled)
        received = warm_webhook(webhook_receiver, cancelled, before)
        assert isinstance(verify_webhook(received.body, received.headers, real_server.webhook_secret), WarmTransferCancelledEvent)

        real_server.behave(
            "CreateSIPParticipant",
            {"fail": {"code": "permission_denied", "msg": "busy", "meta": {"sip_status_code": "486", "sip_status": "Busy Here"}}},
        )
        received = warm_webhook(webhook_receiver, start(), before)
    event = verify_webhook(received.body, received.headers, real_server.webhook_secret)
    assert isinstance(event, WarmTransferFailedEvent)
    assert event.data.error is not None and event.data.error.reason is WarmTransferErrorReason.BUSY
    assert event.data.error.sip_status_code == 486 and type(event.data.error.sip_status_code) is int
    with pytest.raises(WebhookVerificationError):
        verify_webhook(received.body.replace(b"busy", b"declined"), received.headers, real_server.webhook_secret)


@pytest.mark.parametrize("secret", ["", "whsec_", "whsec_%%%not-base64"])
def test_a_secret_that_is_not_a_webhook_secret_is_a_verification_error(secret: str) -> None:
    # The README's receiver answers 400 for WebhookVerificationError; anything else would be a 500.
    headers = {"webhook-id": "msg_1", "webhook-timestamp": "1", "webhook-signature": "v1,x"}
    with pytest.raises(WebhookVerificationError, match="webhook secret"):
        verify_webhook(b"{}", headers, secret)
