# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.warm_transfer_request_headers import WarmTransferRequestHeaders


T = TypeVar("T", bound="WarmTransferRequest")


@_attrs_define
class WarmTransferRequest:
    """Request body for starting a warm (attended) transfer

    Attributes:
        room_name (str): The LiveKit room name where the SIP participant (the caller) is connected
        participant_identity (str): The identity of the SIP participant to transfer (the caller, who is put on hold).
            This
            can be obtained by listing participants in the room via LiveKit API.
        transfer_to (str): The supervisor's phone number, dialled through the outbound SIP trunk
            (`SIP_OUTBOUND_TRUNK_ID`). Supports international format (+1234567890), national
            format (07123456789), or internal extensions (1234), read exactly as
            `POST /sip/transfer` reads them: an optional `tel:` prefix and the separators space,
            `-`, `.`, `(` and `)` are accepted; only ASCII digits, and no `tel:` parameters.
            Digits without `+`: up to `TRANSFER_MAX_EXTENSION_DIGITS` (default 6) are an internal
            extension; a longer run is a national number, sent as E.164 and checked by country and
            number type when `PHONE_DEFAULT_REGION` is set, refused (403, `reason: unclassified`)
            without it while a country list or a number-type block is on. The same destination
            policy applies (403). A SIP URI (`sip:`, `sips:`) answers 400 `INVALID_PHONE_NUMBER`:
            the host is the outbound trunk's.
        ringing_timeout (int | Unset): How long the supervisor's phone may ring, in seconds, before the warm transfer
            fails (`no_answer`); 30 when absent.
        headers (WarmTransferRequestHeaders | Unset): SIP headers LiveKit adds to the INVITE sent to the supervisor: at
            most 16, names `X-`
            followed by letters, digits or `-`, values at most 256 printable ASCII characters (no
            CR, LF or NUL).
        agent_identity (str | Unset): The identity of the agent's participant in the room (who briefs the supervisor).
            When the
            warm transfer completes it is removed from the room, leaving the caller with the
            supervisor; without it, nobody is removed.
    """

    room_name: str
    participant_identity: str
    transfer_to: str
    ringing_timeout: int | Unset = UNSET
    headers: WarmTransferRequestHeaders | Unset = UNSET
    agent_identity: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        room_name = self.room_name

        participant_identity = self.participant_identity

        transfer_to = self.transfer_to

        ringing_timeout = self.ringing_timeout

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        agent_identity = self.agent_identity

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
        if headers is not UNSET:
            field_dict["headers"] = headers
        if agent_identity is not UNSET:
            field_dict["agent_identity"] = agent_identity

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.warm_transfer_request_headers import WarmTransferRequestHeaders

        d = dict(src_dict)
        room_name = d.pop("room_name")

        participant_identity = d.pop("participant_identity")

        transfer_to = d.pop("transfer_to")

        ringing_timeout = d.pop("ringing_timeout", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: WarmTransferRequestHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = WarmTransferRequestHeaders.from_dict(_headers)

        agent_identity = d.pop("agent_identity", UNSET)

        warm_transfer_request = cls(
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to=transfer_to,
            ringing_timeout=ringing_timeout,
            headers=headers,
            agent_identity=agent_identity,
        )

        return warm_transfer_request
