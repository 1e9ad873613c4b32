# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.error_code import ErrorCode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_details import ErrorDetails


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """The body of every error response.

    Attributes:
        error (str): A human-readable message. Never contains secrets.
        code (ErrorCode): Machine-readable error code, with the one HTTP status it is sent with.
            - `INVALID_REQUEST` (400): body not JSON, not an object, missing, empty or mistyped field, unknown field; a bad
            query or header
            - `INVALID_PHONE_NUMBER` (400): `transfer_to` is not a phone number (nor a well-formed SIP URI)
            - `UNAUTHORIZED` (401): no or wrong token where one is needed
            - `DESTINATION_NOT_ALLOWED` (403): the destination policy refuses `transfer_to` (`details.reason`)
            - `ROOM_NOT_FOUND` (404): room missing or not accessible to the caller
            - `PARTICIPANT_NOT_FOUND` (404): participant missing, or not a SIP participant
            - `TRANSFER_NOT_FOUND` (404): no transfer with that id for this caller
            - `WARM_TRANSFER_NOT_FOUND` (404): no warm transfer with that id for this caller
            - `NOT_FOUND` (404): no such route
            - `METHOD_NOT_ALLOWED` (405): the route does not accept this method
            - `TRANSFER_IN_PROGRESS` (409): a cold or warm transfer of the participant is already running
            - `CALL_NOT_ACTIVE` (409): LiveKit refused: the call is not established
            - `IDEMPOTENCY_KEY_IN_USE` (409): a request with this `Idempotency-Key` is still being answered
            - `WARM_TRANSFER_NOT_CONSULTING` (409): the warm transfer cannot be completed: it is not `consulting`
            (`details.status`)
            - `WARM_TRANSFER_ENDED` (409): the warm transfer cannot be cancelled: it is `completed` or `failed`
            (`details.status`)
            - `PAYLOAD_TOO_LARGE` (413): body over the limit (16 KiB)
            - `UNSUPPORTED_MEDIA_TYPE` (415): body sent with a content type other than JSON
            - `IDEMPOTENCY_KEY_REUSED` (422): this `Idempotency-Key` was used with another body
            - `RATE_LIMITED` (429): too many failed authentications from this client address, or too many transfers for this
            tenant
            - `LIVEKIT_NOT_CONFIGURED` (500): the LiveKit variables are not set on the server
            - `LIVEKIT_UNAVAILABLE` (500): LiveKit unreachable or failing during the lookups, or while completing or
            cancelling a warm transfer
            - `SIP_TRUNK_NOT_CONFIGURED` (500): no outbound SIP trunk for warm transfers (`SIP_OUTBOUND_TRUNK_ID` is not
            set)
            - `LIVEKIT_REMOTE_UNMUTE_DISABLED` (500): LiveKit runs without `room.enable_remote_unmute`, so a caller put on
            hold could not be restored; nothing was changed
            - `TRANSFER_FAILED` (500): LiveKit's transfer failed
            - `INTERNAL_ERROR` (500): an unexpected server error (a store error that is not an outage, e.g. unreadable data,
            is one)
            - `STORE_UNAVAILABLE` (503): the transfer store did not answer in time or cannot write now (down, stalled,
            locked, full, read-only); nothing was sent to LiveKit, retry
            - `NOT_READY` (503): `GET /ready`: the store or LiveKit is down or not configured (`details.checks`)
        details (ErrorDetails | Unset): Extra facts about an error, when there are any.
    """

    error: str
    code: ErrorCode
    details: ErrorDetails | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        code = self.code.value

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "error": error,
                "code": code,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_details import ErrorDetails

        d = dict(src_dict)
        error = d.pop("error")

        code = ErrorCode(d.pop("code"))

        _details = d.pop("details", UNSET)
        details: ErrorDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = ErrorDetails.from_dict(_details)

        error = cls(
            error=error,
            code=code,
            details=details,
        )

        return error
