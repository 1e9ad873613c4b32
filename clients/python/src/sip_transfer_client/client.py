from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar, cast

import httpx
from typing_extensions import Self

from ._generated.api.sip import get_transfer, list_transfers, transfer_sip_participant
from ._generated.client import AuthenticatedClient, Client
from ._generated.models.error import Error
from ._generated.models.transfer import Transfer
from ._generated.models.transfer_list import TransferList
from ._generated.models.transfer_request import TransferRequest
from ._generated.models.transfer_request_headers import TransferRequestHeaders
from ._generated.models.transfer_response import TransferResponse
from ._generated.models.transfer_status import TransferStatus
from ._generated.types import UNSET, Response, Unset
from .errors import SipTransferError

T = TypeVar("T")

# Answers that are safe to retry with the same Idempotency-Key: nothing was sent to LiveKit, or the
# first request is still being answered.
_RETRYABLE = {"NETWORK_ERROR", "IDEMPOTENCY_KEY_IN_USE", "STORE_UNAVAILABLE", "LIVEKIT_UNAVAILABLE"}


def _unset(value: T | None) -> T | Unset:
    return UNSET if value is None else value


def _request(
    room_name: str,
    participant_identity: str,
    transfer_to: str,
    ringing_timeout: int | None,
    play_dialtone: bool | None,
    headers: dict[str, str] | None,
) -> TransferRequest:
    sip_headers: TransferRequestHeaders | Unset = UNSET
    if headers is not None:
        sip_headers = TransferRequestHeaders()
        sip_headers.additional_properties = dict(headers)
    return TransferRequest(
        room_name=room_name,
        participant_identity=participant_identity,
        transfer_to=transfer_to,
        ringing_timeout=_unset(ringing_timeout),
        play_dialtone=_unset(play_dialtone),
        headers=sip_headers,
    )


def _result(response: Response[Any], expected: type[T]) -> T:
    """The typed body of a success, or the SipTransferError of anything else."""
    request_id = response.headers.get("x-request-id")
    if isinstance(response.parsed, expected) and 200 <= response.status_code < 300:
        return response.parsed
    retry_after: float | None = None
    try:
        retry_after = float(str(response.headers["retry-after"]))
    except (KeyError, ValueError):
        retry_after = None
    if isinstance(response.parsed, Error):
        details = response.parsed.details.to_dict() if not isinstance(response.parsed.details, Unset) else None
        raise SipTransferError(
            status=response.status_code,
            code=str(response.parsed.code),
            message=response.parsed.error,
            details=details,
            request_id=request_id,
            retry_after_seconds=retry_after,
        )
    raise SipTransferError(
        status=response.status_code,
        code="UNEXPECTED_RESPONSE",
        message=f"HTTP {response.status_code} without the documented body",
        request_id=request_id,
        retry_after_seconds=retry_after,
    )


def _network_error(cause: Exception) -> SipTransferError:
    if isinstance(cause, (ValueError, KeyError, TypeError)):
        return SipTransferError(status=0, code="UNEXPECTED_RESPONSE", message=f"The answer could not be read: {cause}")
    return SipTransferError(status=0, code="NETWORK_ERROR", message=f"Could not reach the sip-transfer service: {cause}")


def _retry_delay(error: SipTransferError, attempt: int) -> float:
    if error.retry_after_seconds is not None:
        return min(error.retry_after_seconds, 5.0)
    return 0.2 * (2.0**attempt)


def _may_retry(error: SipTransferError, key: str | None, attempt: int, retries: int) -> bool:
    # Without a key, a request that may have arrived is never sent again (a second REFER).
    safe = key is not None or error.status != 0
    return error.code in _RETRYABLE and safe and attempt < retries


def _status(status: str | TransferStatus | None) -> TransferStatus | Unset:
    return UNSET if status is None else TransferStatus(status)


class SipTransferClient:
    """The sip-transfer API, blocking. Use it as a context manager, or call :meth:`close`.

    ``transfer`` sends a fresh Idempotency-Key per call (or yours) and retries with it what is safe
    to retry (``retries`` times), so a retry never sends a second REFER.
    """

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 30.0, retries: int = 2) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = Client(base_url=base_url.rstrip("/"), headers=headers, timeout=httpx.Timeout(timeout))
        # The generated calls of operations that take a token are typed for AuthenticatedClient; this
        # client sends the token itself (or none, for a server without tokens), so it serves for both.
        self._authenticated = cast(AuthenticatedClient, self._client)
        self._retries = max(0, retries)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.get_httpx_client().close()

    def _call(self, send: Callable[[], Response[Any]], expected: type[T]) -> T:
        try:
            response = send()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as cause:
            raise _network_error(cause) from cause
        return _result(response, expected)

    def transfer(
        self,
        *,
        room_name: str,
        participant_identity: str,
        transfer_to: str,
        idempotency_key: str | None = None,
        ringing_timeout: int | None = None,
        play_dialtone: bool | None = None,
        headers: dict[str, str] | None = None,
        use_idempotency_key: bool = True,
    ) -> TransferResponse:
        """Transfers the call; returns the 200 body (``transfer_id``, ``status``, …)."""
        body = _request(room_name, participant_identity, transfer_to, ringing_timeout, play_dialtone, headers)
        key = idempotency_key or (str(uuid.uuid4()) if use_idempotency_key else None)
        attempt = 0
        while True:
            try:
                return self._call(
                    lambda: transfer_sip_participant.sync_detailed(client=self._authenticated, body=body, idempotency_key=_unset(key)),
                    TransferResponse,
                )
            except SipTransferError as error:
                if not _may_retry(error, key, attempt, self._retries):
                    raise
                time.sleep(_retry_delay(error, attempt))
                attempt += 1

    def get_transfer(self, transfer_id: str) -> Transfer:
        """One transfer's record; ``TRANSFER_NOT_FOUND`` for an unknown or another tenant's id."""
        return self._call(lambda: get_transfer.sync_detailed(transfer_id, client=self._authenticated), Transfer)

    def list_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | TransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> TransferList:
        """The caller's transfers, newest first; pass ``next_cursor`` back as ``cursor``."""
        return self._call(
            lambda: list_transfers.sync_detailed(
                client=self._authenticated,
                room_name=_unset(room_name),
                participant_identity=_unset(participant_identity),
                status=_status(status),
                limit=limit,
                cursor=_unset(cursor),
            ),
            TransferList,
        )

    def wait_for_transfer(self, transfer_id: str, *, timeout: float = 60.0, interval: float = 0.25, max_interval: float = 5.0) -> Transfer:
        """Polls the record with backoff until it is no longer ``initiated``; ``TIMEOUT`` after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while True:
            record = self.get_transfer(transfer_id)
            if record.status != TransferStatus.INITIATED:
                return record
            left = deadline - time.monotonic()
            if left <= 0:
                raise SipTransferError(status=0, code="TIMEOUT", message=f"Transfer {transfer_id!r} was still initiated after {timeout} s")
            time.sleep(min(interval, left))
            interval = min(interval * 2, max_interval)


class AsyncSipTransferClient:
    """The sip-transfer API for asyncio (LiveKit Agents): ``async with AsyncSipTransferClient(...) as client``."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 30.0, retries: int = 2) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = Client(base_url=base_url.rstrip("/"), headers=headers, timeout=httpx.Timeout(timeout))
        # The generated calls of operations that take a token are typed for AuthenticatedClient; this
        # client sends the token itself (or none, for a server without tokens), so it serves for both.
        self._authenticated = cast(AuthenticatedClient, self._client)
        self._retries = max(0, retries)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.get_async_httpx_client().aclose()

    async def _call(self, send: Callable[[], Awaitable[Response[Any]]], expected: type[T]) -> T:
        try:
            response = await send()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as cause:
            raise _network_error(cause) from cause
        return _result(response, expected)

    async def transfer(
        self,
        *,
        room_name: str,
        participant_identity: str,
        transfer_to: str,
        idempotency_key: str | None = None,
        ringing_timeout: int | None = None,
        play_dialtone: bool | None = None,
        headers: dict[str, str] | None = None,
        use_idempotency_key: bool = True,
    ) -> TransferResponse:
        body = _request(room_name, participant_identity, transfer_to, ringing_timeout, play_dialtone, headers)
        key = idempotency_key or (str(uuid.uuid4()) if use_idempotency_key else None)
        attempt = 0
        while True:
            try:
                return await self._call(
                    lambda: transfer_sip_participant.asyncio_detailed(client=self._authenticated, body=body, idempotency_key=_unset(key)),
                    TransferResponse,
                )
            except SipTransferError as error:
                if not _may_retry(error, key, attempt, self._retries):
                    raise
                await asyncio.sleep(_retry_delay(error, attempt))
                attempt += 1

    async def get_transfer(self, transfer_id: str) -> Transfer:
        return await self._call(lambda: get_transfer.asyncio_detailed(transfer_id, client=self._authenticated), Transfer)

    async def list_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | TransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> TransferList:
        return await self._call(
            lambda: list_transfers.asyncio_detailed(
                client=self._authenticated,
                room_name=_unset(room_name),
                participant_identity=_unset(participant_identity),
                status=_status(status),
                limit=limit,
                cursor=_unset(cursor),
            ),
            TransferList,
        )

    async def wait_for_transfer(self, transfer_id: str, *, timeout: float = 60.0, interval: float = 0.25, max_interval: float = 5.0) -> Transfer:
        deadline = time.monotonic() + timeout
        while True:
            record = await self.get_transfer(transfer_id)
            if record.status != TransferStatus.INITIATED:
                return record
            left = deadline - time.monotonic()
            if left <= 0:
                raise SipTransferError(status=0, code="TIMEOUT", message=f"Transfer {transfer_id!r} was still initiated after {timeout} s")
            await asyncio.sleep(min(interval, left))
            interval = min(interval * 2, max_interval)
