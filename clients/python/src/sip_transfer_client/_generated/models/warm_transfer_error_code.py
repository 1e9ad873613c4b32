# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class WarmTransferErrorCode(StrEnum):
    WARM_TRANSFER_FAILED = "WARM_TRANSFER_FAILED"

    def __str__(self) -> str:
        return str(self.value)
