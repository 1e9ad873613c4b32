# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
"""A client library for accessing sip-transfer"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
