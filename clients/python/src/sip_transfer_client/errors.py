from __future__ import annotations

from typing import Any


class SipTransferError(Exception):
    """Every failure of the client: an error answer of the service, or no usable answer at all.

    ``status`` is the HTTP status (0 when no answer arrived), ``code`` the service's code
    (``TRANSFER_FAILED``, ``ROOM_NOT_FOUND``, …) or the client's own ``NETWORK_ERROR``,
    ``UNEXPECTED_RESPONSE`` or ``TIMEOUT``; ``details`` the error's details (``sip_status_code``,
    ``transfer_id``, ``reason``, …); ``request_id`` the answer's X-Request-Id.
    """

    def __init__(
        self,
        *,
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None = None,
        request_id: str | None = None,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details: dict[str, Any] = details or {}
        self.request_id = request_id
        self.retry_after_seconds = retry_after_seconds

    def __repr__(self) -> str:
        return f"SipTransferError(status={self.status}, code={self.code!r}, message={self.message!r}, details={self.details!r})"
