# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class ReadinessChecksStore(StrEnum):
    DOWN = "down"
    OK = "ok"

    def __str__(self) -> str:
        return str(self.value)
