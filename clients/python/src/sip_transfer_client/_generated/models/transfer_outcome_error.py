# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.transfer_outcome_error_code import TransferOutcomeErrorCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="TransferOutcomeError")


@_attrs_define
class TransferOutcomeError:
    """Why a transfer is `failed` or `unknown`.

    Attributes:
        code (TransferOutcomeErrorCode): `TRANSFER_FAILED`: LiveKit reported the transfer failed.
            `CALL_NOT_ACTIVE`: LiveKit refused: the call is not established.
            `TRANSFER_IN_PROGRESS`: LiveKit refused: the call is already being transferred elsewhere.
            `OUTCOME_UNKNOWN`: LiveKit never reported the outcome.
        message (str):
        sip_status_code (int | Unset):
        sip_status (str | Unset):
    """

    code: TransferOutcomeErrorCode
    message: str
    sip_status_code: int | Unset = UNSET
    sip_status: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        sip_status_code = self.sip_status_code

        sip_status = self.sip_status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
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
        code = TransferOutcomeErrorCode(d.pop("code"))

        message = d.pop("message")

        sip_status_code = d.pop("sip_status_code", UNSET)

        sip_status = d.pop("sip_status", UNSET)

        transfer_outcome_error = cls(
            code=code,
            message=message,
            sip_status_code=sip_status_code,
            sip_status=sip_status,
        )

        return transfer_outcome_error
