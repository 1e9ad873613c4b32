from __future__ import annotations

import asyncio
import math
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Any, Generic, Literal, Protocol, TypeVar, cast

import httpx
from typing_extensions import Self, TypedDict

from ._generated.api.sip import (
    cancel_warm_transfer,
    complete_warm_transfer,
    get_transfer,
    get_warm_transfer,
    list_transfers,
    list_warm_transfers,
    start_warm_transfer,
    transfer_sip_participant,
)
from ._generated.client import AuthenticatedClient, Client
from ._generated.models.error import Error
from ._generated.models.transfer import Transfer as _WireTransfer
from ._generated.models.transfer_list import TransferList as _WireTransferList
from ._generated.models.transfer_request import TransferRequest
from ._generated.models.transfer_request_headers import TransferRequestHeaders
from ._generated.models.transfer_response import (
    TransferResponse as _WireTransferResponse,
)
from ._generated.models.warm_transfer import WarmTransfer as _WireWarmTransfer
from ._generated.models.warm_transfer_list import (
    WarmTransferList as _WireWarmTransferList,
)
from ._generated.models.warm_transfer_request import WarmTransferRequest
from ._generated.models.warm_transfer_request_headers import (
    WarmTransferRequestHeaders,
)
from ._generated.models.warm_transfer_response import (
    WarmTransferResponse as _WireWarmTransferResponse,
)
from ._generated.types import UNSET, Response, Unset
from .errors import SipTransferError
from .models import (
    Transfer,
    TransferList,
    TransferResponse,
    TransferStatus,
    WarmTransfer,
    WarmTransferList,
    WarmTransferResponse,
    WarmTransferStatus,
    _unset,
)

T = TypeVar("T")
W = TypeVar("W")
# A list's status filter, and a request's SIP headers: the cold transfer's or the warm one's.
S = TypeVar("S", TransferStatus, WarmTransferStatus)
H = TypeVar("H", TransferRequestHeaders, WarmTransferRequestHeaders)

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


def _optional_text(name: str, value: object, *, max_length: int, blank_allowed: bool = True) -> str | Unset:
    return UNSET if value is None else _text(name, value, max_length=max_length, blank_allowed=blank_allowed)


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {_shown(value)}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {_shown(value)}")
    return value


def _optional_whole(name: str, value: object, low: int, high: int) -> int | Unset:
    return UNSET if value is None else _whole(name, value, low, high)


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


def _status(value: object, statuses: type[S]) -> S | Unset:
    if value is None:
        return UNSET
    kind = statuses.__name__
    if not isinstance(value, str):
        raise TypeError(f"status must be a {kind} or its str, got {_shown(value)}")
    # A status enum member is its string value, so both spellings pass.
    names = tuple(status.value for status in statuses)
    if value in names:
        return statuses(value)
    raise ValueError(f"status must be one of {', '.join(names)} (or a {kind}), got {_shown(value)}")


def _sip_headers(value: object, model: type[H]) -> H | Unset:
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
    return model.from_dict(value)


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


class _Call(TypedDict):
    room_name: str
    participant_identity: str
    transfer_to: str


def _call_arguments(room_name: object, participant_identity: object, transfer_to: object) -> _Call:
    """Whose call and where to: the fields TransferRequest and WarmTransferRequest share."""
    return _Call(
        room_name=_text("room_name", room_name, max_length=256, blank_allowed=False),
        participant_identity=_text("participant_identity", participant_identity, max_length=256, blank_allowed=False),
        transfer_to=_text("transfer_to", transfer_to, max_length=256, blank_allowed=False),
    )


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
        **_call_arguments(room_name, participant_identity, transfer_to),
        ringing_timeout=_optional_whole("ringing_timeout", ringing_timeout, 1, 600),
        play_dialtone=UNSET if play_dialtone is None else _flag("play_dialtone", play_dialtone),
        headers=_sip_headers(headers, TransferRequestHeaders),
    )
    return body, _idempotency_key(idempotency_key, use_idempotency_key)


def _warm_transfer_arguments(
    room_name: object,
    participant_identity: object,
    transfer_to: object,
    agent_identity: object,
    ringing_timeout: object,
    headers: object,
    idempotency_key: object,
    use_idempotency_key: object,
) -> tuple[WarmTransferRequest, str | None]:
    """The body and Idempotency-Key of POST /sip/warm-transfers (spec: WarmTransferRequest, IdempotencyKey)."""
    body = WarmTransferRequest(
        **_call_arguments(room_name, participant_identity, transfer_to),
        agent_identity=_optional_text("agent_identity", agent_identity, max_length=256, blank_allowed=False),
        ringing_timeout=_optional_whole("ringing_timeout", ringing_timeout, 1, 60),
        headers=_sip_headers(headers, WarmTransferRequestHeaders),
    )
    return body, _idempotency_key(idempotency_key, use_idempotency_key)


class _ListQuery(TypedDict, Generic[S]):
    room_name: str | Unset
    participant_identity: str | Unset
    status: S | Unset
    limit: int
    cursor: str | Unset


def _list_arguments(
    room_name: object, participant_identity: object, status: object, limit: object, cursor: object, statuses: type[S]
) -> _ListQuery[S]:
    """The query of GET /sip/transfers and GET /sip/warm-transfers (spec: their parameters)."""
    return _ListQuery(
        room_name=_optional_text("room_name", room_name, max_length=256),
        participant_identity=_optional_text("participant_identity", participant_identity, max_length=256),
        status=_status(status, statuses),
        limit=_whole("limit", limit, 1, 100),
        cursor=_optional_text("cursor", cursor, max_length=512),
    )


def _id(name: str, value: object) -> str:
    """A path parameter: `transfer_id` or `warm_transfer_id` (1 to 64 characters)."""
    return _text(name, value, max_length=64)


class _Poll:
    """When to poll a record again: after `interval` s, doubling up to `max_interval` s, until
    `timeout` s from now have passed."""

    def __init__(self, timeout: object, interval: object, max_interval: object) -> None:
        self.timeout = _seconds("timeout", timeout, zero_allowed=True)
        self.interval = _seconds("interval", interval, zero_allowed=False)
        self.max_interval = _seconds("max_interval", max_interval, zero_allowed=False)
        self.deadline = time.monotonic() + self.timeout

    def pause(self, still: str) -> float:
        """The pause before the next poll; ``TIMEOUT`` (``still`` says what the record still was) once the time is up."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise SipTransferError(status=0, code="TIMEOUT", message=f"{still} after {self.timeout} s")
        pause = min(self.interval, left)
        self.interval = min(self.interval * 2, self.max_interval)
        return pause


def _transfer_wait(transfer_id: object, timeout: object, interval: object, max_interval: object) -> tuple[str, _Poll, Callable[[Transfer], bool], Callable[[Transfer], str]]:
    """What wait_for_transfer polls, how, until when, and what its TIMEOUT says."""
    transfer_id = _id("transfer_id", transfer_id)
    return (
        transfer_id,
        _Poll(timeout, interval, max_interval),
        lambda record: record.status != TransferStatus.INITIATED,
        lambda record: f"Transfer {transfer_id!r} was still initiated",
    )


# wait_for_warm_transfer's `until`: the supervisor answered (or the dial failed), or it ended.
_WARM_ENDED = frozenset({WarmTransferStatus.COMPLETED, WarmTransferStatus.CANCELLED, WarmTransferStatus.FAILED})
_UNTIL: dict[str, Callable[[WarmTransfer], bool]] = {
    "answered": lambda record: record.status != WarmTransferStatus.DIALING,
    "ended": lambda record: record.status in _WARM_ENDED,
}


def _warm_transfer_wait(
    warm_transfer_id: object, until: object, timeout: object, interval: object, max_interval: object
) -> tuple[str, _Poll, Callable[[WarmTransfer], bool], Callable[[WarmTransfer], str]]:
    """What wait_for_warm_transfer polls, how, until when, and what its TIMEOUT says."""
    warm_transfer_id = _id("warm_transfer_id", warm_transfer_id)
    if not isinstance(until, str):
        raise TypeError(f"until must be 'answered' or 'ended', got {_shown(until)}")
    if until not in _UNTIL:
        raise ValueError(f"until must be 'answered' or 'ended', got {_shown(until)}")
    return (
        warm_transfer_id,
        _Poll(timeout, interval, max_interval),
        _UNTIL[until],
        lambda record: f"Warm transfer {warm_transfer_id!r} was still {record.status.value}",
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
    # Without a key, a request that may have arrived is never sent again (a second REFER or dial).
    safe = key is not None or error.status != 0
    return error.code in _RETRYABLE and safe and attempt < retries


class _SendById(Protocol):
    """A generated call of an operation whose only parameter is the id in its path."""

    def __call__(self, id: str, /, *, client: AuthenticatedClient) -> Response[Any]: ...


class _AsyncSendById(Protocol):
    def __call__(self, id: str, /, *, client: AuthenticatedClient) -> Awaitable[Response[Any]]: ...


class _Connection:
    """What both clients hold: the generated client, with the token, and how often to retry."""

    def __init__(self, base_url: str, token: str | None = None, *, timeout: float = 30.0, retries: int = 2) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = Client(base_url=base_url.rstrip("/"), headers=headers, timeout=httpx.Timeout(timeout))
        # The generated calls of operations that take a token are typed for AuthenticatedClient; this
        # client sends the token itself (or none, for a server without tokens), so it serves for both.
        self._authenticated = cast(AuthenticatedClient, self._client)
        self._retries = max(0, retries)


class SipTransferClient(_Connection):
    """The sip-transfer API, blocking. Use it as a context manager, or call :meth:`close`.

    ``transfer`` and ``warm_transfer`` send a fresh Idempotency-Key per call (or yours) and retry
    with it what is safe to retry (``retries`` times), so a retry never sends a second REFER or
    dials twice. An argument the API would refuse raises ``ValueError`` (naming it) before anything
    is sent.
    """

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

    def _start(self, send: Callable[[str | Unset], Response[Any]], key: str | None, wire: type[W], convert: Callable[[W], T]) -> T:
        """A POST that starts something, sent with its Idempotency-Key (``send`` takes it) and retried with it."""
        attempt = 0
        while True:
            try:
                return self._call(lambda: send(_unset(key)), wire, convert)
            except SipTransferError as error:
                if not _may_retry(error, key, attempt, self._retries):
                    raise
                time.sleep(_retry_delay(error, attempt))
                attempt += 1

    def _by_id(self, send: _SendById, name: str, value: str, wire: type[W], convert: Callable[[W], T]) -> T:
        """An operation on one record, named by its id (``name``) in the path."""
        record_id = _id(name, value)
        return self._call(lambda: send(record_id, client=self._authenticated), wire, convert)

    def _poll(self, get: Callable[[str], T], record_id: str, poll: _Poll, done: Callable[[T], bool], still: Callable[[T], str]) -> T:
        """Reads the record until it is ``done``, pausing as ``poll`` says."""
        while True:
            record = get(record_id)
            if done(record):
                return record
            time.sleep(poll.pause(still(record)))

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
        return self._start(
            lambda sent_key: transfer_sip_participant.sync_detailed(client=self._authenticated, body=body, idempotency_key=sent_key),
            key,
            _WireTransferResponse,
            TransferResponse._from_wire,
        )

    def get_transfer(self, transfer_id: str) -> Transfer:
        """One transfer's record; ``TRANSFER_NOT_FOUND`` for an unknown or another tenant's id."""
        return self._by_id(get_transfer.sync_detailed, "transfer_id", transfer_id, _WireTransfer, Transfer._from_wire)

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
        query = _list_arguments(room_name, participant_identity, status, limit, cursor, TransferStatus)
        return self._call(
            lambda: list_transfers.sync_detailed(client=self._authenticated, **query), _WireTransferList, TransferList._from_wire
        )

    def wait_for_transfer(self, transfer_id: str, *, timeout: float = 60.0, interval: float = 0.25, max_interval: float = 5.0) -> Transfer:
        """Polls the record with backoff until it is no longer ``initiated``; ``TIMEOUT`` after ``timeout`` s."""
        return self._poll(self.get_transfer, *_transfer_wait(transfer_id, timeout, interval, max_interval))

    def warm_transfer(
        self,
        *,
        room_name: str,
        participant_identity: str,
        transfer_to: str,
        agent_identity: str | None = None,
        ringing_timeout: int | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        use_idempotency_key: bool = True,
    ) -> WarmTransferResponse:
        """Starts a warm (attended) transfer: the caller is put on hold and ``transfer_to`` (a phone
        number or extension, dialled through the outbound trunk) is dialled into their room. Returns
        the 201 body (``warm_transfer_id``, ``status`` ``dialing``, ``consult_identity``, …); retried
        like ``transfer``, with one Idempotency-Key, so a retry never dials twice.

        ``agent_identity`` is removed from the room when the warm transfer completes. ``ValueError``
        before sending as for ``transfer``, and for a ``ringing_timeout`` outside 1–60 or an empty
        or blank ``agent_identity``.
        """
        body, key = _warm_transfer_arguments(
            room_name, participant_identity, transfer_to, agent_identity, ringing_timeout, headers, idempotency_key, use_idempotency_key
        )
        return self._start(
            lambda sent_key: start_warm_transfer.sync_detailed(client=self._authenticated, body=body, idempotency_key=sent_key),
            key,
            _WireWarmTransferResponse,
            WarmTransferResponse._from_wire,
        )

    def complete_warm_transfer(self, warm_transfer_id: str) -> WarmTransfer:
        """Connects the caller and the supervisor (the agent named by ``agent_identity`` leaves);
        only while ``consulting``, else ``WARM_TRANSFER_NOT_CONSULTING`` (``details["status"]``)."""
        return self._by_id(complete_warm_transfer.sync_detailed, "warm_transfer_id", warm_transfer_id, _WireWarmTransfer, WarmTransfer._from_wire)

    def cancel_warm_transfer(self, warm_transfer_id: str) -> WarmTransfer:
        """Ends the supervisor's leg and takes the caller off hold; safe to repeat. ``WARM_TRANSFER_ENDED``
        (``details["status"]``) when it already completed or failed."""
        return self._by_id(cancel_warm_transfer.sync_detailed, "warm_transfer_id", warm_transfer_id, _WireWarmTransfer, WarmTransfer._from_wire)

    def get_warm_transfer(self, warm_transfer_id: str) -> WarmTransfer:
        """One warm transfer's record; ``WARM_TRANSFER_NOT_FOUND`` for an unknown or another tenant's id."""
        return self._by_id(get_warm_transfer.sync_detailed, "warm_transfer_id", warm_transfer_id, _WireWarmTransfer, WarmTransfer._from_wire)

    def list_warm_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | WarmTransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> WarmTransferList:
        """The caller's warm transfers, newest first; pass ``next_cursor`` back as ``cursor``.

        ``ValueError`` before sending for a ``status`` that is not one of ``dialing``,
        ``consulting``, ``completed``, ``cancelled``, ``failed``, a ``limit`` outside 1–100, or an
        empty filter.
        """
        query = _list_arguments(room_name, participant_identity, status, limit, cursor, WarmTransferStatus)
        return self._call(
            lambda: list_warm_transfers.sync_detailed(client=self._authenticated, **query),
            _WireWarmTransferList,
            WarmTransferList._from_wire,
        )

    def wait_for_warm_transfer(
        self,
        warm_transfer_id: str,
        *,
        until: Literal["answered", "ended"] = "answered",
        timeout: float = 60.0,
        interval: float = 0.25,
        max_interval: float = 5.0,
    ) -> WarmTransfer:
        """Polls the record with backoff until the supervisor answered or the dial failed
        (``until="answered"``: no longer ``dialing``), or until it ended (``until="ended"``:
        ``completed``, ``cancelled`` or ``failed``); ``TIMEOUT`` after ``timeout`` s."""
        return self._poll(self.get_warm_transfer, *_warm_transfer_wait(warm_transfer_id, until, timeout, interval, max_interval))


class AsyncSipTransferClient(_Connection):
    """The sip-transfer API for asyncio (LiveKit Agents): ``async with AsyncSipTransferClient(...) as client``.

    The same methods as :class:`SipTransferClient`, with the same ``ValueError`` for a wrong argument.
    """

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

    async def _start(
        self, send: Callable[[str | Unset], Awaitable[Response[Any]]], key: str | None, wire: type[W], convert: Callable[[W], T]
    ) -> T:
        attempt = 0
        while True:
            try:
                return await self._call(lambda: send(_unset(key)), wire, convert)
            except SipTransferError as error:
                if not _may_retry(error, key, attempt, self._retries):
                    raise
                await asyncio.sleep(_retry_delay(error, attempt))
                attempt += 1

    async def _by_id(self, send: _AsyncSendById, name: str, value: str, wire: type[W], convert: Callable[[W], T]) -> T:
        record_id = _id(name, value)
        return await self._call(lambda: send(record_id, client=self._authenticated), wire, convert)

    async def _poll(
        self, get: Callable[[str], Awaitable[T]], record_id: str, poll: _Poll, done: Callable[[T], bool], still: Callable[[T], str]
    ) -> T:
        while True:
            record = await get(record_id)
            if done(record):
                return record
            await asyncio.sleep(poll.pause(still(record)))

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
        return await self._start(
            lambda sent_key: transfer_sip_participant.asyncio_detailed(client=self._authenticated, body=body, idempotency_key=sent_key),
            key,
            _WireTransferResponse,
            TransferResponse._from_wire,
        )

    async def get_transfer(self, transfer_id: str) -> Transfer:
        return await self._by_id(get_transfer.asyncio_detailed, "transfer_id", transfer_id, _WireTransfer, Transfer._from_wire)

    async def list_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | TransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> TransferList:
        query = _list_arguments(room_name, participant_identity, status, limit, cursor, TransferStatus)
        return await self._call(
            lambda: list_transfers.asyncio_detailed(client=self._authenticated, **query), _WireTransferList, TransferList._from_wire
        )

    async def wait_for_transfer(self, transfer_id: str, *, timeout: float = 60.0, interval: float = 0.25, max_interval: float = 5.0) -> Transfer:
        return await self._poll(self.get_transfer, *_transfer_wait(transfer_id, timeout, interval, max_interval))

    async def warm_transfer(
        self,
        *,
        room_name: str,
        participant_identity: str,
        transfer_to: str,
        agent_identity: str | None = None,
        ringing_timeout: int | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        use_idempotency_key: bool = True,
    ) -> WarmTransferResponse:
        body, key = _warm_transfer_arguments(
            room_name, participant_identity, transfer_to, agent_identity, ringing_timeout, headers, idempotency_key, use_idempotency_key
        )
        return await self._start(
            lambda sent_key: start_warm_transfer.asyncio_detailed(client=self._authenticated, body=body, idempotency_key=sent_key),
            key,
            _WireWarmTransferResponse,
            WarmTransferResponse._from_wire,
        )

    async def complete_warm_transfer(self, warm_transfer_id: str) -> WarmTransfer:
        return await self._by_id(
            complete_warm_transfer.asyncio_detailed, "warm_transfer_id", warm_transfer_id, _WireWarmTransfer, WarmTransfer._from_wire
        )

    async def cancel_warm_transfer(self, warm_transfer_id: str) -> WarmTransfer:
        return await self._by_id(
            cancel_warm_transfer.asyncio_detailed, "warm_transfer_id", warm_transfer_id, _WireWarmTransfer, WarmTransfer._from_wire
        )

    async def get_warm_transfer(self, warm_transfer_id: str) -> WarmTransfer:
        return await self._by_id(get_warm_transfer.asyncio_detailed, "warm_transfer_id", warm_transfer_id, _WireWarmTransfer, WarmTransfer._from_wire)

    async def list_warm_transfers(
        self,
        *,
        room_name: str | None = None,
        participant_identity: str | None = None,
        status: str | WarmTransferStatus | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> WarmTransferList:
        query = _list_arguments(room_name, participant_identity, status, limit, cursor, WarmTransferStatus)
        return await self._call(
            lambda: list_warm_transfers.asyncio_detailed(client=self._authenticated, **query),
            _WireWarmTransferList,
            WarmTransferList._from_wire,
        )

    async def wait_for_warm_transfer(
        self,
        warm_transfer_id: str,
        *,
        until: Literal["answered", "ended"] = "answered",
        timeout: float = 60.0,
        interval: float = 0.25,
        max_interval: float = 5.0,
    ) -> WarmTransfer:
        return await self._poll(self.get_warm_transfer, *_warm_transfer_wait(warm_transfer_id, until, timeout, interval, max_interval))
