# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class WarmTransferResponseStatus(StrEnum):
    DIALING = "dialing"

    def __str__(self) -> str:
        return str(self.value)
