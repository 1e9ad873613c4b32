# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.warm_transfer import WarmTransfer
from ...types import Response


def _get_kwargs(
    warm_transfer_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/sip/warm-transfers/{warm_transfer_id}/cancel".format(
            warm_transfer_id=quote(str(warm_transfer_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WarmTransfer | None:
    if response.status_code == 200:
        response_200 = WarmTransfer.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

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
) -> Response[Error | WarmTransfer]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    warm_transfer_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | WarmTransfer]:
    """Cancel a warm transfer (end the supervisor's leg, restore the caller)

     Ends the supervisor's leg (a SIP CANCEL while their phone rings, a BYE once they answered)
    and takes the caller off hold: the caller and the agent hear each other again. No request
    body.

    A warm transfer that is `dialing` or `consulting` can be cancelled. One already `cancelled`
    answers 200 with its record, so a cancel is safe to retry; one that is `completed` or
    `failed` answers 409 `WARM_TRANSFER_ENDED` with its status in `details.status`. A warm
    transfer of another tenant answers exactly like an unknown id (404
    `WARM_TRANSFER_NOT_FOUND`).

    When LiveKit fails while removing the supervisor's leg or restoring the caller (500
    `LIVEKIT_UNAVAILABLE`), the record keeps its status and the call may be retried.

    Args:
        warm_transfer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WarmTransfer]
    """

    kwargs = _get_kwargs(
        warm_transfer_id=warm_transfer_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    warm_transfer_id: str,
    *,
    client: AuthenticatedClient,
) -> Error | WarmTransfer | None:
    """Cancel a warm transfer (end the supervisor's leg, restore the caller)

     Ends the supervisor's leg (a SIP CANCEL while their phone rings, a BYE once they answered)
    and takes the caller off hold: the caller and the agent hear each other again. No request
    body.

    A warm transfer that is `dialing` or `consulting` can be cancelled. One already `cancelled`
    answers 200 with its record, so a cancel is safe to retry; one that is `completed` or
    `failed` answers 409 `WARM_TRANSFER_ENDED` with its status in `details.status`. A warm
    transfer of another tenant answers exactly like an unknown id (404
    `WARM_TRANSFER_NOT_FOUND`).

    When LiveKit fails while removing the supervisor's leg or restoring the caller (500
    `LIVEKIT_UNAVAILABLE`), the record keeps its status and the call may be retried.

    Args:
        warm_transfer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WarmTransfer
    """

    return sync_detailed(
        warm_transfer_id=warm_transfer_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    warm_transfer_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | WarmTransfer]:
    """Cancel a warm transfer (end the supervisor's leg, restore the caller)

     Ends the supervisor's leg (a SIP CANCEL while their phone rings, a BYE once they answered)
    and takes the caller off hold: the caller and the agent hear each other again. No request
    body.

    A warm transfer that is `dialing` or `consulting` can be cancelled. One already `cancelled`
    answers 200 with its record, so a cancel is safe to retry; one that is `completed` or
    `failed` answers 409 `WARM_TRANSFER_ENDED` with its status in `details.status`. A warm
    transfer of another tenant answers exactly like an unknown id (404
    `WARM_TRANSFER_NOT_FOUND`).

    When LiveKit fails while removing the supervisor's leg or restoring the caller (500
    `LIVEKIT_UNAVAILABLE`), the record keeps its status and the call may be retried.

    Args:
        warm_transfer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WarmTransfer]
    """

    kwargs = _get_kwargs(
        warm_transfer_id=warm_transfer_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    warm_transfer_id: str,
    *,
    client: AuthenticatedClient,
) -> Error | WarmTransfer | None:
    """Cancel a warm transfer (end the supervisor's leg, restore the caller)

     Ends the supervisor's leg (a SIP CANCEL while their phone rings, a BYE once they answered)
    and takes the caller off hold: the caller and the agent hear each other again. No request
    body.

    A warm transfer that is `dialing` or `consulting` can be cancelled. One already `cancelled`
    answers 200 with its record, so a cancel is safe to retry; one that is `completed` or
    `failed` answers 409 `WARM_TRANSFER_ENDED` with its status in `details.status`. A warm
    transfer of another tenant answers exactly like an unknown id (404
    `WARM_TRANSFER_NOT_FOUND`).

    When LiveKit fails while removing the supervisor's leg or restoring the caller (500
    `LIVEKIT_UNAVAILABLE`), the record keeps its status and the call may be retried.

    Args:
        warm_transfer_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WarmTransfer
    """

    return (
        await asyncio_detailed(
            warm_transfer_id=warm_transfer_id,
            client=client,
        )
    ).parsed
