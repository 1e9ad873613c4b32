# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.error_details_reason import ErrorDetailsReason
from ..models.warm_transfer_status import WarmTransferStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.readiness_checks import ReadinessChecks
    from ..models.request_issue import RequestIssue


T = TypeVar("T", bound="ErrorDetails")


@_attrs_define
class ErrorDetails:
    """Extra facts about an error, when there are any.

    Attributes:
        transfer_id (str | Unset): The transfer's id (opaque, URL-safe, 128 random bits).
        warm_transfer_id (str | Unset): The warm transfer's id (opaque, URL-safe, 128 random bits).
        status (WarmTransferStatus | Unset): `dialing`: the caller is on hold and the supervisor's phone is ringing.
            `consulting`: the supervisor answered; the agent and the supervisor talk while the caller is
            on hold.
            `completed`: the caller and the supervisor are connected (the agent, if named, was removed
            from the room).
            `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
            agent.
            `failed`: the warm transfer ended without completing (`error` says why); the caller was
            taken off hold, or had hung up.
        sip_status_code (int | Unset): The SIP status code LiveKit reported for a failed transfer (e.g. 486, 603).
        sip_status (str | Unset): The SIP reason phrase or status LiveKit reported for a failed transfer.
        reason (ErrorDetailsReason | Unset): Why the destination policy refused `transfer_to` (with
            `DESTINATION_NOT_ALLOWED`):
            `country` (not an allowed country, or a calling code of no country), `number_type`
            (e.g. premium rate, told by the number's range even when it is not a valid number),
            `extension` (internal extensions not allowed), `sip_domain` (not an allowed SIP
            domain), `unclassified` (a national number whose country and type cannot be told
            without `PHONE_DEFAULT_REGION`, while a country or number-type rule is on).
        issues (list[RequestIssue] | Unset): What is wrong with the request, one entry per problem (the first 20).
        checks (ReadinessChecks | Unset): Each dependency: `ok`, `down` (did not answer within 2 s, or failed), or for
            LiveKit
            `not_configured` (the LiveKit variables are not set). The store is `ok` only when a small
            write lands (a probe row in SQLite, a probe key in Redis): a read-only or full SQLite file,
            or a Redis that refuses writes, is `down`.
        issue_count (int | Unset): How many problems the request has, when there are more than `issues` lists.
    """

    transfer_id: str | Unset = UNSET
    warm_transfer_id: str | Unset = UNSET
    status: WarmTransferStatus | Unset = UNSET
    sip_status_code: int | Unset = UNSET
    sip_status: str | Unset = UNSET
    reason: ErrorDetailsReason | Unset = UNSET
    issues: list[RequestIssue] | Unset = UNSET
    checks: ReadinessChecks | Unset = UNSET
    issue_count: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        transfer_id = self.transfer_id

        warm_transfer_id = self.warm_transfer_id

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        sip_status_code = self.sip_status_code

        sip_status = self.sip_status

        reason: str | Unset = UNSET
        if not isinstance(self.reason, Unset):
            reason = self.reason.value

        issues: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.issues, Unset):
            issues = []
            for issues_item_data in self.issues:
                issues_item = issues_item_data.to_dict()
                issues.append(issues_item)

        checks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checks, Unset):
            checks = self.checks.to_dict()

        issue_count = self.issue_count

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if transfer_id is not UNSET:
            field_dict["transfer_id"] = transfer_id
        if warm_transfer_id is not UNSET:
            field_dict["warm_transfer_id"] = warm_transfer_id
        if status is not UNSET:
            field_dict["status"] = status
        if sip_status_code is not UNSET:
            field_dict["sip_status_code"] = sip_status_code
        if sip_status is not UNSET:
            field_dict["sip_status"] = sip_status
        if reason is not UNSET:
            field_dict["reason"] = reason
        if issues is not UNSET:
            field_dict["issues"] = issues
        if checks is not UNSET:
            field_dict["checks"] = checks
        if issue_count is not UNSET:
            field_dict["issue_count"] = issue_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.readiness_checks import ReadinessChecks
        from ..models.request_issue import RequestIssue

        d = dict(src_dict)
        transfer_id = d.pop("transfer_id", UNSET)

        warm_transfer_id = d.pop("warm_transfer_id", UNSET)

        _status = d.pop("status", UNSET)
        status: WarmTransferStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = WarmTransferStatus(_status)

        sip_status_code = d.pop("sip_status_code", UNSET)

        sip_status = d.pop("sip_status", UNSET)

        _reason = d.pop("reason", UNSET)
        reason: ErrorDetailsReason | Unset
        if isinstance(_reason, Unset):
            reason = UNSET
        else:
            reason = ErrorDetailsReason(_reason)

        _issues = d.pop("issues", UNSET)
        issues: list[RequestIssue] | Unset = UNSET
        if _issues is not UNSET:
            issues = []
            for issues_item_data in _issues:
                issues_item = RequestIssue.from_dict(issues_item_data)

                issues.append(issues_item)

        _checks = d.pop("checks", UNSET)
        checks: ReadinessChecks | Unset
        if isinstance(_checks, Unset):
            checks = UNSET
        else:
            checks = ReadinessChecks.from_dict(_checks)

        issue_count = d.pop("issue_count", UNSET)

        error_details = cls(
            transfer_id=transfer_id,
            warm_transfer_id=warm_transfer_id,
            status=status,
            sip_status_code=sip_status_code,
            sip_status=sip_status,
            reason=reason,
            issues=issues,
            checks=checks,
            issue_count=issue_count,
        )

        return error_details
