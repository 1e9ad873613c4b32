# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class ReadinessChecksLivekit(StrEnum):
    DOWN = "down"
    NOT_CONFIGURED = "not_configured"
    OK = "ok"

    def __str__(self) -> str:
        return str(self.value)
