"""Python client for sip-transfer: transfer a SIP call in a LiveKit room and follow how it ended."""

from ._generated.models.error_code import ErrorCode
from ._generated.models.transfer import Transfer
from ._generated.models.transfer_completed_event import TransferCompletedEvent
from ._generated.models.transfer_failed_event import TransferFailedEvent
from ._generated.models.transfer_list import TransferList
from ._generated.models.transfer_outcome_error import TransferOutcomeError
from ._generated.models.transfer_response import TransferResponse
from ._generated.models.transfer_status import TransferStatus
from ._generated.models.transfer_unknown_event import TransferUnknownEvent
from ._generated.models.transfer_webhook import TransferWebhook
from ._generated.models.transfer_webhook_status import TransferWebhookStatus
from .client import AsyncSipTransferClient, SipTransferClient
from .errors import SipTransferError
from .webhooks import TransferEvent, WebhookVerificationError, verify_webhook

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
    "TransferResponse",
    "TransferStatus",
    "TransferUnknownEvent",
    "TransferWebhook",
    "TransferWebhookStatus",
    "WebhookVerificationError",
    "verify_webhook",
]
