# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.transfer_request import TransferRequest
from ...models.transfer_response import TransferResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sip/transfer",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TransferResponse | None:
    if response.status_code == 200:
        response_200 = TransferResponse.from_dict(response.json())

        return response_200

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
) -> Response[Error | TransferResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | TransferResponse]:
    """Transfer a SIP call to another number

     Initiates a SIP REFER transfer for a participant in a LiveKit room. The transfer moves an
    ongoing SIP call to a different phone number.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number or SIP URI format (400
    `INVALID_PHONE_NUMBER`); options (400 `INVALID_REQUEST`); the destination policy (403
    `DESTINATION_NOT_ALLOWED`); `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); room access (404 `ROOM_NOT_FOUND`); participant exists and is a
    SIP participant (404 `PARTICIPANT_NOT_FOUND`); one transfer per participant (409
    `TRANSFER_IN_PROGRESS`); the transfer.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    LiveKit's transfer call returns only when the transfer has ended, which can take 30 seconds
    or more. The server waits a short window (`TRANSFER_WAIT_MS`, default 2 s): if LiveKit
    reports success in that window the answer is `completed`; if the transfer is still running
    the answer is `initiated`, the transfer continues in the background, and its record
    (`Location`) tells how it ended.

    One transfer per participant at a time: while one is `initiated`, the same request (same
    room, participant and destination) answers 200 with that running transfer and sends no
    second REFER; another destination answers 409 `TRANSFER_IN_PROGRESS`.

    Args:
        idempotency_key (str | Unset):
        body (TransferRequest): Request body for initiating a SIP call transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TransferResponse]
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
    body: TransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | TransferResponse | None:
    """Transfer a SIP call to another number

     Initiates a SIP REFER transfer for a participant in a LiveKit room. The transfer moves an
    ongoing SIP call to a different phone number.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number or SIP URI format (400
    `INVALID_PHONE_NUMBER`); options (400 `INVALID_REQUEST`); the destination policy (403
    `DESTINATION_NOT_ALLOWED`); `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); room access (404 `ROOM_NOT_FOUND`); participant exists and is a
    SIP participant (404 `PARTICIPANT_NOT_FOUND`); one transfer per participant (409
    `TRANSFER_IN_PROGRESS`); the transfer.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    LiveKit's transfer call returns only when the transfer has ended, which can take 30 seconds
    or more. The server waits a short window (`TRANSFER_WAIT_MS`, default 2 s): if LiveKit
    reports success in that window the answer is `completed`; if the transfer is still running
    the answer is `initiated`, the transfer continues in the background, and its record
    (`Location`) tells how it ended.

    One transfer per participant at a time: while one is `initiated`, the same request (same
    room, participant and destination) answers 200 with that running transfer and sends no
    second REFER; another destination answers 409 `TRANSFER_IN_PROGRESS`.

    Args:
        idempotency_key (str | Unset):
        body (TransferRequest): Request body for initiating a SIP call transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TransferResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Error | TransferResponse]:
    """Transfer a SIP call to another number

     Initiates a SIP REFER transfer for a participant in a LiveKit room. The transfer moves an
    ongoing SIP call to a different phone number.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number or SIP URI format (400
    `INVALID_PHONE_NUMBER`); options (400 `INVALID_REQUEST`); the destination policy (403
    `DESTINATION_NOT_ALLOWED`); `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); room access (404 `ROOM_NOT_FOUND`); participant exists and is a
    SIP participant (404 `PARTICIPANT_NOT_FOUND`); one transfer per participant (409
    `TRANSFER_IN_PROGRESS`); the transfer.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    LiveKit's transfer call returns only when the transfer has ended, which can take 30 seconds
    or more. The server waits a short window (`TRANSFER_WAIT_MS`, default 2 s): if LiveKit
    reports success in that window the answer is `completed`; if the transfer is still running
    the answer is `initiated`, the transfer continues in the background, and its record
    (`Location`) tells how it ended.

    One transfer per participant at a time: while one is `initiated`, the same request (same
    room, participant and destination) answers 200 with that running transfer and sends no
    second REFER; another destination answers 409 `TRANSFER_IN_PROGRESS`.

    Args:
        idempotency_key (str | Unset):
        body (TransferRequest): Request body for initiating a SIP call transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TransferResponse]
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
    body: TransferRequest,
    idempotency_key: str | Unset = UNSET,
) -> Error | TransferResponse | None:
    """Transfer a SIP call to another number

     Initiates a SIP REFER transfer for a participant in a LiveKit room. The transfer moves an
    ongoing SIP call to a different phone number.

    Checks run in this order, and the first failure answers: authentication; body shape and
    empty fields (400 `INVALID_REQUEST`); phone number or SIP URI format (400
    `INVALID_PHONE_NUMBER`); options (400 `INVALID_REQUEST`); the destination policy (403
    `DESTINATION_NOT_ALLOWED`); `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
    `LIVEKIT_NOT_CONFIGURED`); room access (404 `ROOM_NOT_FOUND`); participant exists and is a
    SIP participant (404 `PARTICIPANT_NOT_FOUND`); one transfer per participant (409
    `TRANSFER_IN_PROGRESS`); the transfer.

    Room access is controlled by room metadata: when the caller is authenticated (has an
    `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
    another tenant answers exactly like a missing room. Anonymous callers may use any room.

    LiveKit's transfer call returns only when the transfer has ended, which can take 30 seconds
    or more. The server waits a short window (`TRANSFER_WAIT_MS`, default 2 s): if LiveKit
    reports success in that window the answer is `completed`; if the transfer is still running
    the answer is `initiated`, the transfer continues in the background, and its record
    (`Location`) tells how it ended.

    One transfer per participant at a time: while one is `initiated`, the same request (same
    room, participant and destination) answers 200 with that running transfer and sends no
    second REFER; another destination answers 409 `TRANSFER_IN_PROGRESS`.

    Args:
        idempotency_key (str | Unset):
        body (TransferRequest): Request body for initiating a SIP call transfer

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TransferResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
