# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class WarmTransferStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    CONSULTING = "consulting"
    DIALING = "dialing"
    FAILED = "failed"

    def __str__(self) -> str:
        return str(self.value)
