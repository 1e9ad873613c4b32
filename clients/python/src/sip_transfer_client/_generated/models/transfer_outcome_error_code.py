# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class TransferOutcomeErrorCode(StrEnum):
    CALL_NOT_ACTIVE = "CALL_NOT_ACTIVE"
    OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN"
    TRANSFER_FAILED = "TRANSFER_FAILED"
    TRANSFER_IN_PROGRESS = "TRANSFER_IN_PROGRESS"

    def __str__(self) -> str:
        return str(self.value)
