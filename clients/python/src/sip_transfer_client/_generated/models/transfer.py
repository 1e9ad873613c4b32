# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from __future__ import annotations

import datetime

from dateutil.parser import isoparse
from collections.abc import Mapping
from typing_extensions import Self
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.transfer_status import TransferStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.transfer_outcome_error import TransferOutcomeError
    from ..models.transfer_webhook import TransferWebhook


T = TypeVar("T", bound="Transfer")


@_attrs_define
class Transfer:
    """A transfer's record.

    Attributes:
        transfer_id (str): The transfer's id (opaque, URL-safe, 128 random bits).
        status (TransferStatus): `initiated`: LiveKit accepted the transfer and it is still running.
            `completed`: LiveKit reported the transfer successful.
            `failed`: LiveKit reported the transfer failed (`error` says why).
            `unknown`: LiveKit never reported the outcome: its call timed out or was cut off, it
            reported that the REFER got no answer (its SIP transaction ended without a final
            response), it answered something that is not an answer, or the server stopped first. The
            REFER may still have succeeded; a timeout is never reported as `failed`.
        room_name (str):
        participant_identity (str):
        transfer_to (str):
        created_at (datetime.datetime): When the transfer was sent to LiveKit (RFC 3339, UTC).
        updated_at (datetime.datetime):
        request_id (str): The `X-Request-Id` of the request that started the transfer.
        ended_at (datetime.datetime | Unset): When the outcome was known; absent while `initiated`.
        error (TransferOutcomeError | Unset): Why a transfer is `failed` or `unknown`.
        webhook (TransferWebhook | Unset): Where the `transfer.*` webhook of this transfer stands; present when the
            tenant (or, for
            anonymous transfers, the server) has a webhook configured. `pending` while the transfer
            runs and while attempts are left; `delivered` once the receiver answered 2xx; `failed` after
            `WEBHOOK_MAX_ATTEMPTS` attempts without a 2xx (an attempt cut off by a server stop does not
            count), or when its tenant had no webhook configured for `TRANSFER_RETENTION_S` after the
            transfer ended (while none is configured it stays `pending` and is not attempted). Never part
            of a webhook's own `data`.
    """

    transfer_id: str
    status: TransferStatus
    room_name: str
    participant_identity: str
    transfer_to: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    request_id: str
    ended_at: datetime.datetime | Unset = UNSET
    error: TransferOutcomeError | Unset = UNSET
    webhook: TransferWebhook | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        transfer_id = self.transfer_id

        status = self.status.value

        room_name = self.room_name

        participant_identity = self.participant_identity

        transfer_to = self.transfer_to

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        request_id = self.request_id

        ended_at: str | Unset = UNSET
        if not isinstance(self.ended_at, Unset):
            ended_at = self.ended_at.isoformat()

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        webhook: dict[str, Any] | Unset = UNSET
        if not isinstance(self.webhook, Unset):
            webhook = self.webhook.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "transfer_id": transfer_id,
                "status": status,
                "room_name": room_name,
                "participant_identity": participant_identity,
                "transfer_to": transfer_to,
                "created_at": created_at,
                "updated_at": updated_at,
                "request_id": request_id,
            }
        )
        if ended_at is not UNSET:
            field_dict["ended_at"] = ended_at
        if error is not UNSET:
            field_dict["error"] = error
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.transfer_outcome_error import TransferOutcomeError
        from ..models.transfer_webhook import TransferWebhook

        d = dict(src_dict)
        transfer_id = d.pop("transfer_id")

        status = TransferStatus(d.pop("status"))

        room_name = d.pop("room_name")

        participant_identity = d.pop("participant_identity")

        transfer_to = d.pop("transfer_to")

        created_at = isoparse(d.pop("created_at"))

        updated_at = isoparse(d.pop("updated_at"))

        request_id = d.pop("request_id")

        _ended_at = d.pop("ended_at", UNSET)
        ended_at: datetime.datetime | Unset
        if isinstance(_ended_at, Unset):
            ended_at = UNSET
        else:
            ended_at = isoparse(_ended_at)

        _error = d.pop("error", UNSET)
        error: TransferOutcomeError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = TransferOutcomeError.from_dict(_error)

        _webhook = d.pop("webhook", UNSET)
        webhook: TransferWebhook | Unset
        if isinstance(_webhook, Unset):
            webhook = UNSET
        else:
            webhook = TransferWebhook.from_dict(_webhook)

        transfer = cls(
            transfer_id=transfer_id,
            status=status,
            room_name=room_name,
            participant_identity=participant_identity,
            transfer_to=transfer_to,
            created_at=created_at,
            updated_at=updated_at,
            request_id=request_id,
            ended_at=ended_at,
            error=error,
            webhook=webhook,
        )

        return transfer
