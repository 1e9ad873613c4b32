# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.readiness_checks_livekit import ReadinessChecksLivekit
from ..models.readiness_checks_store import ReadinessChecksStore

T = TypeVar("T", bound="ReadinessChecks")


@_attrs_define
class ReadinessChecks:
    """Each dependency: `ok`, `down` (did not answer within 2 s, or failed), or for LiveKit
    `not_configured` (the LiveKit variables are not set).

        Attributes:
            store (ReadinessChecksStore):
            livekit (ReadinessChecksLivekit):
    """

    store: ReadinessChecksStore
    livekit: ReadinessChecksLivekit

    def to_dict(self) -> dict[str, Any]:
        store = self.store.value

        livekit = self.livekit.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "store": store,
                "livekit": livekit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        store = ReadinessChecksStore(d.pop("store"))

        livekit = ReadinessChecksLivekit(d.pop("livekit"))

        readiness_checks = cls(
            store=store,
            livekit=livekit,
        )

        return readiness_checks
