# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class WarmTransferErrorReason(StrEnum):
    BUSY = "busy"
    CALLER_LEFT = "caller_left"
    DECLINED = "declined"
    EXPIRED = "expired"
    HOLD_FAILED = "hold_failed"
    NO_ANSWER = "no_answer"
    SUPERVISOR_LEFT = "supervisor_left"
    TRUNK_FAILURE = "trunk_failure"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
