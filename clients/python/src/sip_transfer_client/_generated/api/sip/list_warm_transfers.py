# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.warm_transfer_list import WarmTransferList
from ...models.warm_transfer_status import WarmTransferStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    room_name: str | Unset = UNSET,
    participant_identity: str | Unset = UNSET,
    status: WarmTransferStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["room_name"] = room_name

    params["participant_identity"] = participant_identity

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/sip/warm-transfers",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | WarmTransferList | None:
    if response.status_code == 200:
        response_200 = WarmTransferList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Error | WarmTransferList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    room_name: str | Unset = UNSET,
    participant_identity: str | Unset = UNSET,
    status: WarmTransferStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> Response[Error | WarmTransferList]:
    """The caller's warm transfers, newest first

     The caller's warm transfers (its tenant's, or the anonymous ones), newest first, filtered by
    the query. Pages are linked by `next_cursor`: pass it as `cursor` for the next page; it is
    `null` on the last page. A page may hold fewer than `limit` warm transfers when filters skip
    many records; keep following `next_cursor` until it is `null`.

    Args:
        room_name (str | Unset):
        participant_identity (str | Unset):
        status (WarmTransferStatus | Unset): `dialing`: the caller is on hold and the supervisor's
            phone is ringing.
            `consulting`: the supervisor answered; the agent and the supervisor talk while the caller
            is
            on hold.
            `completed`: the caller and the supervisor are connected (the agent, if named, was removed
            from the room).
            `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
            agent.
            `failed`: the warm transfer ended without completing (`error` says why); the caller was
            taken off hold, or had hung up.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WarmTransferList]
    """

    kwargs = _get_kwargs(
        room_name=room_name,
        participant_identity=participant_identity,
        status=status,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    room_name: str | Unset = UNSET,
    participant_identity: str | Unset = UNSET,
    status: WarmTransferStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> Error | WarmTransferList | None:
    """The caller's warm transfers, newest first

     The caller's warm transfers (its tenant's, or the anonymous ones), newest first, filtered by
    the query. Pages are linked by `next_cursor`: pass it as `cursor` for the next page; it is
    `null` on the last page. A page may hold fewer than `limit` warm transfers when filters skip
    many records; keep following `next_cursor` until it is `null`.

    Args:
        room_name (str | Unset):
        participant_identity (str | Unset):
        status (WarmTransferStatus | Unset): `dialing`: the caller is on hold and the supervisor's
            phone is ringing.
            `consulting`: the supervisor answered; the agent and the supervisor talk while the caller
            is
            on hold.
            `completed`: the caller and the supervisor are connected (the agent, if named, was removed
            from the room).
            `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
            agent.
            `failed`: the warm transfer ended without completing (`error` says why); the caller was
            taken off hold, or had hung up.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WarmTransferList
    """

    return sync_detailed(
        client=client,
        room_name=room_name,
        participant_identity=participant_identity,
        status=status,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    room_name: str | Unset = UNSET,
    participant_identity: str | Unset = UNSET,
    status: WarmTransferStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> Response[Error | WarmTransferList]:
    """The caller's warm transfers, newest first

     The caller's warm transfers (its tenant's, or the anonymous ones), newest first, filtered by
    the query. Pages are linked by `next_cursor`: pass it as `cursor` for the next page; it is
    `null` on the last page. A page may hold fewer than `limit` warm transfers when filters skip
    many records; keep following `next_cursor` until it is `null`.

    Args:
        room_name (str | Unset):
        participant_identity (str | Unset):
        status (WarmTransferStatus | Unset): `dialing`: the caller is on hold and the supervisor's
            phone is ringing.
            `consulting`: the supervisor answered; the agent and the supervisor talk while the caller
            is
            on hold.
            `completed`: the caller and the supervisor are connected (the agent, if named, was removed
            from the room).
            `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
            agent.
            `failed`: the warm transfer ended without completing (`error` says why); the caller was
            taken off hold, or had hung up.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | WarmTransferList]
    """

    kwargs = _get_kwargs(
        room_name=room_name,
        participant_identity=participant_identity,
        status=status,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    room_name: str | Unset = UNSET,
    participant_identity: str | Unset = UNSET,
    status: WarmTransferStatus | Unset = UNSET,
    limit: int | Unset = 20,
    cursor: str | Unset = UNSET,
) -> Error | WarmTransferList | None:
    """The caller's warm transfers, newest first

     The caller's warm transfers (its tenant's, or the anonymous ones), newest first, filtered by
    the query. Pages are linked by `next_cursor`: pass it as `cursor` for the next page; it is
    `null` on the last page. A page may hold fewer than `limit` warm transfers when filters skip
    many records; keep following `next_cursor` until it is `null`.

    Args:
        room_name (str | Unset):
        participant_identity (str | Unset):
        status (WarmTransferStatus | Unset): `dialing`: the caller is on hold and the supervisor's
            phone is ringing.
            `consulting`: the supervisor answered; the agent and the supervisor talk while the caller
            is
            on hold.
            `completed`: the caller and the supervisor are connected (the agent, if named, was removed
            from the room).
            `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
            agent.
            `failed`: the warm transfer ended without completing (`error` says why); the caller was
            taken off hold, or had hung up.
        limit (int | Unset):  Default: 20.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | WarmTransferList
    """

    return (
        await asyncio_detailed(
            client=client,
            room_name=room_name,
            participant_identity=participant_identity,
            status=status,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
