# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
"""What the generated code needs from Python 3.11, for 3.10 (written by scripts/generate.py)."""

from enum import Enum


class StrEnum(str, Enum):
    """enum.StrEnum (Python 3.11+): members are their string values."""

    def __str__(self) -> str:
        return str(self.value)
