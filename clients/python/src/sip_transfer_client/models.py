"""The records the client hands out, typed as they are read.

The generated models (``_generated``) mirror the wire: a field the JSON leaves out is ``UNSET`` (an
object that is neither ``None`` nor the value), and the 200 of ``POST /sip/transfer`` has a status
enum of its own. These frozen dataclasses are what users get instead:

- a field the JSON leaves out is ``None`` (``record.error is None`` for a record without an error);
- times are timezone-aware ``datetime``s;
- one ``TransferStatus`` serves the transfer's answer and its record
  (``answer.status == TransferStatus.COMPLETED`` type-checks);
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
from typing import Any, Literal, TypeVar

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


@dataclass(frozen=True, kw_only=True)
class TransferOutcomeError:
    """Why a transfer is ``failed`` or ``unknown``: ``code``, ``message`` and, when LiveKit gave one,
    the SIP status (``sip_status_code`` 603, ``sip_status`` ``"Decline"``); ``None`` when it did not."""

    code: TransferOutcomeErrorCode
    message: str
    sip_status_code: int | None = None
    sip_status: str | None = None

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferOutcomeError:
        return _read("TransferOutcomeError", src_dict, _WireOutcomeError.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return self._to_wire().to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireOutcomeError) -> TransferOutcomeError:
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
class TransferWebhook:
    """Where the transfer's ``transfer.*`` webhook stands: ``status`` (``pending``, ``delivered``,
    ``failed``) and the ``attempts`` made so far."""

    status: TransferWebhookStatus
    attempts: int

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferWebhook:
        return _read("TransferWebhook", src_dict, _WireWebhook.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return self._to_wire().to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireWebhook) -> TransferWebhook:
        return cls(status=_of(wire.status, TransferWebhookStatus, "status"), attempts=_whole(wire.attempts, "attempts"))

    def _to_wire(self) -> _WireWebhook:
        return _WireWebhook(status=self.status, attempts=self.attempts)


@dataclass(frozen=True, kw_only=True)
class Transfer:
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

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Transfer:
        return _read("Transfer", src_dict, _WireTransfer.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return self._to_wire().to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireTransfer) -> Transfer:
        error = _present(wire.error)
        webhook = _present(wire.webhook)
        return cls(
            transfer_id=_text(wire.transfer_id, "transfer_id"),
            status=_of(wire.status, TransferStatus, "status"),
            room_name=_text(wire.room_name, "room_name"),
            participant_identity=_text(wire.participant_identity, "participant_identity"),
            transfer_to=_text(wire.transfer_to, "transfer_to"),
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
            room_name=self.room_name,
            participant_identity=self.participant_identity,
            transfer_to=self.transfer_to,
            created_at=self.created_at,
            updated_at=self.updated_at,
            request_id=self.request_id,
            ended_at=_unset(self.ended_at),
            error=UNSET if self.error is None else self.error._to_wire(),
            webhook=UNSET if self.webhook is None else self.webhook._to_wire(),
        )


@dataclass(frozen=True, kw_only=True)
class TransferList:
    """A page of ``list_transfers``: ``transfers``, newest first, and ``next_cursor`` to pass back as
    ``cursor`` (``None`` on the last page)."""

    transfers: list[Transfer]
    next_cursor: str | None

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferList:
        return _read("TransferList", src_dict, _WireTransferList.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return self._to_wire().to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireTransferList) -> TransferList:
        return cls(
            transfers=[Transfer._from_wire(item) for item in wire.transfers],
            next_cursor=_optional(wire.next_cursor, _text, "next_cursor"),
        )

    def _to_wire(self) -> _WireTransferList:
        return _WireTransferList(transfers=[item._to_wire() for item in self.transfers], next_cursor=self.next_cursor)


@dataclass(frozen=True, kw_only=True)
class TransferResponse:
    """The 200 of ``transfer``: ``status`` is ``initiated`` (still running: ``wait_for_transfer``
    tells how it ends), ``completed``, or ``unknown``; ``transfer_to`` as normalised (``tel:+1…``)."""

    transfer_id: str
    status: TransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferResponse:
        return _read("TransferResponse", src_dict, _WireTransferResponse.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return self._to_wire().to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireTransferResponse) -> TransferResponse:
        return cls(
            transfer_id=_text(wire.transfer_id, "transfer_id"),
            # The answer's statuses are a subset of the record's: one enum serves both.
            status=TransferStatus(_of(wire.status, _WireResponseStatus, "status").value),
            room_name=_text(wire.room_name, "room_name"),
            participant_identity=_text(wire.participant_identity, "participant_identity"),
            transfer_to=_text(wire.transfer_to, "transfer_to"),
        )

    def _to_wire(self) -> _WireTransferResponse:
        return _WireTransferResponse(
            transfer_id=self.transfer_id,
            # ValueError for `failed`: an answer never has it (a declined transfer is TRANSFER_FAILED).
            status=_WireResponseStatus(self.status.value),
            room_name=self.room_name,
            participant_identity=self.participant_identity,
            transfer_to=self.transfer_to,
        )


_WireEvent = _WireCompletedEvent | _WireFailedEvent | _WireUnknownEvent


def _event_parts(wire: _WireEvent) -> tuple[datetime.datetime, Transfer]:
    return _moment(wire.timestamp, "timestamp"), Transfer._from_wire(wire.data)


@dataclass(frozen=True, kw_only=True)
class TransferCompletedEvent:
    """The ``transfer.completed`` webhook: ``timestamp`` when the transfer ended, ``data`` its record."""

    timestamp: datetime.datetime
    data: Transfer
    type_: Literal["transfer.completed"] = "transfer.completed"

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferCompletedEvent:
        return _read("TransferCompletedEvent", src_dict, _WireCompletedEvent.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return _WireCompletedEvent(type_=self.type_, timestamp=self.timestamp, data=self.data._to_wire()).to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireCompletedEvent) -> TransferCompletedEvent:
        timestamp, data = _event_parts(wire)
        return cls(timestamp=timestamp, data=data)


@dataclass(frozen=True, kw_only=True)
class TransferFailedEvent:
    """The ``transfer.failed`` webhook: ``data.error`` says why (with the SIP status when LiveKit gave one)."""

    timestamp: datetime.datetime
    data: Transfer
    type_: Literal["transfer.failed"] = "transfer.failed"

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferFailedEvent:
        return _read("TransferFailedEvent", src_dict, _WireFailedEvent.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return _WireFailedEvent(type_=self.type_, timestamp=self.timestamp, data=self.data._to_wire()).to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireFailedEvent) -> TransferFailedEvent:
        timestamp, data = _event_parts(wire)
        return cls(timestamp=timestamp, data=data)


@dataclass(frozen=True, kw_only=True)
class TransferUnknownEvent:
    """The ``transfer.unknown`` webhook: LiveKit never reported the outcome; the REFER may still have succeeded."""

    timestamp: datetime.datetime
    data: Transfer
    type_: Literal["transfer.unknown"] = "transfer.unknown"

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> TransferUnknownEvent:
        return _read("TransferUnknownEvent", src_dict, _WireUnknownEvent.from_dict, cls._from_wire)

    def to_dict(self) -> dict[str, Any]:
        return _WireUnknownEvent(type_=self.type_, timestamp=self.timestamp, data=self.data._to_wire()).to_dict()

    @classmethod
    def _from_wire(cls, wire: _WireUnknownEvent) -> TransferUnknownEvent:
        timestamp, data = _event_parts(wire)
        return cls(timestamp=timestamp, data=data)


TransferEvent = TransferCompletedEvent | TransferFailedEvent | TransferUnknownEvent
"""A webhook's body: told apart by ``type_`` (``transfer.completed``, ``transfer.failed``,
``transfer.unknown``) or ``isinstance``."""

__all__ = [
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
]
