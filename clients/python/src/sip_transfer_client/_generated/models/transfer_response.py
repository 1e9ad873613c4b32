# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.transfer_response_status import TransferResponseStatus

T = TypeVar("T", bound="TransferResponse")


@_attrs_define
class TransferResponse:
    """Response for a successful SIP transfer initiation. A successful response with status
    `initiated` indicates the transfer has been initiated, not that it has completed; the
    actual transfer may take several seconds. Its record tells how it ended.

        Attributes:
            transfer_id (str): The transfer's id (opaque, URL-safe, 128 random bits).
            status (TransferResponseStatus): `initiated`: LiveKit accepted the transfer and it is still running.
                `completed`: LiveKit reported the transfer successful within the server's wait window.
                `unknown`: LiveKit's call ended without an outcome (e.g. its own timeout); the REFER may
                still have succeeded.
            room_name (str): The room name where the transfer was initiated
            participant_identity (str): The identity of the participant being transferred
            transfer_to (str): The normalized phone number with tel prefix, or the SIP URI
    """

    transfer_id: str
    status: TransferResponseStatus
    room_name: str
    participant_identity: str
    transfer_to: str

    def to_dict(self) -> dict[str, Any]:
        transfer_id = self.transfer_id

        status = self.status.value

        room_name = self.room_name

        participant_identity = self.participant_identity

        transfer_to = self.transfer_to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "transfer_id": transfer_id,
                "status": status,
                "room_name": room_name,
                "participant_identity": participant_identity,
                "transfer_to": transfer_to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        transfer_id = d.pop("transfer_id")

        status = TransferResponseStatus(d.pop("status"))

        room_name = d.pop("room_name")

        participant_identity = d.pop("participant_identity")

        transfer_to = d.pop("transfer_to")

        transfer_response = cls(
            transfer_id=transfer_id,
            status=status,
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to=transfer_to,
        )

        return transfer_response
