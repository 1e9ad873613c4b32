# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from .._compat import StrEnum


class ErrorDetailsReason(StrEnum):
    COUNTRY = "country"
    EXTENSION = "extension"
    NUMBER_TYPE = "number_type"
    SIP_DOMAIN = "sip_domain"
    UNCLASSIFIED = "unclassified"

    def __str__(self) -> str:
        return str(self.value)
