"""Python client for sip-transfer: transfer a SIP call in a LiveKit room and follow how it ended."""

from ._generated.models.error_code import ErrorCode
from .client import AsyncSipTransferClient, SipTransferClient
from .errors import SipTransferError
from .models import (
    Transfer,
    TransferCompletedEvent,
    TransferEvent,
    TransferFailedEvent,
    TransferList,
    TransferOutcomeError,
    TransferOutcomeErrorCode,
    TransferResponse,
    TransferStatus,
    TransferUnknownEvent,
    TransferWebhook,
    TransferWebhookStatus,
)
from .webhooks import WebhookVerificationError, verify_webhook

__all__ = [
    "AsyncSipTransferClient",
    "ErrorCode",
    "SipTransferClient",
    "SipTransferError",
    "Transfer",
    "TransferCompletedEvent",
    "TransferEvent",
    "TransferFailedEvent",
    "TransferList",
    "TransferOutcomeError",
    "TransferOutcomeErrorCode",
    "TransferResponse",
    "TransferStatus",
    "TransferUnknownEvent",
    "TransferWebhook",
    "TransferWebhookStatus",
    "WebhookVerificationError",
    "verify_webhook",
]
