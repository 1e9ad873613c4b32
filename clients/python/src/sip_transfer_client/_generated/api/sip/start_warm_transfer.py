# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.warm_transfer_request import WarmTransferRequest
from ...models.warm_transfer_response import WarmTransferResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: WarmTransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sip/warm-transfers",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WarmTransferResponse | None:
    if response.status_code == 201:
        response_201 = WarmTransferResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | WarmTransferResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WarmTransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | WarmTransferResponse]:
    """Start a warm (attended) transfer to a supervisor

     Starts a warm transfer of a SIP caller in a LiveKit room: the caller is put on hold (they
    hear nothing and are not heard), and a supervisor is dialled through the outbound SIP trunk
    into the caller's own room, where the agent can brief them. Then
    `POST /sip/warm-transfers/{warm_transfer_id}/complete` connects the caller and the
    supervisor (the agent named by `agent_identity`, if any, is removed from the room), or
    `POST /sip/warm-transfers/{warm_transfer_id}/cancel` ends the supervisor's leg and takes
    the caller off hold, back with the agent. It works on open-source LiveKit (no
    `MoveParticipant`); LiveKit must run with `room.enable_remote_unmute: true`.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number format (400 `INVALID_PHONE_NUMBER`; a
    SIP URI answers this too); the destination policy (403 `DESTINATION_NOT_ALLOWED`);
    `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); an outbound SIP trunk configured (500
    `SIP_TRUNK_NOT_CONFIGURED`: set `SIP_OUTBOUND_TRUNK_ID`); room access (404
    `ROOM_NOT_FOUND`); participant exists and is a SIP participant (404
    `PARTICIPANT_NOT_FOUND`); one transfer per participant (409 `TRANSFER_IN_PROGRESS`); LiveKit
    lets the server unmute the caller afterwards (500 `LIVEKIT_REMOTE_UNMUTE_DISABLED`: LiveKit
    runs without `room.enable_remote_unmute`, and nothing was changed); the hold and the dial.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    One transfer per participant at a time: while a cold transfer (`POST /sip/transfer`) or a
    warm transfer of the participant is running (`dialing` or `consulting`), a new warm
    transfer answers 409 `TRANSFER_IN_PROGRESS`; `details` names the caller's own running one
    (`transfer_id` or `warm_transfer_id`). Warm transfers count against the same per-tenant
    transfer limit as cold ones (429).

    The dial runs in the background: the answer is 201 `dialing` as soon as the caller is on
    hold and the supervisor is being dialled, and the record (`Location`) tells when the
    supervisor answered (`consulting`) or why the transfer failed (`error.reason`: the
    supervisor was busy, declined or did not answer, LiveKit refused the hold, the caller hung
    up, …). A transfer that fails always takes the caller off hold again (unless they hung up).

    With an `Idempotency-Key`, the same key with the same body answers the first 201 again, with
    `Idempotent-Replayed: true`, and dials no second time; the same key with another body
    answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
    answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only a 201 is kept: a refused request (4xx,
    500, 503) does not use the key up.

    Args:
        idempotency_key (str | Unset):
        body (WarmTransferRequest): Request body for starting a warm (attended) transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WarmTransferResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: WarmTransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | WarmTransferResponse | None:
    """Start a warm (attended) transfer to a supervisor

     Starts a warm transfer of a SIP caller in a LiveKit room: the caller is put on hold (they
    hear nothing and are not heard), and a supervisor is dialled through the outbound SIP trunk
    into the caller's own room, where the agent can brief them. Then
    `POST /sip/warm-transfers/{warm_transfer_id}/complete` connects the caller and the
    supervisor (the agent named by `agent_identity`, if any, is removed from the room), or
    `POST /sip/warm-transfers/{warm_transfer_id}/cancel` ends the supervisor's leg and takes
    the caller off hold, back with the agent. It works on open-source LiveKit (no
    `MoveParticipant`); LiveKit must run with `room.enable_remote_unmute: true`.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number format (400 `INVALID_PHONE_NUMBER`; a
    SIP URI answers this too); the destination policy (403 `DESTINATION_NOT_ALLOWED`);
    `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); an outbound SIP trunk configured (500
    `SIP_TRUNK_NOT_CONFIGURED`: set `SIP_OUTBOUND_TRUNK_ID`); room access (404
    `ROOM_NOT_FOUND`); participant exists and is a SIP participant (404
    `PARTICIPANT_NOT_FOUND`); one transfer per participant (409 `TRANSFER_IN_PROGRESS`); LiveKit
    lets the server unmute the caller afterwards (500 `LIVEKIT_REMOTE_UNMUTE_DISABLED`: LiveKit
    runs without `room.enable_remote_unmute`, and nothing was changed); the hold and the dial.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    One transfer per participant at a time: while a cold transfer (`POST /sip/transfer`) or a
    warm transfer of the participant is running (`dialing` or `consulting`), a new warm
    transfer answers 409 `TRANSFER_IN_PROGRESS`; `details` names the caller's own running one
    (`transfer_id` or `warm_transfer_id`). Warm transfers count against the same per-tenant
    transfer limit as cold ones (429).

    The dial runs in the background: the answer is 201 `dialing` as soon as the caller is on
    hold and the supervisor is being dialled, and the record (`Location`) tells when the
    supervisor answered (`consulting`) or why the transfer failed (`error.reason`: the
    supervisor was busy, declined or did not answer, LiveKit refused the hold, the caller hung
    up, …). A transfer that fails always takes the caller off hold again (unless they hung up).

    With an `Idempotency-Key`, the same key with the same body answers the first 201 again, with
    `Idempotent-Replayed: true`, and dials no second time; the same key with another body
    answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
    answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only a 201 is kept: a refused request (4xx,
    500, 503) does not use the key up.

    Args:
        idempotency_key (str | Unset):
        body (WarmTransferRequest): Request body for starting a warm (attended) transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WarmTransferResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WarmTransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | WarmTransferResponse]:
    """Start a warm (attended) transfer to a supervisor

     Starts a warm transfer of a SIP caller in a LiveKit room: the caller is put on hold (they
    hear nothing and are not heard), and a supervisor is dialled through the outbound SIP trunk
    into the caller's own room, where the agent can brief them. Then
    `POST /sip/warm-transfers/{warm_transfer_id}/complete` connects the caller and the
    supervisor (the agent named by `agent_identity`, if any, is removed from the room), or
    `POST /sip/warm-transfers/{warm_transfer_id}/cancel` ends the supervisor's leg and takes
    the caller off hold, back with the agent. It works on open-source LiveKit (no
    `MoveParticipant`); LiveKit must run with `room.enable_remote_unmute: true`.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number format (400 `INVALID_PHONE_NUMBER`; a
    SIP URI answers this too); the destination policy (403 `DESTINATION_NOT_ALLOWED`);
    `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); an outbound SIP trunk configured (500
    `SIP_TRUNK_NOT_CONFIGURED`: set `SIP_OUTBOUND_TRUNK_ID`); room access (404
    `ROOM_NOT_FOUND`); participant exists and is a SIP participant (404
    `PARTICIPANT_NOT_FOUND`); one transfer per participant (409 `TRANSFER_IN_PROGRESS`); LiveKit
    lets the server unmute the caller afterwards (500 `LIVEKIT_REMOTE_UNMUTE_DISABLED`: LiveKit
    runs without `room.enable_remote_unmute`, and nothing was changed); the hold and the dial.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    One transfer per participant at a time: while a cold transfer (`POST /sip/transfer`) or a
    warm transfer of the participant is running (`dialing` or `consulting`), a new warm
    transfer answers 409 `TRANSFER_IN_PROGRESS`; `details` names the caller's own running one
    (`transfer_id` or `warm_transfer_id`). Warm transfers count against the same per-tenant
    transfer limit as cold ones (429).

    The dial runs in the background: the answer is 201 `dialing` as soon as the caller is on
    hold and the supervisor is being dialled, and the record (`Location`) tells when the
    supervisor answered (`consulting`) or why the transfer failed (`error.reason`: the
    supervisor was busy, declined or did not answer, LiveKit refused the hold, the caller hung
    up, …). A transfer that fails always takes the caller off hold again (unless they hung up).

    With an `Idempotency-Key`, the same key with the same body answers the first 201 again, with
    `Idempotent-Replayed: true`, and dials no second time; the same key with another body
    answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
    answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only a 201 is kept: a refused request (4xx,
    500, 503) does not use the key up.

    Args:
        idempotency_key (str | Unset):
        body (WarmTransferRequest): Request body for starting a warm (attended) transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WarmTransferResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WarmTransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | WarmTransferResponse | None:
    """Start a warm (attended) transfer to a supervisor

     Starts a warm transfer of a SIP caller in a LiveKit room: the caller is put on hold (they
    hear nothing and are not heard), and a supervisor is dialled through the outbound SIP trunk
    into the caller's own room, where the agent can brief them. Then
    `POST /sip/warm-transfers/{warm_transfer_id}/complete` connects the caller and the
    supervisor (the agent named by `agent_identity`, if any, is removed from the room), or
    `POST /sip/warm-transfers/{warm_transfer_id}/cancel` ends the supervisor's leg and takes
    the caller off hold, back with the agent. It works on open-source LiveKit (no
    `MoveParticipant`); LiveKit must run with `room.enable_remote_unmute: true`.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number format (400 `INVALID_PHONE_NUMBER`; a
    SIP URI answers this too); the destination policy (403 `DESTINATION_NOT_ALLOWED`);
    `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); an outbound SIP trunk configured (500
    `SIP_TRUNK_NOT_CONFIGURED`: set `SIP_OUTBOUND_TRUNK_ID`); room access (404
    `ROOM_NOT_FOUND`); participant exists and is a SIP participant (404
    `PARTICIPANT_NOT_FOUND`); one transfer per participant (409 `TRANSFER_IN_PROGRESS`); LiveKit
    lets the server unmute the caller afterwards (500 `LIVEKIT_REMOTE_UNMUTE_DISABLED`: LiveKit
    runs without `room.enable_remote_unmute`, and nothing was changed); the hold and the dial.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    One transfer per participant at a time: while a cold transfer (`POST /sip/transfer`) or a
    warm transfer of the participant is running (`dialing` or `consulting`), a new warm
    transfer answers 409 `TRANSFER_IN_PROGRESS`; `details` names the caller's own running one
    (`transfer_id` or `warm_transfer_id`). Warm transfers count against the same per-tenant
    transfer limit as cold ones (429).

    The dial runs in the background: the answer is 201 `dialing` as soon as the caller is on
    hold and the supervisor is being dialled, and the record (`Location`) tells when the
    supervisor answered (`consulting`) or why the transfer failed (`error.reason`: the
    supervisor was busy, declined or did not answer, LiveKit refused the hold, the caller hung
    up, …). A transfer that fails always takes the caller off hold again (unless they hung up).

    With an `Idempotency-Key`, the same key with the same body answers the first 201 again, with
    `Idempotent-Replayed: true`, and dials no second time; the same key with another body
    answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
    answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only a 201 is kept: a refused request (4xx,
    500, 503) does not use the key up.

    Args:
        idempotency_key (str | Unset):
        body (WarmTransferRequest): Request body for starting a warm (attended) transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WarmTransferResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
