"""The records the client hands out, typed as they are read.

The generated models (``_generated``) mirror the wire: a field the JSON leaves out is ``UNSET`` (an
object that is neither ``None`` nor the value), and the 200 of ``POST /sip/transfer`` has a status
enum of its own. These frozen dataclasses are what users get instead:

- a field the JSON leaves out is ``None`` (``record.error is None`` for a record without an error);
- times are timezone-aware ``datetime``s;
- one ``TransferStatus`` serves the transfer's answer and its record
  (``answer.status == TransferStatus.COMPLETED`` type-checks), and one ``WarmTransferStatus`` a warm
  transfer's;
- the values are checked while they are read: a record whose ``sip_status_code`` is not an integer
  is refused (``ValueError``; from the client, ``SipTransferError`` ``UNEXPECTED_RESPONSE``), not
  handed out typed ``int``.

``from_dict`` reads the wire JSON (``ValueError`` when it is not that shape) and ``to_dict`` writes
it. The conversion from and to the generated models is here and nowhere else.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, Protocol, TypedDict, TypeVar

from typing_extensions import Self

from ._generated.models.transfer import Transfer as _WireTransfer
from ._generated.models.transfer_completed_event import (
    TransferCompletedEvent as _WireCompletedEvent,
)
from ._generated.models.transfer_failed_event import (
    TransferFailedEvent as _WireFailedEvent,
)
from ._generated.models.transfer_list import TransferList as _WireTransferList
from ._generated.models.transfer_outcome_error import (
    TransferOutcomeError as _WireOutcomeError,
)
from ._generated.models.transfer_outcome_error_code import TransferOutcomeErrorCode
from ._generated.models.transfer_response import (
    TransferResponse as _WireTransferResponse,
)
from ._generated.models.transfer_response_status import (
    TransferResponseStatus as _WireResponseStatus,
)
from ._generated.models.transfer_status import TransferStatus
from ._generated.models.transfer_unknown_event import (
    TransferUnknownEvent as _WireUnknownEvent,
)
from ._generated.models.transfer_webhook import TransferWebhook as _WireWebhook
from ._generated.models.transfer_webhook_status import TransferWebhookStatus
from ._generated.models.warm_transfer import WarmTransfer as _WireWarmTransfer
from ._generated.models.warm_transfer_cancelled_event import (
    WarmTransferCancelledEvent as _WireWarmCancelledEvent,
)
from ._generated.models.warm_transfer_completed_event import (
    WarmTransferCompletedEvent as _WireWarmCompletedEvent,
)
from ._generated.models.warm_transfer_error import (
    WarmTransferError as _WireWarmTransferError,
)
from ._generated.models.warm_transfer_error_code import WarmTransferErrorCode
from ._generated.models.warm_transfer_error_reason import WarmTransferErrorReason
from ._generated.models.warm_transfer_failed_event import (
    WarmTransferFailedEvent as _WireWarmFailedEvent,
)
from ._generated.models.warm_transfer_list import (
    WarmTransferList as _WireWarmTransferList,
)
from ._generated.models.warm_transfer_response import (
    WarmTransferResponse as _WireWarmTransferResponse,
)
from ._generated.models.warm_transfer_response_status import (
    WarmTransferResponseStatus as _WireWarmResponseStatus,
)
from ._generated.models.warm_transfer_status import WarmTransferStatus
from ._generated.types import UNSET, Unset

T = TypeVar("T")
W = TypeVar("W")


def _present(value: T | Unset) -> T | None:
    return None if isinstance(value, Unset) else value


def _unset(value: T | None) -> T | Unset:
    return UNSET if value is None else value


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    return value


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    return value


def _optional(value: object, read: Callable[[object, str], T], name: str) -> T | None:
    return None if value is None or isinstance(value, Unset) else read(value, name)


def _moment(value: object, name: str) -> datetime.datetime:
    # RFC 3339 times carry their offset; one without would be a datetime that lies about when.
    if not isinstance(value, datetime.datetime) or value.utcoffset() is None:
        raise TypeError(f"{name} must be an RFC 3339 time with its offset, got {value!r}")
    return value


def _of(value: object, enum: type[T], name: str) -> T:
    if not isinstance(value, enum):
        raise TypeError(f"{name} must be a {enum.__name__}, got {value!r}")
    return value


def _object(value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def _read(what: str, src_dict: Mapping[str, Any], parse: Callable[[Mapping[str, Any]], W], convert: Callable[[W], T]) -> T:
    """The generated model's reading of the JSON, then ours; any misfit is one ValueError."""
    try:
        return convert(parse(_object(src_dict)))
    except KeyError as error:
        raise ValueError(f"Not a {what}: {error.args[0]!r} is missing") from error
    except (TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"Not a {what}: {error}") from error


class _WireModel(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class _Wired:
    """``from_dict`` and ``to_dict`` of every model here: the JSON is read by the generated model
    ``_wire`` (each model names its own), then by the model's ``_from_wire``; it is written by
    ``_to_wire`` and the generated model's ``to_dict``."""

    _wire: ClassVar[Any]

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        return _read(cls.__name__, src_dict, cls._wire.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return self._to_wire().to_dict()

    @classmethod
    def _from_wire(cls, wire: Any) -> Self:
        raise NotImplementedError

    def _to_wire(self) -> _WireModel:
        raise NotImplementedError


class _HasCall(Protocol):
    @property
    def room_name(self) -> object: ...
    @property
    def participant_identity(self) -> object: ...
    @property
    def transfer_to(self) -> object: ...


class _Call(TypedDict):
    room_name: str
    participant_identity: str
    transfer_to: str


def _call(value: _HasCall) -> _Call:
    """Whose call it is and where it goes, as every answer and record (ours or the wire's) has them."""
    return _Call(
        room_name=_text(value.room_name, "room_name"),
        participant_identity=_text(value.participant_identity, "participant_identity"),
        transfer_to=_text(value.transfer_to, "transfer_to"),
    )


@dataclass(frozen=True, kw_only=True)
class TransferOutcomeError(_Wired):
    """Why a transfer is ``failed`` or ``unknown``: ``code``, ``message`` and, when LiveKit gave one,
    the SIP status (``sip_status_code`` 603, ``sip_status`` ``"Decline"``); ``None`` when it did not."""

    code: TransferOutcomeErrorCode
    message: str
    sip_status_code: int | None = None
    sip_status: str | None = None
    _wire = _WireOutcomeError

    @classmethod
    def _from_wire(cls, wire: _WireOutcomeError) -> Self:
        return cls(
            code=_of(wire.code, TransferOutcomeErrorCode, "code"),
            message=_text(wire.message, "message"),
            sip_status_code=_optional(wire.sip_status_code, _whole, "sip_status_code"),
            sip_status=_optional(wire.sip_status, _text, "sip_status"),
        )

    def _to_wire(self) -> _WireOutcomeError:
        return _WireOutcomeError(
            code=self.code,
            message=self.message,
            sip_status_code=_unset(self.sip_status_code),
            sip_status=_unset(self.sip_status),
        )


@dataclass(frozen=True, kw_only=True)
class TransferWebhook(_Wired):
    """Where the transfer's ``transfer.*`` webhook stands: ``status`` (``pending``, ``delivered``,
    ``failed``) and the ``attempts`` made so far."""

    status: TransferWebhookStatus
    attempts: int
    _wire = _WireWebhook

    @classmethod
    def _from_wire(cls, wire: _WireWebhook) -> Self:
        return cls(status=_of(wire.status, TransferWebhookStatus, "status"), attempts=_whole(wire.attempts, "attempts"))

    def _to_wire(self) -> _WireWebhook:
        return _WireWebhook(status=self.status, attempts=self.attempts)


@dataclass(frozen=True, kw_only=True)
class Transfer(_Wired):
    """A transfer's record. ``ended_at`` is ``None`` while ``initiated``; ``error`` says why a
    transfer is ``failed`` or ``unknown`` and is ``None`` otherwise; ``webhook`` is ``None`` when no
    webhook is configured (and always in a webhook's own ``data``)."""

    transfer_id: str
    status: TransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    request_id: str
    ended_at: datetime.datetime | None = None
    error: TransferOutcomeError | None = None
    webhook: TransferWebhook | None = None
    _wire = _WireTransfer

    @classmethod
    def _from_wire(cls, wire: _WireTransfer) -> Self:
        error = _present(wire.error)
        webhook = _present(wire.webhook)
        return cls(
            transfer_id=_text(wire.transfer_id, "transfer_id"),
            status=_of(wire.status, TransferStatus, "status"),
            **_call(wire),
            created_at=_moment(wire.created_at, "created_at"),
            updated_at=_moment(wire.updated_at, "updated_at"),
            request_id=_text(wire.request_id, "request_id"),
            ended_at=_optional(wire.ended_at, _moment, "ended_at"),
            error=None if error is None else TransferOutcomeError._from_wire(error),
            webhook=None if webhook is None else TransferWebhook._from_wire(webhook),
        )

    def _to_wire(self) -> _WireTransfer:
        return _WireTransfer(
            transfer_id=self.transfer_id,
            status=self.status,
            **_call(self),
            created_at=self.created_at,
            updated_at=self.updated_at,
            request_id=self.request_id,
            ended_at=_unset(self.ended_at),
            error=UNSET if self.error is None else self.error._to_wire(),
            webhook=UNSET if self.webhook is None else self.webhook._to_wire(),
        )


@dataclass(frozen=True, kw_only=True)
class TransferList(_Wired):
    """A page of ``list_transfers``: ``transfers``, newest first, and ``next_cursor`` to pass back as
    ``cursor`` (``None`` on the last page)."""

    transfers: list[Transfer]
    next_cursor: str | None
    _wire = _WireTransferList

    @classmethod
    def _from_wire(cls, wire: _WireTransferList) -> Self:
        return cls(
            transfers=[Transfer._from_wire(item) for item in wire.transfers],
            next_cursor=_optional(wire.next_cursor, _text, "next_cursor"),
        )

    def _to_wire(self) -> _WireTransferList:
        return _WireTransferList(transfers=[item._to_wire() for item in self.transfers], next_cursor=self.next_cursor)


@dataclass(frozen=True, kw_only=True)
class TransferResponse(_Wired):
    """The 200 of ``transfer``: ``status`` is ``initiated`` (still running: ``wait_for_transfer``
    tells how it ends), ``completed``, or ``unknown``; ``transfer_to`` as normalised (``tel:+1…``)."""

    transfer_id: str
    status: TransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    _wire = _WireTransferResponse

    @classmethod
    def _from_wire(cls, wire: _WireTransferResponse) -> Self:
        return cls(
            transfer_id=_text(wire.transfer_id, "transfer_id"),
            # The answer's statuses are a subset of the record's: one enum serves both.
            status=TransferStatus(_of(wire.status, _WireResponseStatus, "status").value),
            **_call(wire),
        )

    def _to_wire(self) -> _WireTransferResponse:
        return _WireTransferResponse(
            transfer_id=self.transfer_id,
            # ValueError for `failed`: an answer never has it (a declined transfer is TRANSFER_FAILED).
            status=_WireResponseStatus(self.status.value),
            **_call(self),
        )


@dataclass(frozen=True, kw_only=True)
class WarmTransferError(_Wired):
    """Why a warm transfer is ``failed``: ``reason`` (``busy``, ``declined``, ``no_answer``,
    ``caller_left``, …), ``message`` and, when the supervisor's leg had one, the SIP status
    (``sip_status_code`` 486, ``sip_status`` ``"Busy Here"``); ``None`` when it had none."""

    code: WarmTransferErrorCode
    reason: WarmTransferErrorReason
    message: str
    sip_status_code: int | None = None
    sip_status: str | None = None
    _wire = _WireWarmTransferError

    @classmethod
    def _from_wire(cls, wire: _WireWarmTransferError) -> Self:
        return cls(
            code=_of(wire.code, WarmTransferErrorCode, "code"),
            reason=_of(wire.reason, WarmTransferErrorReason, "reason"),
            message=_text(wire.message, "message"),
            sip_status_code=_optional(wire.sip_status_code, _whole, "sip_status_code"),
            sip_status=_optional(wire.sip_status, _text, "sip_status"),
        )

    def _to_wire(self) -> _WireWarmTransferError:
        return _WireWarmTransferError(
            code=self.code,
            reason=self.reason,
            message=self.message,
            sip_status_code=_unset(self.sip_status_code),
            sip_status=_unset(self.sip_status),
        )


@dataclass(frozen=True, kw_only=True)
class WarmTransfer(_Wired):
    """A warm transfer's record. ``consult_identity`` is the supervisor's leg in the room;
    ``agent_identity`` the agent removed on completion (``None`` when none was named);
    ``answered_at`` is ``None`` until the supervisor answered, ``ended_at`` while ``dialing`` or
    ``consulting``; ``error`` says why a warm transfer is ``failed`` and is ``None`` otherwise."""

    warm_transfer_id: str
    status: WarmTransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    consult_identity: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    request_id: str
    agent_identity: str | None = None
    answered_at: datetime.datetime | None = None
    ended_at: datetime.datetime | None = None
    error: WarmTransferError | None = None
    _wire = _WireWarmTransfer

    @classmethod
    def _from_wire(cls, wire: _WireWarmTransfer) -> Self:
        error = _present(wire.error)
        return cls(
            warm_transfer_id=_text(wire.warm_transfer_id, "warm_transfer_id"),
            status=_of(wire.status, WarmTransferStatus, "status"),
            **_call(wire),
            consult_identity=_text(wire.consult_identity, "consult_identity"),
            created_at=_moment(wire.created_at, "created_at"),
            updated_at=_moment(wire.updated_at, "updated_at"),
            request_id=_text(wire.request_id, "request_id"),
            agent_identity=_optional(wire.agent_identity, _text, "agent_identity"),
            answered_at=_optional(wire.answered_at, _moment, "answered_at"),
            ended_at=_optional(wire.ended_at, _moment, "ended_at"),
            error=None if error is None else WarmTransferError._from_wire(error),
        )

    def _to_wire(self) -> _WireWarmTransfer:
        return _WireWarmTransfer(
            warm_transfer_id=self.warm_transfer_id,
            status=self.status,
            **_call(self),
            consult_identity=self.consult_identity,
            created_at=self.created_at,
            updated_at=self.updated_at,
            request_id=self.request_id,
            agent_identity=_unset(self.agent_identity),
            answered_at=_unset(self.answered_at),
            ended_at=_unset(self.ended_at),
            error=UNSET if self.error is None else self.error._to_wire(),
        )


@dataclass(frozen=True, kw_only=True)
class WarmTransferList(_Wired):
    """A page of ``list_warm_transfers``: ``warm_transfers``, newest first, and ``next_cursor`` to
    pass back as ``cursor`` (``None`` on the last page)."""

    warm_transfers: list[WarmTransfer]
    next_cursor: str | None
    _wire = _WireWarmTransferList

    @classmethod
    def _from_wire(cls, wire: _WireWarmTransferList) -> Self:
        return cls(
            warm_transfers=[WarmTransfer._from_wire(item) for item in wire.warm_transfers],
            next_cursor=_optional(wire.next_cursor, _text, "next_cursor"),
        )

    def _to_wire(self) -> _WireWarmTransferList:
        return _WireWarmTransferList(warm_transfers=[item._to_wire() for item in self.warm_transfers], next_cursor=self.next_cursor)


@dataclass(frozen=True, kw_only=True)
class WarmTransferResponse(_Wired):
    """The 201 of ``warm_transfer``: ``status`` is always ``dialing`` (the caller is on hold and the
    supervisor's phone rings: ``wait_for_warm_transfer`` tells when they answered);
    ``consult_identity`` is the supervisor's leg in the room; ``transfer_to`` as normalised."""

    warm_transfer_id: str
    status: WarmTransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    consult_identity: str
    _wire = _WireWarmTransferResponse

    @classmethod
    def _from_wire(cls, wire: _WireWarmTransferResponse) -> Self:
        return cls(
            warm_transfer_id=_text(wire.warm_transfer_id, "warm_transfer_id"),
            # The answer's status is one of the record's: one enum serves both.
            status=WarmTransferStatus(_of(wire.status, _WireWarmResponseStatus, "status").value),
            **_call(wire),
            consult_identity=_text(wire.consult_identity, "consult_identity"),
        )

    def _to_wire(self) -> _WireWarmTransferResponse:
        return _WireWarmTransferResponse(
            warm_transfer_id=self.warm_transfer_id,
            # ValueError for any status but `dialing`: an answer never has another.
            status=_WireWarmResponseStatus(self.status.value),
            **_call(self),
            consult_identity=self.consult_identity,
        )


R = TypeVar("R", bound=_Wired)


@dataclass(frozen=True, kw_only=True)
class _Event(_Wired, Generic[R]):
    """A webhook's body: ``type_`` (each event's own literal), ``timestamp`` when the transfer
    ended, and ``data`` its record (``_record`` reads it)."""

    timestamp: datetime.datetime
    data: R
    type_: str
    _record: ClassVar[Any]

    @classmethod
    def _from_wire(cls, wire: Any) -> Self:
        # The generated model has checked `type` against the event's own.
        return cls(type_=wire.type_, timestamp=_moment(wire.timestamp, "timestamp"), data=cls._record._from_wire(wire.data))

    def _to_wire(self) -> _WireModel:
        wire: _WireModel = self._wire(type_=self.type_, timestamp=self.timestamp, data=self.data._to_wire())
        return wire


@dataclass(frozen=True, kw_only=True)
class TransferCompletedEvent(_Event[Transfer]):
    """The ``transfer.completed`` webhook: ``timestamp`` when the transfer ended, ``data`` its record."""

    type_: Literal["transfer.completed"] = "transfer.completed"
    _wire = _WireCompletedEvent
    _record = Transfer


@dataclass(frozen=True, kw_only=True)
class TransferFailedEvent(_Event[Transfer]):
    """The ``transfer.failed`` webhook: ``data.error`` says why (with the SIP status when LiveKit gave one)."""

    type_: Literal["transfer.failed"] = "transfer.failed"
    _wire = _WireFailedEvent
    _record = Transfer


@dataclass(frozen=True, kw_only=True)
class TransferUnknownEvent(_Event[Transfer]):
    """The ``transfer.unknown`` webhook: LiveKit never reported the outcome; the REFER may still have succeeded."""

    type_: Literal["transfer.unknown"] = "transfer.unknown"
    _wire = _WireUnknownEvent
    _record = Transfer


@dataclass(frozen=True, kw_only=True)
class WarmTransferCompletedEvent(_Event[WarmTransfer]):
    """The ``warm_transfer.completed`` webhook: caller and supervisor were connected; ``data`` is the
    warm transfer's record."""

    type_: Literal["warm_transfer.completed"] = "warm_transfer.completed"
    _wire = _WireWarmCompletedEvent
    _record = WarmTransfer


@dataclass(frozen=True, kw_only=True)
class WarmTransferCancelledEvent(_Event[WarmTransfer]):
    """The ``warm_transfer.cancelled`` webhook: the supervisor's leg was ended and the caller taken off hold."""

    type_: Literal["warm_transfer.cancelled"] = "warm_transfer.cancelled"
    _wire = _WireWarmCancelledEvent
    _record = WarmTransfer


@dataclass(frozen=True, kw_only=True)
class WarmTransferFailedEvent(_Event[WarmTransfer]):
    """The ``warm_transfer.failed`` webhook: ``data.error.reason`` says why (``busy``, ``no_answer``, …)."""

    type_: Literal["warm_transfer.failed"] = "warm_transfer.failed"
    _wire = _WireWarmFailedEvent
    _record = WarmTransfer


TransferEvent = TransferCompletedEvent | TransferFailedEvent | TransferUnknownEvent
"""A transfer's webhook: told apart by ``type_`` (``transfer.completed``, ``transfer.failed``,
``transfer.unknown``) or ``isinstance``; ``data`` is a ``Transfer``."""

WarmTransferEvent = WarmTransferCompletedEvent | WarmTransferCancelledEvent | WarmTransferFailedEvent
"""A warm transfer's webhook: told apart by ``type_`` (``warm_transfer.completed``,
``warm_transfer.cancelled``, ``warm_transfer.failed``) or ``isinstance``; ``data`` is a ``WarmTransfer``."""

SipTransferEvent = TransferEvent | WarmTransferEvent
"""Any webhook's body (what ``verify_webhook`` returns): tell it apart by ``type_`` or ``isinstance``
before reading ``data``."""

__all__ = [
    "SipTransferEvent",
    "Transfer",
    "TransferCompletedEvent",
    "TransferEvent",
    "TransferFailedEvent",
    "TransferList",
    "TransferOutcomeError",
    "TransferOutcomeErrorCode",
    "TransferResponse",
    "TransferStatus",
    "TransferUnknownEvent",
    "TransferWebhook",
    "TransferWebhookStatus",
    "WarmTransfer",
    "WarmTransferCancelledEvent",
    "WarmTransferCompletedEvent",
    "WarmTransferError",
    "WarmTransferErrorCode",
    "WarmTransferErrorReason",
    "WarmTransferEvent",
    "WarmTransferFailedEvent",
    "WarmTransferList",
    "WarmTransferResponse",
    "WarmTransferStatus",
]
