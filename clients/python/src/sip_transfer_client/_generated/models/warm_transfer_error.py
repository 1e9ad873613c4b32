# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.warm_transfer_error_code import WarmTransferErrorCode
from ..models.warm_transfer_error_reason import WarmTransferErrorReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="WarmTransferError")


@_attrs_define
class WarmTransferError:
    """Why a warm transfer is `failed`.

    Attributes:
        code (WarmTransferErrorCode): `WARM_TRANSFER_FAILED`: the warm transfer ended without completing (`reason` says
            why).
        reason (WarmTransferErrorReason): `busy`: the supervisor's phone was busy (SIP 486, 600).
            `declined`: the supervisor declined (SIP 603, 607, 608).
            `no_answer`: the supervisor's phone rang until `ringing_timeout`.
            `unavailable`: the supervisor could not be reached (another SIP 4xx or 6xx, such as 404
            or 480), or LiveKit's answer to the dial was lost.
            `trunk_failure`: the outbound trunk failed (SIP 5xx, no response from the trunk, or the
            trunk is unknown to LiveKit).
            `supervisor_left`: the supervisor hung up during the consult.
            `caller_left`: the caller hung up.
            `hold_failed`: LiveKit refused to put the caller on hold; the caller was restored.
            `expired`: the record passed its deadline (the server restarted or its replica died
            mid-transfer, or the consult outlasted `WARM_TRANSFER_CONSULT_TIMEOUT_S`), and whoever
            noticed restored the caller.
        message (str):
        sip_status_code (int | Unset): The SIP status code of the supervisor's leg, when there was one (e.g. 486, 603).
        sip_status (str | Unset): The SIP reason phrase of the supervisor's leg, when there was one.
    """

    code: WarmTransferErrorCode
    reason: WarmTransferErrorReason
    message: str
    sip_status_code: int | Unset = UNSET
    sip_status: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        reason = self.reason.value

        message = self.message

        sip_status_code = self.sip_status_code

        sip_status = self.sip_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "reason": reason,
                "message": message,
            }
        )
        if sip_status_code is not UNSET:
            field_dict["sip_status_code"] = sip_status_code
        if sip_status is not UNSET:
            field_dict["sip_status"] = sip_status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = WarmTransferErrorCode(d.pop("code"))

        reason = WarmTransferErrorReason(d.pop("reason"))

        message = d.pop("message")

        sip_status_code = d.pop("sip_status_code", UNSET)

        sip_status = d.pop("sip_status", UNSET)

        warm_transfer_error = cls(
            code=code,
            reason=reason,
            message=message,
            sip_status_code=sip_status_code,
            sip_status=sip_status,
        )

        return warm_transfer_error
