# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.transfer_request_headers import TransferRequestHeaders


T = TypeVar("T", bound="TransferRequest")


@_attrs_define
class TransferRequest:
    """Request body for initiating a SIP call transfer

    Attributes:
        room_name (str): The LiveKit room name where the SIP participant is connected
        participant_identity (str): The identity of the SIP participant to transfer. This can be obtained by listing
            participants in the room via LiveKit API.
        transfer_to (str): The phone number to transfer the call to. Supports international format
            (+1234567890), national format (07123456789), or internal extensions (1234).
            An optional `tel:` prefix and the separators space, `-`, `.`, `(` and `)` are accepted;
            only ASCII digits, and no `tel:` parameters (`;ext=`, `;phone-context=`, …).
            Digits without `+`: up to `TRANSFER_MAX_EXTENSION_DIGITS` (default 6) are an internal
            extension; a longer run is a national number. With `PHONE_DEFAULT_REGION` set, a
            national number of that region (also dialled with its international prefix, `00`/`011`)
            is sent as E.164 and checked by country and number type. Without it, its country and
            type cannot be told: it is refused (403, `reason: unclassified`) while a country list
            or a number-type block is on, and the default blocks premium rate. This departs from
            the original API, which passed national numbers through: a trunk may dial such digits
            as any national or international number, so passing them unchecked would let a caller
            around the destination policy (toll fraud).
            Or a SIP URI, `sip:user@host[:port]` or `sips:…` (no parameters or headers), to a domain
            the server allows (`TRANSFER_SIP_DOMAINS` or the tenant's `sip_domains`).
        ringing_timeout (int | Unset): How long the destination may ring, in seconds (LiveKit's default is 30).
        play_dialtone (bool | Unset): Play a dial tone to the caller while the destination rings.
        headers (TransferRequestHeaders | Unset): SIP headers LiveKit adds to the REFER: at most 16, names `X-` followed
            by letters, digits
            or `-`, values at most 256 printable ASCII characters (no CR, LF or NUL).
    """

    room_name: str
    participant_identity: str
    transfer_to: str
    ringing_timeout: int | Unset = UNSET
    play_dialtone: bool | Unset = UNSET
    headers: TransferRequestHeaders | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        room_name = self.room_name

        participant_identity = self.participant_identity

        transfer_to = self.transfer_to

        ringing_timeout = self.ringing_timeout

        play_dialtone = self.play_dialtone

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "room_name": room_name,
                "participant_identity": participant_identity,
                "transfer_to": transfer_to,
            }
        )
        if ringing_timeout is not UNSET:
            field_dict["ringing_timeout"] = ringing_timeout
        if play_dialtone is not UNSET:
            field_dict["play_dialtone"] = play_dialtone
        if headers is not UNSET:
            field_dict["headers"] = headers

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.transfer_request_headers import TransferRequestHeaders

        d = dict(src_dict)
        room_name = d.pop("room_name")

        participant_identity = d.pop("participant_identity")

        transfer_to = d.pop("transfer_to")

        ringing_timeout = d.pop("ringing_timeout", UNSET)

        play_dialtone = d.pop("play_dialtone", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: TransferRequestHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = TransferRequestHeaders.from_dict(_headers)

        transfer_request = cls(
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to=transfer_to,
            ringing_timeout=ringing_timeout,
            play_dialtone=play_dialtone,
            headers=headers,
        )

        return transfer_request
