# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.warm_transfer_response_status import WarmTransferResponseStatus

T = TypeVar("T", bound="WarmTransferResponse")


@_attrs_define
class WarmTransferResponse:
    """Response for a started warm transfer. It is always `dialing`: the caller is on hold and the
    supervisor is being dialled in the background. Its record tells when the supervisor
    answered (`consulting`) or why the warm transfer failed.

        Attributes:
            warm_transfer_id (str): The warm transfer's id (opaque, URL-safe, 128 random bits).
            status (WarmTransferResponseStatus): `dialing`: the caller is on hold and the supervisor's phone is being
                dialled.
            room_name (str): The room name of the caller, into which the supervisor is dialled
            participant_identity (str): The identity of the participant being transferred (the caller)
            transfer_to (str): The supervisor's normalized phone number with tel prefix
            consult_identity (str): The participant identity of the supervisor's leg in the room
    """

    warm_transfer_id: str
    status: WarmTransferResponseStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    consult_identity: str

    def to_dict(self) -> dict[str, Any]:
        warm_transfer_id = self.warm_transfer_id

        status = self.status.value

        room_name = self.room_name

        participant_identity = self.participant_identity

        transfer_to = self.transfer_to

        consult_identity = self.consult_identity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "warm_transfer_id": warm_transfer_id,
                "status": status,
                "room_name": room_name,
                "participant_identity": participant_identity,
                "transfer_to": transfer_to,
                "consult_identity": consult_identity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        warm_transfer_id = d.pop("warm_transfer_id")

        status = WarmTransferResponseStatus(d.pop("status"))

        room_name = d.pop("room_name")

        participant_identity = d.pop("participant_identity")

        transfer_to = d.pop("transfer_to")

        consult_identity = d.pop("consult_identity")

        warm_transfer_response = cls(
            warm_transfer_id=warm_transfer_id,
            status=status,
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to=transfer_to,
            consult_identity=consult_identity,
        )

        return warm_transfer_response
