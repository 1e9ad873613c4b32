# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing_extensions import Self
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.transfer_webhook_status import TransferWebhookStatus

T = TypeVar("T", bound="TransferWebhook")


@_attrs_define
class TransferWebhook:
    """Where the `transfer.*` webhook of this transfer stands; present when the tenant (or, for
    anonymous transfers, the server) has a webhook configured. `pending` while the transfer
    runs and while attempts are left; `delivered` once the receiver answered 2xx; `failed` after
    `WEBHOOK_MAX_ATTEMPTS` attempts without a 2xx (an attempt cut off by a server stop does not
    count), or when its tenant had no webhook configured for `TRANSFER_RETENTION_S` after the
    transfer ended (while none is configured it stays `pending` and is not attempted). Never part
    of a webhook's own `data`.

        Attributes:
            status (TransferWebhookStatus):
            attempts (int): Attempts made so far.
    """

    status: TransferWebhookStatus
    attempts: int

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        attempts = self.attempts

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
                "attempts": attempts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = TransferWebhookStatus(d.pop("status"))

        attempts = d.pop("attempts")

        transfer_webhook = cls(
            status=status,
            attempts=attempts,
        )

        return transfer_webhook
