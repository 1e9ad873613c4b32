from __future__ import annotations

import asyncio
import math
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, TypedDict, TypeVar, cast

import httpx
from typing_extensions import Self

from ._generated.api.sip import get_transfer, list_transfers, transfer_sip_participant
from ._generated.client import AuthenticatedClient, Client
from ._generated.models.error import Error
from ._generated.models.transfer import Transfer as _WireTransfer
from ._generated.models.transfer_list import TransferList as _WireTransferList
from ._generated.models.transfer_request import TransferRequest
from ._generated.models.transfer_request_headers import TransferRequestHeaders
from ._generated.models.transfer_response import (
    TransferResponse as _WireTransferResponse,
)
from ._generated.types import UNSET, Response, Unset
from .errors import SipTransferError
from .models import Transfer, TransferList, TransferResponse, TransferStatus, _unset

T = TypeVar("T")
W = TypeVar("W")

# Answers that are safe to retry with the same Idempotency-Key: nothing was sent to LiveKit, or the
# first request is still being answered.
_RETRYABLE = {"NETWORK_ERROR", "IDEMPOTENCY_KEY_IN_USE", "STORE_UNAVAILABLE", "LIVEKIT_UNAVAILABLE"}


# Arguments are held to spec/openapi.yaml's constraints before anything is sent: a value the API would
# refuse is the caller's ValueError (TypeError for a value of the wrong type), naming the argument,
# not an answer of the server or a SipTransferError blaming it.

# ECMAScript's \s (the spec's patterns are ECMAScript's): a value of only these fails `pattern: '\S'`.
_SPACE = frozenset("\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")
_HEADER_NAME = re.compile(r"X-[A-Za-z0-9-]{1,64}")
_HEADER_VALUE = re.compile(r"[\x20-\x7E]{0,256}")
_IDEMPOTENCY_KEY = re.compile(r'[\x20\x21\x23-\x7E][\x20-\x7E]{0,254}|"[\x20-\x7E]{1,255}"')
_STATUSES = tuple(status.value for status in TransferStatus)


def _shown(value: object) -> str:
    """The value as a message quotes it: its repr, cut at 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _text(name: str, value: object, *, max_length: int, blank_allowed: bool = True) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {_shown(value)}")
    if value == "":
        raise ValueError(f"{name} must not be empty")
    if not blank_allowed and all(c in _SPACE for c in value):
        raise ValueError(f"{name} must not be blank, got {_shown(value)}")
    if len(value) > max_length:
        raise ValueError(f"{name} must be at most {max_length} characters, got {len(value)}")
    return value


def _optional_text(name: str, value: object, *, max_length: int) -> str | Unset:
    return UNSET if value is None else _text(name, value, max_length=max_length)


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {_shown(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {_shown(value)}")
    return value


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {_shown(value)}")
    return value


def _seconds(name: str, value: object, *, zero_allowed: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {_shown(value)}")
    if math.isnan(value) or value < 0 or (value == 0 and not zero_allowed):
        least = "0 or more" if zero_allowed else "more than 0"
        raise ValueError(f"{name} must be a number of seconds, {least}, got {_shown(value)}")
    return float(value)


def _status(value: object) -> TransferStatus | Unset:
    if value is None:
        return UNSET
    if not isinstance(value, str):
        raise TypeError(f"status must be a TransferStatus or its str, got {_shown(value)}")
    # A TransferStatus is its string value, so both spellings pass.
    if value in _STATUSES:
        return TransferStatus(value)
    raise ValueError(f"status must be one of {', '.join(_STATUSES)} (or a TransferStatus), got {_shown(value)}")


def _sip_headers(value: object) -> TransferRequestHeaders | Unset:
    if value is None:
        return UNSET
    if not isinstance(value, Mapping):
        raise TypeError(f"headers must be a mapping of header names to values, got {_shown(value)}")
    if len(value) > 16:
        raise ValueError(f"headers may hold at most 16 headers, got {len(value)}")
    for name, text in value.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise TypeError(f"headers must map a str to a str, got {_shown(name)}: {_shown(text)}")
        if not _HEADER_NAME.fullmatch(name):
            raise ValueError(f"headers: {_shown(name)} is not a header LiveKit may add (X- and 1 to 64 letters, digits or -)")
        if not _HEADER_VALUE.fullmatch(text):
            raise ValueError(f"headers[{name!r}] must be at most 256 printable ASCII characters, got {_shown(text)}")
    sip_headers = TransferRequestHeaders()
    sip_headers.additional_properties = dict(value)
    return sip_headers


def _idempotency_key(value: object, use: object) -> str | None:
    if value is None:
        return str(uuid.uuid4()) if _flag("use_idempotency_key", use) else None
    if not isinstance(value, str):
        raise TypeError(f"idempotency_key must be a str, got {_shown(value)}")
    if not _IDEMPOTENCY_KEY.fullmatch(value):
        raise ValueError(
            f"idempotency_key must be 1 to 255 printable ASCII characters (not starting with a double quote unless quoted whole), got {_shown(value)}"
        )
    return value


def _transfer_arguments(
    room_name: object,
    participant_identity: object,
    transfer_to: object,
    idempotency_key: object,
    ringing_timeout: object,
    play_dialtone: object,
    headers: object,
    use_idempotency_key: object,
) -> tuple[TransferRequest, str | None]:
    """The body and Idempotency-Key of POST /sip/transfer (spec: TransferRequest, IdempotencyKey)."""
    body = TransferRequest(
        room_name=_text("room_name", room_name, max_length=256, blank_allowed=False),
        participant_identity=_text("participant_identity", participant_identity, max_length=256, blank_allowed=False),
        transfer_to=_text("transfer_to", transfer_to, max_length=256, blank_allowed=False),
        ringing_timeout=UNSET if ringing_timeout is None else _whole("ringing_timeout", ringing_timeout, 1, 600),
        play_dialtone=UNSET if play_dialtone is None else _flag("play_dialtone", play_dialtone),
        headers=_sip_headers(headers),
    )
    return body, _idempotency_key(idempotency_key, use_idempotency_key)


class _ListQuery(TypedDict):
    room_name: str | Unset
    participant_identity: str | Unset
    status: TransferStatus | Unset
    limit: int
    cursor: str | Unset


def _list_arguments(room_name: object, participant_identity: object, status: object, limit: object, cursor: object) -> _ListQuery:
    """The query of GET /sip/transfers (spec: its parameters)."""
    return _ListQuery(
        room_name=_optional_text("room_name", room_name, max_length=256),
        participant_identity=_optional_text("participant_identity", participant_identity, max_length=256),
        status=_status(status),
        limit=_whole("limit", limit, 1, 100),
        cursor=_optional_text("cursor", cursor, max_length=512),
    )


def _transfer_id(value: object) -> str:
    """The path parameter of GET /sip/transfers/{transfer_id}."""
    return _text("transfer_id", value, max_length=64)


def _wait_arguments(transfer_id: object, timeout: object, interval: object, max_interval: object) -> tuple[str, float, float, float]:
    return (
        _transfer_id(transfer_id),
        _seconds("timeout", timeout, zero_allowed=True),
        _seconds("interval", interval, zero_allowed=False),
        _seconds("max_interval", max_interval, zero_allowed=False),
    )


def _result(response: Response[Any], wire: type[W], convert: Callable[[W], T]) -> T:
    """The typed body of a success, or the SipTransferError of anything else."""
    request_id = response.headers.get("x-request-id")
    # A plain int: the generated HTTPStatus prints as `HTTPStatus.NOT_FOUND` on Python 3.10.
    status = int(response.status_code)
    if isinstance(response.parsed, wire) and 200 <= status < 300:
        try:
            return convert(response.parsed)
        except (TypeError, ValueError) as cause:
            raise SipTransferError(
                status=status,
                code="UNEXPECTED_RESPONSE",
                message=f"The answer could not be read: {cause}",
                request_id=request_id,
            ) from cause
    retry_after: float | None = None
    try:
        retry_after = float(str(response.headers["retry-after"]))
    except (KeyError, ValueError):
        retry_after = None
    if isinstance(response.parsed, Error):
        details = response.parsed.details.to_dict() if not isinstance(response.parsed.details, Unset) else None
        raise SipTransferError(
            status=status,
            code=str(response.parsed.code),
            message=response.parsed.error,
            details=details,
            request_id=request_id,
            retry_after_seconds=retry_after,
        )
    raise SipTransferError(
        status=status,
        code="UNEXPECTED_RESPONSE",
        message=f"HTTP {status} without the documented body",
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


def _still_initiated(transfer_id: str, timeout: float) -> SipTransferError:
    return SipTransferError(status=0, code="TIMEOUT", message=f"Transfer {transfer_id!r} was still initiated after {timeout} s")


class SipTransferClient:
    """The sip-transfer API, blocking. Use it as a context manager, or call :meth:`close`.

    ``transfer`` sends a fresh Idempotency-Key per call (or yours) and retries with it what is safe
    to retry (``retries`` times), so a retry never sends a second REFER. An argument the API would
    refuse raises ``ValueError`` (naming it) before anything is sent.
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

    def _call(self, send: Callable[[], Response[Any]], wire: type[W], convert: Callable[[W], T]) -> T:
        try:
            response = send()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as cause:
            raise _network_error(cause) from cause
        return _result(response, wire, convert)

    def transfer(
        self,
        *,
        room_name: str,
        participant_identity: str,
        transfer_to: str,
        idempotency_key: str | None = None,
        ringing_timeout: int | None = None,
        play_dialtone: bool | None = None,
        headers: Mapping[str, str] | None = None,
        use_idempotency_key: bool = True,
    ) -> TransferResponse:
        """Transfers the call; returns the 200 body (``transfer_id``, ``status``, …).

        ``ValueError`` before sending for an empty or blank ``room_name``, ``participant_identity``
        or ``transfer_to`` (or one over 256 characters), a ``ringing_timeout`` outside 1–600, more
        than 16 ``headers`` or one not ``X-…``, or an ``idempotency_key`` the API would refuse.
        """
        body, key = _transfer_arguments(
            room_name, participant_identity, transfer_to, idempotency_key, ringing_timeout, play_dialtone, headers, use_idempotency_key
        )
        attempt = 0
        while True:
            try:
                return self._call(
                    lambda: transfer_sip_participant.sync_detailed(client=self._authenticated, body=body, idempotency_key=_unset(key)),
                    _WireTransferResponse,
                    TransferResponse._from_wire,
                )
            except SipTransferError as error:
                if not _may_retry(error, key, attempt, self._retries):
                    raise
                time.sleep(_retry_delay(error, attempt))
                attempt += 1

    def get_transfer(self, transfer_id: str) -> Transfer:
        """One transfer's record; ``TRANSFER_NOT_FOUND`` for an unknown or another tenant's id."""
        transfer_id = _transfer_id(transfer_id)
        return self._call(lambda: get_transfer.sync_detailed(transfer_id, client=self._authenticated), _WireTransfer, Transfer._from_wire)

    def list_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | TransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> TransferList:
        """The caller's transfers, newest first; pass ``next_cursor`` back as ``cursor``.

        ``ValueError`` before sending for a ``status`` that is not one of ``initiated``,
        ``completed``, ``failed``, ``unknown``, a ``limit`` outside 1–100, or an empty filter.
        """
        query = _list_arguments(room_name, participant_identity, status, limit, cursor)
        return self._call(
            lambda: list_transfers.sync_detailed(client=self._authenticated, **query), _WireTransferList, TransferList._from_wire
        )

    def wait_for_transfer(self, transfer_id: str, *, timeout: float = 60.0, interval: float = 0.25, max_interval: float = 5.0) -> Transfer:
        """Polls the record with backoff until it is no longer ``initiated``; ``TIMEOUT`` after ``timeout`` s."""
        transfer_id, timeout, interval, max_interval = _wait_arguments(transfer_id, timeout, interval, max_interval)
        deadline = time.monotonic() + timeout
        while True:
            record = self.get_transfer(transfer_id)
            if record.status != TransferStatus.INITIATED:
                return record
            left = deadline - time.monotonic()
            if left <= 0:
                raise _still_initiated(transfer_id, timeout)
            time.sleep(min(interval, left))
            interval = min(interval * 2, max_interval)


class AsyncSipTransferClient:
    """The sip-transfer API for asyncio (LiveKit Agents): ``async with AsyncSipTransferClient(...) as client``.

    The same methods as :class:`SipTransferClient`, with the same ``ValueError`` for a wrong argument.
    """

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

    async def _call(self, send: Callable[[], Awaitable[Response[Any]]], wire: type[W], convert: Callable[[W], T]) -> T:
        try:
            response = await send()
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as cause:
            raise _network_error(cause) from cause
        return _result(response, wire, convert)

    async def transfer(
        self,
        *,
        room_name: str,
        participant_identity: str,
        transfer_to: str,
        idempotency_key: str | None = None,
        ringing_timeout: int | None = None,
        play_dialtone: bool | None = None,
        headers: Mapping[str, str] | None = None,
        use_idempotency_key: bool = True,
    ) -> TransferResponse:
        body, key = _transfer_arguments(
            room_name, participant_identity, transfer_to, idempotency_key, ringing_timeout, play_dialtone, headers, use_idempotency_key
        )
        attempt = 0
        while True:
            try:
                return await self._call(
                    lambda: transfer_sip_participant.asyncio_detailed(client=self._authenticated, body=body, idempotency_key=_unset(key)),
                    _WireTransferResponse,
                    TransferResponse._from_wire,
                )
            except SipTransferError as error:
                if not _may_retry(error, key, attempt, self._retries):
                    raise
                await asyncio.sleep(_retry_delay(error, attempt))
                attempt += 1

    async def get_transfer(self, transfer_id: str) -> Transfer:
        transfer_id = _transfer_id(transfer_id)
        return await self._call(
            lambda: get_transfer.asyncio_detailed(transfer_id, client=self._authenticated), _WireTransfer, Transfer._from_wire
        )

    async def list_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | TransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> TransferList:
        query = _list_arguments(room_name, participant_identity, status, limit, cursor)
        return await self._call(
            lambda: list_transfers.asyncio_detailed(client=self._authenticated, **query), _WireTransferList, TransferList._from_wire
        )

    async def wait_for_transfer(self, transfer_id: str, *, timeout: float = 60.0, interval: float = 0.25, max_interval: float = 5.0) -> Transfer:
        transfer_id, timeout, interval, max_interval = _wait_arguments(transfer_id, timeout, interval, max_interval)
        deadline = time.monotonic() + timeout
        while True:
            record = await self.get_transfer(transfer_id)
            if record.status != TransferStatus.INITIATED:
                return record
            left = deadline - time.monotonic()
            if left <= 0:
                raise _still_initiated(transfer_id, timeout)
            await asyncio.sleep(min(interval, left))
            interval = min(interval * 2, max_interval)
