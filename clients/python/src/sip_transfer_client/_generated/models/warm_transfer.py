# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

import datetime

from dateutil.parser import isoparse
from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.warm_transfer_status import WarmTransferStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.warm_transfer_error import WarmTransferError


T = TypeVar("T", bound="WarmTransfer")


@_attrs_define
class WarmTransfer:
    """A warm transfer's record.

    Attributes:
        warm_transfer_id (str): The warm transfer's id (opaque, URL-safe, 128 random bits).
        status (WarmTransferStatus): `dialing`: the caller is on hold and the supervisor's phone is ringing.
            `consulting`: the supervisor answered; the agent and the supervisor talk while the caller is
            on hold.
            `completed`: the caller and the supervisor are connected (the agent, if named, was removed
            from the room).
            `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
            agent.
            `failed`: the warm transfer ended without completing (`error` says why); the caller was
            taken off hold, or had hung up.
        room_name (str):
        participant_identity (str): The caller's identity.
        transfer_to (str): The supervisor's normalized phone number with tel prefix.
        consult_identity (str): The participant identity of the supervisor's leg in the room.
        created_at (datetime.datetime): When the warm transfer was started (RFC 3339, UTC).
        updated_at (datetime.datetime):
        request_id (str): The `X-Request-Id` of the request that started the warm transfer.
        agent_identity (str | Unset): The agent's identity, removed from the room on completion; absent when none was
            named.
        answered_at (datetime.datetime | Unset): When the supervisor answered; absent until then (and when they never
            did).
        ended_at (datetime.datetime | Unset): When it completed, was cancelled or failed; absent while `dialing` or
            `consulting`.
        error (WarmTransferError | Unset): Why a warm transfer is `failed`.
    """

    warm_transfer_id: str
    status: WarmTransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    consult_identity: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    request_id: str
    agent_identity: str | Unset = UNSET
    answered_at: datetime.datetime | Unset = UNSET
    ended_at: datetime.datetime | Unset = UNSET
    error: WarmTransferError | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        warm_transfer_id = self.warm_transfer_id

        status = self.status.value

        room_name = self.room_name

        participant_identity = self.participant_identity

        transfer_to = self.transfer_to

        consult_identity = self.consult_identity

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        request_id = self.request_id

        agent_identity = self.agent_identity

        answered_at: str | Unset = UNSET
        if not isinstance(self.answered_at, Unset):
            answered_at = self.answered_at.isoformat()

        ended_at: str | Unset = UNSET
        if not isinstance(self.ended_at, Unset):
            ended_at = self.ended_at.isoformat()

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "warm_transfer_id": warm_transfer_id,
                "status": status,
                "room_name": room_name,
                "participant_identity": participant_identity,
                "transfer_to": transfer_to,
                "consult_identity": consult_identity,
                "created_at": created_at,
                "updated_at": updated_at,
                "request_id": request_id,
            }
        )
        if agent_identity is not UNSET:
            field_dict["agent_identity"] = agent_identity
        if answered_at is not UNSET:
            field_dict["answered_at"] = answered_at
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.warm_transfer_error import WarmTransferError

        d = dict(src_dict)
        warm_transfer_id = d.pop("warm_transfer_id")

        status = WarmTransferStatus(d.pop("status"))

        room_name = d.pop("room_name")

        participant_identity = d.pop("participant_identity")

        transfer_to = d.pop("transfer_to")

        consult_identity = d.pop("consult_identity")

        created_at = isoparse(d.pop("created_at"))

        updated_at = isoparse(d.pop("updated_at"))

        request_id = d.pop("request_id")

        agent_identity = d.pop("agent_identity", UNSET)

        _answered_at = d.pop("answered_at", UNSET)
        answered_at: datetime.datetime | Unset
        if isinstance(_answered_at, Unset):
            answered_at = UNSET
        else:
            answered_at = isoparse(_answered_at)

        _ended_at = d.pop("ended_at", UNSET)
        ended_at: datetime.datetime | Unset
        if isinstance(_ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = isoparse(_ended_at)

        _error = d.pop("error", UNSET)
        error: WarmTransferError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = WarmTransferError.from_dict(_error)

        warm_transfer = cls(
            warm_transfer_id=warm_transfer_id,
            status=status,
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to=transfer_to,
            consult_identity=consult_identity,
            created_at=created_at,
            updated_at=updated_at,
            request_id=request_id,
            agent_identity=agent_identity,
            answered_at=answered_at,
            ended_at=ended_at,
            error=error,
        )

        return warm_transfer
