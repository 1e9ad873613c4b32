# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .error_code import ErrorCode
from .error_details import ErrorDetails
from .error_details_reason import ErrorDetailsReason
from .health_response import HealthResponse
from .health_response_status import HealthResponseStatus
from .open_api_document import OpenApiDocument
from .open_api_document_info import OpenApiDocumentInfo
from .readiness_checks import ReadinessChecks
from .readiness_checks_livekit import ReadinessChecksLivekit
from .readiness_checks_store import ReadinessChecksStore
from .ready_response import ReadyResponse
from .ready_response_status import ReadyResponseStatus
from .request_issue import RequestIssue
from .transfer import Transfer
from .transfer_completed_event import TransferCompletedEvent
from .transfer_failed_event import TransferFailedEvent
from .transfer_list import TransferList
from .transfer_outcome_error import TransferOutcomeError
from .transfer_outcome_error_code import TransferOutcomeErrorCode
from .transfer_request import TransferRequest
from .transfer_request_headers import TransferRequestHeaders
from .transfer_response import TransferResponse
from .transfer_response_status import TransferResponseStatus
from .transfer_status import TransferStatus
from .transfer_unknown_event import TransferUnknownEvent
from .transfer_webhook import TransferWebhook
from .transfer_webhook_status import TransferWebhookStatus
from .warm_transfer import WarmTransfer
from .warm_transfer_cancelled_event import WarmTransferCancelledEvent
from .warm_transfer_completed_event import WarmTransferCompletedEvent
from .warm_transfer_error import WarmTransferError
from .warm_transfer_error_code import WarmTransferErrorCode
from .warm_transfer_error_reason import WarmTransferErrorReason
from .warm_transfer_failed_event import WarmTransferFailedEvent
from .warm_transfer_list import WarmTransferList
from .warm_transfer_request import WarmTransferRequest
from .warm_transfer_request_headers import WarmTransferRequestHeaders
from .warm_transfer_response import WarmTransferResponse
from .warm_transfer_response_status import WarmTransferResponseStatus
from .warm_transfer_status import WarmTransferStatus

__all__ = (
    "Error",
    "ErrorCode",
    "ErrorDetails",
    "ErrorDetailsReason",
    "HealthResponse",
    "HealthResponseStatus",
    "OpenApiDocument",
    "OpenApiDocumentInfo",
    "ReadinessChecks",
    "ReadinessChecksLivekit",
    "ReadinessChecksStore",
    "ReadyResponse",
    "ReadyResponseStatus",
    "RequestIssue",
    "Transfer",
    "TransferCompletedEvent",
    "TransferFailedEvent",
    "TransferList",
    "TransferOutcomeError",
    "TransferOutcomeErrorCode",
    "TransferRequest",
    "TransferRequestHeaders",
    "TransferResponse",
    "TransferResponseStatus",
    "TransferStatus",
    "TransferUnknownEvent",
    "TransferWebhook",
    "TransferWebhookStatus",
    "WarmTransfer",
    "WarmTransferCancelledEvent",
    "WarmTransferCompletedEvent",
    "WarmTransferError",
    "WarmTransferErrorCode",
    "WarmTransferErrorReason",
    "WarmTransferFailedEvent",
    "WarmTransferList",
    "WarmTransferRequest",
    "WarmTransferRequestHeaders",
    "WarmTransferResponse",
    "WarmTransferResponseStatus",
    "WarmTransferStatus",
)
