# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/metrics",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Error | str]:
    """Prometheus metrics

     Metrics in Prometheus' text format: `sip_transfer_http_request_duration_seconds` (by
    method, route, status), `sip_transfer_transfers_total` (by outcome),
    `sip_transfer_transfers_in_flight`, `sip_transfer_livekit_request_duration_seconds` (by
    method, outcome), `sip_transfer_webhook_attempts_total` (by outcome),
    `sip_transfer_webhooks_in_flight`, and the process's own (`sip_transfer_process_*`,
    `sip_transfer_nodejs_*`). No label names a tenant, room or number. When the server has a
    `METRICS_TOKEN`, send it as `Authorization: Bearer <token>`; tenants' tokens do not open it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Error | str | None:
    """Prometheus metrics

     Metrics in Prometheus' text format: `sip_transfer_http_request_duration_seconds` (by
    method, route, status), `sip_transfer_transfers_total` (by outcome),
    `sip_transfer_transfers_in_flight`, `sip_transfer_livekit_request_duration_seconds` (by
    method, outcome), `sip_transfer_webhook_attempts_total` (by outcome),
    `sip_transfer_webhooks_in_flight`, and the process's own (`sip_transfer_process_*`,
    `sip_transfer_nodejs_*`). No label names a tenant, room or number. When the server has a
    `METRICS_TOKEN`, send it as `Authorization: Bearer <token>`; tenants' tokens do not open it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Error | str]:
    """Prometheus metrics

     Metrics in Prometheus' text format: `sip_transfer_http_request_duration_seconds` (by
    method, route, status), `sip_transfer_transfers_total` (by outcome),
    `sip_transfer_transfers_in_flight`, `sip_transfer_livekit_request_duration_seconds` (by
    method, outcome), `sip_transfer_webhook_attempts_total` (by outcome),
    `sip_transfer_webhooks_in_flight`, and the process's own (`sip_transfer_process_*`,
    `sip_transfer_nodejs_*`). No label names a tenant, room or number. When the server has a
    `METRICS_TOKEN`, send it as `Authorization: Bearer <token>`; tenants' tokens do not open it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Error | str | None:
    """Prometheus metrics

     Metrics in Prometheus' text format: `sip_transfer_http_request_duration_seconds` (by
    method, route, status), `sip_transfer_transfers_total` (by outcome),
    `sip_transfer_transfers_in_flight`, `sip_transfer_livekit_request_duration_seconds` (by
    method, outcome), `sip_transfer_webhook_attempts_total` (by outcome),
    `sip_transfer_webhooks_in_flight`, and the process's own (`sip_transfer_process_*`,
    `sip_transfer_nodejs_*`). No label names a tenant, room or number. When the server has a
    `METRICS_TOKEN`, send it as `Authorization: Bearer <token>`; tenants' tokens do not open it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
