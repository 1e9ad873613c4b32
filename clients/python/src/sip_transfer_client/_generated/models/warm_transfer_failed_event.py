# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

import datetime

from dateutil.parser import isoparse
from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.warm_transfer import WarmTransfer


T = TypeVar("T", bound="WarmTransferFailedEvent")


@_attrs_define
class WarmTransferFailedEvent:
    """`warm_transfer.failed`: `data.status` is `failed` and `data.error.reason` says why; the caller was taken off hold
    (or had hung up).

        Attributes:
            type_ (Literal['warm_transfer.failed']):
            timestamp (datetime.datetime): When the warm transfer ended (its `ended_at`).
            data (WarmTransfer): A warm transfer's record.
    """

    type_: Literal["warm_transfer.failed"]
    timestamp: datetime.datetime
    data: WarmTransfer

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
        from ..models.warm_transfer import WarmTransfer

        d = dict(src_dict)
        type_ = cast(Literal["warm_transfer.failed"], d.pop("type"))
        if type_ != "warm_transfer.failed":
            raise ValueError(
                f"type must match const 'warm_transfer.failed', got '{type_}'"
            )

        timestamp = isoparse(d.pop("timestamp"))

        data = WarmTransfer.from_dict(d.pop("data"))

        warm_transfer_failed_event = cls(
            type_=type_,
            timestamp=timestamp,
            data=data,
        )

        return warm_transfer_failed_event
