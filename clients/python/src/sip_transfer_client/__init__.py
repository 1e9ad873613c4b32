"""Python client for sip-transfer: transfer a SIP call in a LiveKit room and follow how it ended."""

from ._generated.models.error_code import ErrorCode
from ._generated.models.transfer import Transfer
from ._generated.models.transfer_list import TransferList
from ._generated.models.transfer_response import TransferResponse
from ._generated.models.transfer_status import TransferStatus
from .client import AsyncSipTransferClient, SipTransferClient
from .errors import SipTransferError

__all__ = [
    "AsyncSipTransferClient",
    "ErrorCode",
    "SipTransferClient",
    "SipTransferError",
    "Transfer",
    "TransferList",
    "TransferResponse",
    "TransferStatus",
]
