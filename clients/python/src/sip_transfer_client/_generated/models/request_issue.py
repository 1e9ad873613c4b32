# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RequestIssue")


@_attrs_define
class RequestIssue:
    """
    Attributes:
        message (str): What is wrong.
        path (str | Unset): Where in the request the problem is (e.g. `/body/room_name`); cut to 100 characters and `…`.
    """

    message: str
    path: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        path = self.path

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
            }
        )
        if path is not UNSET:
            field_dict["path"] = path

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        message = d.pop("message")

        path = d.pop("path", UNSET)

        request_issue = cls(
            message=message,
            path=path,
        )

        return request_issue
