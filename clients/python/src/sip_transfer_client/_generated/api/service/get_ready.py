# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.ready_response import ReadyResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/ready",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ReadyResponse | None:
    if response.status_code == 200:
        response_200 = ReadyResponse.from_dict(response.json())

        return response_200

    if response.status_code == 503:
        response_503 = Error.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ReadyResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Error | ReadyResponse]:
    """Readiness check

     Answers 200 when this replica can transfer calls: the transfer store answers and takes a
    small write, and LiveKit answers (each checked with a 2 s timeout); otherwise 503
    `NOT_READY` naming what is down. `checks.warnings` names risks that do not stop transfers
    (a Redis that may evict keys).
    `GET /health` says only that the process is alive. Never needs a token; query parameters
    are ignored. The answer is reused for `READY_CACHE_MS` (2 s by default) and probes that
    arrive while a check runs share it, so probes never multiply calls to LiveKit or the store.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReadyResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Error | ReadyResponse | None:
    """Readiness check

     Answers 200 when this replica can transfer calls: the transfer store answers and takes a
    small write, and LiveKit answers (each checked with a 2 s timeout); otherwise 503
    `NOT_READY` naming what is down. `checks.warnings` names risks that do not stop transfers
    (a Redis that may evict keys).
    `GET /health` says only that the process is alive. Never needs a token; query parameters
    are ignored. The answer is reused for `READY_CACHE_MS` (2 s by default) and probes that
    arrive while a check runs share it, so probes never multiply calls to LiveKit or the store.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReadyResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Error | ReadyResponse]:
    """Readiness check

     Answers 200 when this replica can transfer calls: the transfer store answers and takes a
    small write, and LiveKit answers (each checked with a 2 s timeout); otherwise 503
    `NOT_READY` naming what is down. `checks.warnings` names risks that do not stop transfers
    (a Redis that may evict keys).
    `GET /health` says only that the process is alive. Never needs a token; query parameters
    are ignored. The answer is reused for `READY_CACHE_MS` (2 s by default) and probes that
    arrive while a check runs share it, so probes never multiply calls to LiveKit or the store.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ReadyResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Error | ReadyResponse | None:
    """Readiness check

     Answers 200 when this replica can transfer calls: the transfer store answers and takes a
    small write, and LiveKit answers (each checked with a 2 s timeout); otherwise 503
    `NOT_READY` naming what is down. `checks.warnings` names risks that do not stop transfers
    (a Redis that may evict keys).
    `GET /health` says only that the process is alive. Never needs a token; query parameters
    are ignored. The answer is reused for `READY_CACHE_MS` (2 s by default) and probes that
    arrive while a check runs share it, so probes never multiply calls to LiveKit or the store.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ReadyResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
