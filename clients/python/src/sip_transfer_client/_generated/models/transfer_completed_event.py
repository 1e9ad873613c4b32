# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

import datetime

from dateutil.parser import isoparse
from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.transfer import Transfer


T = TypeVar("T", bound="TransferCompletedEvent")


@_attrs_define
class TransferCompletedEvent:
    """A transfer ended `completed`: LiveKit reported the REFER accepted. Every webhook body has
    this shape: `type` is `transfer.` + the status the transfer ended with, `timestamp` when it
    ended, `data` its record as it ended (as `GET /sip/transfers/{transfer_id}` shows it, without
    `webhook`); the body is the same bytes on every attempt.

        Attributes:
            type_ (Literal['transfer.completed']):
            timestamp (datetime.datetime): When the transfer ended (its `ended_at`).
            data (Transfer): A transfer's record.
    """

    type_: Literal["transfer.completed"]
    timestamp: datetime.datetime
    data: Transfer

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        timestamp = self.timestamp.isoformat()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "timestamp": timestamp,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.transfer import Transfer

        d = dict(src_dict)
        type_ = cast(Literal["transfer.completed"], d.pop("type"))
        if type_ != "transfer.completed":
            raise ValueError(
                f"type must match const 'transfer.completed', got '{type_}'"
            )

        timestamp = isoparse(d.pop("timestamp"))

        data = Transfer.from_dict(d.pop("data"))

        transfer_completed_event = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )

        return transfer_completed_event
