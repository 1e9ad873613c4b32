# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.warm_transfer import WarmTransfer


T = TypeVar("T", bound="WarmTransferList")


@_attrs_define
class WarmTransferList:
    """
    Attributes:
        warm_transfers (list[WarmTransfer]):
        next_cursor (None | str): Pass as `cursor` for the next page; `null` on the last page.
    """

    warm_transfers: list[WarmTransfer]
    next_cursor: None | str

    def to_dict(self) -> dict[str, Any]:
        warm_transfers = []
        for warm_transfers_item_data in self.warm_transfers:
            warm_transfers_item = warm_transfers_item_data.to_dict()
            warm_transfers.append(warm_transfers_item)

        next_cursor: None | str
        next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "warm_transfers": warm_transfers,
                "next_cursor": next_cursor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.warm_transfer import WarmTransfer

        d = dict(src_dict)
        warm_transfers = []
        _warm_transfers = d.pop("warm_transfers")
        for warm_transfers_item_data in _warm_transfers:
            warm_transfers_item = WarmTransfer.from_dict(warm_transfers_item_data)

            warm_transfers.append(warm_transfers_item)

        def _parse_next_cursor(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor"))

        warm_transfer_list = cls(
            warm_transfers=warm_transfers,
            next_cursor=next_cursor,
        )

        return warm_transfer_list
