"""Checking sip-transfer's webhooks (Standard Webhooks signatures) and reading their typed events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError

from .models import (
    SipTransferEvent,
    TransferCompletedEvent,
    TransferEvent,
    TransferFailedEvent,
    TransferUnknownEvent,
    WarmTransferCancelledEvent,
    WarmTransferCompletedEvent,
    WarmTransferEvent,
    WarmTransferFailedEvent,
)

_EVENTS: dict[str, type[SipTransferEvent]] = {
    "transfer.completed": TransferCompletedEvent,
    "transfer.failed": TransferFailedEvent,
    "transfer.unknown": TransferUnknownEvent,
    "warm_transfer.completed": WarmTransferCompletedEvent,
    "warm_transfer.cancelled": WarmTransferCancelledEvent,
    "warm_transfer.failed": WarmTransferFailedEvent,
}


def verify_webhook(
    raw_body: bytes | str, headers: Mapping[str, str], secret: str
) -> SipTransferEvent:
    """Checks a sip-transfer webhook and returns its event.

    `raw_body` is the body exactly as received (`await request.body()`, `request.get_data()`): a
    re-serialised JSON body does not verify. `headers` are the request's headers (any mapping;
    names in any case). `secret` is the `whsec_…` secret configured for you.

    Raises `WebhookVerificationError` when `secret` is not a webhook secret, a `webhook-*` header is
    missing, the signature does not
    match, the timestamp is more than 5 minutes from now (a replay), or the body is not a
    sip-transfer event. A transfer's event (`transfer.completed`, `.failed`, `.unknown`) has the
    transfer's record as `get_transfer` returns it as its `data` (`data.error` is `None` for a
    completed transfer); a warm transfer's (`warm_transfer.completed`, `.cancelled`, `.failed`) the
    record as `get_warm_transfer` returns it. Tell them apart by `isinstance` or `event.type_`
    before reading `data`. Delivery is at least once: deduplicate on the `webhook-id` header.
    """
    try:
        webhook = Webhook(secret)
    except Exception as error:  # standardwebhooks' own errors for an empty or non-base64 secret
        # A configuration mistake, but one a receiver must refuse the delivery over like any other.
        raise WebhookVerificationError(
            f"The webhook secret is not a Standard Webhooks secret (whsec_ and base64): {error}"
        ) from error
    payload: Any = webhook.verify(raw_body, {str(k): str(v) for k, v in headers.items()})
    event_type = payload.get("type") if isinstance(payload, dict) else None
    model = _EVENTS.get(event_type) if isinstance(event_type, str) else None
    if model is None:
        raise WebhookVerificationError("The body is not a sip-transfer event")
    try:
        return model.from_dict(payload)
    except ValueError as error:
        raise WebhookVerificationError(
            f"The body is not a sip-transfer event: {error}"
        ) from error


__all__ = ["SipTransferEvent", "TransferEvent", "WarmTransferEvent", "WebhookVerificationError", "verify_webhook"]
