# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.ready_response_status import ReadyResponseStatus

if TYPE_CHECKING:
    from ..models.readiness_checks import ReadinessChecks


T = TypeVar("T", bound="ReadyResponse")


@_attrs_define
class ReadyResponse:
    """
    Attributes:
        status (ReadyResponseStatus):
        checks (ReadinessChecks): Each dependency: `ok`, `down` (did not answer within 2 s, or failed), or for LiveKit
            `not_configured` (the LiveKit variables are not set). The store is `ok` only when a small
            write lands (a probe row in SQLite, a probe key in Redis): a read-only or full SQLite file,
            or a Redis that refuses writes, is `down`.
    """

    status: ReadyResponseStatus
    checks: ReadinessChecks

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        checks = self.checks.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "checks": checks,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.readiness_checks import ReadinessChecks

        d = dict(src_dict)
        status = ReadyResponseStatus(d.pop("status"))

        checks = ReadinessChecks.from_dict(d.pop("checks"))

        ready_response = cls(
            status=status,
            checks=checks,
        )

        return ready_response
