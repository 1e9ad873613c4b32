# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.readiness_checks_livekit import ReadinessChecksLivekit
from ..models.readiness_checks_store import ReadinessChecksStore
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReadinessChecks")


@_attrs_define
class ReadinessChecks:
    """Each dependency: `ok`, `down` (did not answer within 2 s, or failed), or for LiveKit
    `not_configured` (the LiveKit variables are not set). The store is `ok` only when a small
    write lands (a probe row in SQLite, a probe key in Redis): a read-only or full SQLite file,
    or a Redis that refuses writes, is `down`.

        Attributes:
            store (ReadinessChecksStore):
            livekit (ReadinessChecksLivekit):
            warnings (list[str] | Unset): Risks that do not make this replica unready, present only when there are some: a
                Redis whose `maxmemory-policy` is not `noeviction` may evict transfer records and
                Idempotency-Keys when it is full; a `SIP_OUTBOUND_TRUNK_ID` that LiveKit does not know
                (warm transfers would fail).
    """

    store: ReadinessChecksStore
    livekit: ReadinessChecksLivekit
    warnings: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        store = self.store.value

        livekit = self.livekit.value

        warnings: list[str] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = self.warnings

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "store": store,
                "livekit": livekit,
            }
        )
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        store = ReadinessChecksStore(d.pop("store"))

        livekit = ReadinessChecksLivekit(d.pop("livekit"))

        warnings = cast(list[str], d.pop("warnings", UNSET))

        readiness_checks = cls(
            store=store,
            livekit=livekit,
            warnings=warnings,
        )

        return readiness_checks
