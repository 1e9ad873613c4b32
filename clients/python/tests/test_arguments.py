"""Arguments the API would refuse are the caller's ValueError (TypeError for a wrong type), naming the
argument, raised before anything is sent; what the API takes is sent as given. The client talks to an
httpx MockTransport that records every request (tests/test_server.py holds the same refusals to the
real server's 400s)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sip_transfer_client import (
    AsyncSipTransferClient,
    SipTransferClient,
    SipTransferError,
    TransferStatus,
    WarmTransferStatus,
)

RECORD = {
    "transfer_id": "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
    "status": "completed",
    "room_name": "call-room-123",
    "participant_identity": "sip_participant_456",
    "transfer_to": "tel:+15551234567",
    "created_at": "2026-11-25T18:00:00.000Z",
    "updated_at": "2026-11-25T18:00:07.412Z",
    "ended_at": "2026-11-25T18:00:07.412Z",
    "request_id": "3f1c2a9e-8d4b-4c57-9e1a-2b7d6c5f4e3a",
}
ANSWER = {k: RECORD[k] for k in ("transfer_id", "status", "room_name", "participant_identity", "transfer_to")}
SEED: dict[str, Any] = {"room_name": "call-room-123", "participant_identity": "sip_participant_456", "transfer_to": "+15551234567"}


WARM_RECORD = {
    "warm_transfer_id": "wt_4fQ2mX9cLp7Rz1Kd8NvB3w",
    "status": "cancelled",
    "room_name": "call-room-123",
    "participant_identity": "sip_participant_456",
    "transfer_to": "tel:+15559876543",
    "consult_identity": "consult_wt_4fQ2mX9cLp7Rz1Kd8NvB3w",
    "created_at": "2026-11-25T18:00:00.000Z",
    "updated_at": "2026-11-25T18:00:04.015Z",
    "ended_at": "2026-11-25T18:00:04.015Z",
    "request_id": "7a2e4c91-5b3d-4f68-8e0a-1c9d2b3f4a5e",
}
WARM_ANSWER = {**{k: WARM_RECORD[k] for k in ("warm_transfer_id", "room_name", "participant_identity", "transfer_to", "consult_identity")}, "status": "dialing"}


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/sip/transfer":
        return httpx.Response(200, json=ANSWER)
    if request.url.path == "/sip/transfers":
        return httpx.Response(200, json={"transfers": [RECORD], "next_cursor": None})
    if request.url.path == "/sip/warm-transfers":
        if request.method == "POST":
            return httpx.Response(201, json=WARM_ANSWER)
        return httpx.Response(200, json={"warm_transfers": [WARM_RECORD], "next_cursor": None})
    if request.url.path.startswith("/sip/warm-transfers/"):
        return httpx.Response(200, json=WARM_RECORD)
    return httpx.Response(200, json=RECORD)


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(sent: list[httpx.Request]) -> Iterator[SipTransferClient]:
    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    with SipTransferClient("http://sip-transfer.test", "token", retries=0) as sync:
        sync._client.set_httpx_client(httpx.Client(base_url="http://sip-transfer.test", transport=httpx.MockTransport(record)))
        yield sync


def test_list_transfers_with_a_bogus_status_is_a_value_error_and_sends_nothing(client: SipTransferClient, sent: list[httpx.Request]) -> None:
    with pytest.raises(ValueError, match=r"status must be one of completed, failed, initiated, unknown .*'bogus'"):
        client.list_transfers(status="bogus")
    assert sent == []


BAD_TRANSFERS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"room_name": ""}, ValueError, "room_name must not be empty"),
    ({"room_name": " \t\u00a0"}, ValueError, "room_name must not be blank"),
    ({"room_name": "r" * 257}, ValueError, "room_name must be at most 256 characters"),
    ({"participant_identity": ""}, ValueError, "participant_identity must not be empty"),
    ({"participant_identity": "\u3000"}, ValueError, "participant_identity must not be blank"),
    ({"transfer_to": ""}, ValueError, "transfer_to must not be empty"),
    ({"transfer_to": "\n"}, ValueError, "transfer_to must not be blank"),
    ({"transfer_to": 15551234567}, TypeError, "transfer_to must be a str"),
    ({"ringing_timeout": 0}, ValueError, "ringing_timeout must be a whole number from 1 to 600, got 0"),
    ({"ringing_timeout": 601}, ValueError, "ringing_timeout must be a whole number from 1 to 600"),
    ({"ringing_timeout": 45.5}, TypeError, "ringing_timeout must be an int"),
    ({"ringing_timeout": True}, TypeError, "ringing_timeout must be an int"),
    ({"play_dialtone": "yes"}, TypeError, "play_dialtone must be True or False"),
    ({"headers": {"x-case-id": "4711"}}, ValueError, "headers: 'x-case-id' is not a header"),
    ({"headers": {"X-Case-Id": "caf\u00e9"}}, ValueError, r"headers\['X-Case-Id'\] must be at most 256 printable ASCII"),
    ({"headers": {"X-Case-Id": 4711}}, TypeError, "headers must map a str to a str"),
    ({"headers": {f"X-H{n}": "v" for n in range(17)}}, ValueError, "headers may hold at most 16 headers, got 17"),
    ({"headers": [("X-Case-Id", "4711")]}, TypeError, "headers must be a mapping"),
    ({"idempotency_key": ""}, ValueError, "idempotency_key must be 1 to 255 printable ASCII"),
    ({"idempotency_key": "k" * 256}, ValueError, "idempotency_key must be 1 to 255"),
    ({"idempotency_key": "cl\u00e9"}, ValueError, "idempotency_key must be 1 to 255"),
    ({"use_idempotency_key": None}, TypeError, "use_idempotency_key must be True or False"),
]
BAD_LISTS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"status": "COMPLETED"}, ValueError, "status must be one of"),
    ({"status": 1}, TypeError, "status must be a TransferStatus or its str"),
    ({"limit": 0}, ValueError, "limit must be a whole number from 1 to 100, got 0"),
    ({"limit": 101}, ValueError, "limit must be a whole number from 1 to 100, got 101"),
    ({"limit": "5"}, TypeError, "limit must be an int"),
    ({"room_name": ""}, ValueError, "room_name must not be empty"),
    ({"participant_identity": "p" * 257}, ValueError, "participant_identity must be at most 256"),
    ({"cursor": ""}, ValueError, "cursor must not be empty"),
    ({"cursor": "c" * 513}, ValueError, "cursor must be at most 512"),
]
BAD_WAITS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"transfer_id": ""}, ValueError, "transfer_id must not be empty"),
    ({"transfer_id": "t" * 65}, ValueError, "transfer_id must be at most 64"),
    ({"transfer_id": None}, TypeError, "transfer_id must be a str"),
    ({"timeout": -1}, ValueError, "timeout must be a number of seconds, 0 or more"),
    ({"timeout": float("nan")}, ValueError, "timeout must be a number of seconds"),
    ({"interval": 0}, ValueError, "interval must be a number of seconds, more than 0"),
    ({"max_interval": "5"}, TypeError, "max_interval must be a number of seconds"),
]


# A warm transfer's body: the cold transfer's checks but for ringing_timeout (1–60) and play_dialtone
# (it has none), and agent_identity's.
BAD_WARM_TRANSFERS: list[tuple[dict[str, Any], type[Exception], str]] = [
    bad for bad in BAD_TRANSFERS if not {"ringing_timeout", "play_dialtone"} & bad[0].keys()
] + [
    ({"ringing_timeout": 0}, ValueError, "ringing_timeout must be a whole number from 1 to 60, got 0"),
    ({"ringing_timeout": 61}, ValueError, "ringing_timeout must be a whole number from 1 to 60, got 61"),
    ({"ringing_timeout": 600}, ValueError, "ringing_timeout must be a whole number from 1 to 60, got 600"),
    ({"ringing_timeout": 20.0}, TypeError, "ringing_timeout must be an int"),
    ({"agent_identity": ""}, ValueError, "agent_identity must not be empty"),
    ({"agent_identity": " \u3000"}, ValueError, "agent_identity must not be blank"),
    ({"agent_identity": "a" * 257}, ValueError, "agent_identity must be at most 256 characters"),
    ({"agent_identity": ["agent_1"]}, TypeError, "agent_identity must be a str"),
]
BAD_WARM_LISTS: list[tuple[dict[str, Any], type[Exception], str]] = [
    bad for bad in BAD_LISTS if "status" not in bad[0]
] + [
    ({"status": "initiated"}, ValueError, r"status must be one of cancelled, completed, consulting, dialing, failed \(or a WarmTransferStatus\), got 'initiated'"),
    ({"status": TransferStatus.UNKNOWN}, ValueError, "status must be one of cancelled, completed"),
    ({"status": "DIALING"}, ValueError, "status must be one of"),
    ({"status": 1}, TypeError, "status must be a WarmTransferStatus or its str"),
]
BAD_WARM_WAITS: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"warm_transfer_id": ""}, ValueError, "warm_transfer_id must not be empty"),
    ({"warm_transfer_id": "w" * 65}, ValueError, "warm_transfer_id must be at most 64"),
    ({"warm_transfer_id": None}, TypeError, "warm_transfer_id must be a str"),
    ({"until": "completed"}, ValueError, "until must be 'answered' or 'ended', got 'completed'"),
    ({"until": None}, TypeError, "until must be 'answered' or 'ended'"),
    ({"timeout": -1}, ValueError, "timeout must be a number of seconds, 0 or more"),
    ({"interval": 0}, ValueError, "interval must be a number of seconds, more than 0"),
    ({"max_interval": "5"}, TypeError, "max_interval must be a number of seconds"),
]


@pytest.mark.parametrize(("change", "kind", "message"), BAD_TRANSFERS, ids=lambda v: str(v)[:40])
def test_transfer_refuses_what_the_api_would_before_sending(
    client: SipTransferClient, sent: list[httpx.Request], change: dict[str, Any], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        client.transfer(**{**SEED, **change})
    assert sent == []


@pytest.mark.parametrize(("change", "kind", "message"), BAD_LISTS, ids=lambda v: str(v)[:40])
def test_list_transfers_refuses_what_the_api_would_before_sending(
    client: SipTransferClient, sent: list[httpx.Request], change: dict[str, Any], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        client.list_transfers(**change)
    assert sent == []


@pytest.mark.parametrize(("change", "kind", "message"), BAD_WAITS, ids=lambda v: str(v)[:40])
def test_get_and_wait_refuse_what_the_api_would_before_sending(
    client: SipTransferClient, sent: list[httpx.Request], change: dict[str, Any], kind: type[Exception], message: str
) -> None:
    arguments: dict[str, Any] = {"transfer_id": "tr_9q3NcK2xYb7Lm4Pz0aW1eQ", **change}
    with pytest.raises(kind, match=message):
        client.wait_for_transfer(**arguments)
    if set(change) == {"transfer_id"}:
        with pytest.raises(kind, match=message):
            client.get_transfer(change["transfer_id"])
    assert sent == []


@pytest.mark.parametrize(("change", "kind", "message"), BAD_WARM_TRANSFERS, ids=lambda v: str(v)[:40])
def test_warm_transfer_refuses_what_the_api_would_before_sending(
    client: SipTransferClient, sent: list[httpx.Request], change: dict[str, Any], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        client.warm_transfer(**{**SEED, **change})
    assert sent == []


@pytest.mark.parametrize(("change", "kind", "message"), BAD_WARM_LISTS, ids=lambda v: str(v)[:40])
def test_list_warm_transfers_refuses_what_the_api_would_before_sending(
    client: SipTransferClient, sent: list[httpx.Request], change: dict[str, Any], kind: type[Exception], message: str
) -> None:
    with pytest.raises(kind, match=message):
        client.list_warm_transfers(**change)
    assert sent == []


@pytest.mark.parametrize(("change", "kind", "message"), BAD_WARM_WAITS, ids=lambda v: str(v)[:40])
def test_warm_transfer_operations_refuse_an_id_the_api_would_before_sending(
    client: SipTransferClient, sent: list[httpx.Request], change: dict[str, Any], kind: type[Exception], message: str
) -> None:
    arguments: dict[str, Any] = {"warm_transfer_id": "wt_4fQ2mX9cLp7Rz1Kd8NvB3w", **change}
    with pytest.raises(kind, match=message):
        client.wait_for_warm_transfer(**arguments)
    if set(change) == {"warm_transfer_id"}:
        for operation in (client.get_warm_transfer, client.complete_warm_transfer, client.cancel_warm_transfer):
            with pytest.raises(kind, match=message):
                operation(change["warm_transfer_id"])
    assert sent == []


def test_a_value_error_is_not_blamed_on_the_server(client: SipTransferClient) -> None:
    # It was a SipTransferError (UNEXPECTED_RESPONSE, "the answer could not be read") before.
    with pytest.raises(ValueError) as raised:
        client.list_transfers(limit=0)
    assert not isinstance(raised.value, SipTransferError)


def test_what_the_api_takes_is_sent_as_given(client: SipTransferClient, sent: list[httpx.Request]) -> None:
    client.list_transfers(status=TransferStatus.FAILED, limit=1)
    client.list_transfers(status="unknown", limit=100, room_name=" ", participant_identity="p" * 256, cursor="c" * 512)
    assert dict(sent[0].url.params) == {"status": "failed", "limit": "1"}
    assert dict(sent[1].url.params) == {"status": "unknown", "limit": "100", "room_name": " ", "participant_identity": "p" * 256, "cursor": "c" * 512}
    client.transfer(
        room_name="r" * 256,
        participant_identity=" x ",
        transfer_to="sip:billing@pbx.example.com",
        ringing_timeout=600,
        play_dialtone=False,
        headers={f"X-H{n}": "~" * 256 for n in range(16)},
        idempotency_key='"' + "k" * 255 + '"',
    )
    body = json.loads(sent[2].content)
    assert body["room_name"] == "r" * 256 and body["ringing_timeout"] == 600 and body["play_dialtone"] is False
    assert len(body["headers"]) == 16
    assert sent[2].headers["Idempotency-Key"] == '"' + "k" * 255 + '"'
    client.transfer(**SEED, ringing_timeout=1, headers={})
    assert json.loads(sent[3].content) == {**SEED, "ringing_timeout": 1, "headers": {}}
    client.get_transfer("t" * 64)
    assert sent[4].url.path == "/sip/transfers/" + "t" * 64


def test_what_the_api_takes_of_a_warm_transfer_is_sent_as_given(client: SipTransferClient, sent: list[httpx.Request]) -> None:
    started = client.warm_transfer(
        room_name="r" * 256,
        participant_identity=" x ",
        transfer_to="2001",
        agent_identity="a" * 256,
        ringing_timeout=60,
        headers={f"X-H{n}": "~" * 256 for n in range(16)},
        idempotency_key='"' + "k" * 255 + '"',
    )
    assert started.status is WarmTransferStatus.DIALING
    assert (sent[0].method, sent[0].url.path) == ("POST", "/sip/warm-transfers")
    body = json.loads(sent[0].content)
    assert body["room_name"] == "r" * 256 and body["agent_identity"] == "a" * 256 and body["ringing_timeout"] == 60
    assert len(body["headers"]) == 16 and "play_dialtone" not in body
    assert sent[0].headers["Idempotency-Key"] == '"' + "k" * 255 + '"'
    client.warm_transfer(**SEED, ringing_timeout=1, headers={})
    assert json.loads(sent[1].content) == {**SEED, "ringing_timeout": 1, "headers": {}}
    assert "Idempotency-Key" in sent[1].headers  # a fresh one
    client.warm_transfer(**SEED, use_idempotency_key=False)
    assert json.loads(sent[2].content) == SEED and "Idempotency-Key" not in sent[2].headers
    client.complete_warm_transfer("w" * 64)
    client.cancel_warm_transfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w")
    client.get_warm_transfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w")
    assert [(r.method, r.url.path, r.content) for r in sent[3:]] == [
        ("POST", "/sip/warm-transfers/" + "w" * 64 + "/complete", b""),
        ("POST", "/sip/warm-transfers/wt_4fQ2mX9cLp7Rz1Kd8NvB3w/cancel", b""),
        ("GET", "/sip/warm-transfers/wt_4fQ2mX9cLp7Rz1Kd8NvB3w", b""),
    ]
    client.list_warm_transfers(status=WarmTransferStatus.CONSULTING, limit=1)
    client.list_warm_transfers(status="dialing", limit=100, room_name=" ", participant_identity="p" * 256, cursor="c" * 512)
    assert dict(sent[6].url.params) == {"status": "consulting", "limit": "1"}
    assert dict(sent[7].url.params) == {"status": "dialing", "limit": "100", "room_name": " ", "participant_identity": "p" * 256, "cursor": "c" * 512}


def test_the_async_client_refuses_the_same_before_sending() -> None:
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    async def run() -> None:
        async with AsyncSipTransferClient("http://sip-transfer.test", retries=0) as client:
            client._client.set_async_httpx_client(
                httpx.AsyncClient(base_url="http://sip-transfer.test", transport=httpx.MockTransport(record))
            )
            with pytest.raises(ValueError, match="status must be one of"):
                await client.list_transfers(status="bogus")
            with pytest.raises(ValueError, match="limit"):
                await client.list_transfers(limit=101)
            with pytest.raises(ValueError, match="room_name must not be blank"):
                await client.transfer(**{**SEED, "room_name": "  "})
            with pytest.raises(ValueError, match="ringing_timeout"):
                await client.transfer(**SEED, ringing_timeout=0)
            with pytest.raises(ValueError, match="transfer_id"):
                await client.get_transfer("")
            with pytest.raises(ValueError, match="interval"):
                await client.wait_for_transfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ", interval=-1)
            assert sent == []
            page = await client.list_transfers(status=TransferStatus.COMPLETED)
            assert page.transfers[0].status is TransferStatus.COMPLETED
            assert dict(sent[0].url.params) == {"status": "completed", "limit": "20"}

    asyncio.run(run())


def test_the_async_client_refuses_the_same_of_warm_transfers_before_sending() -> None:
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    async def run() -> None:
        async with AsyncSipTransferClient("http://sip-transfer.test", retries=0) as client:
            client._client.set_async_httpx_client(
                httpx.AsyncClient(base_url="http://sip-transfer.test", transport=httpx.MockTransport(record))
            )
            with pytest.raises(ValueError, match="ringing_timeout must be a whole number from 1 to 60"):
                await client.warm_transfer(**SEED, ringing_timeout=61)
            with pytest.raises(ValueError, match="agent_identity must not be blank"):
                await client.warm_transfer(**SEED, agent_identity=" ")
            with pytest.raises(ValueError, match="status must be one of cancelled"):
                await client.list_warm_transfers(status="initiated")
            for operation in (client.get_warm_transfer, client.complete_warm_transfer, client.cancel_warm_transfer):
                with pytest.raises(ValueError, match="warm_transfer_id"):
                    await operation("")
            with pytest.raises(ValueError, match="until"):
                await client.wait_for_warm_transfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w", until="done")  # type: ignore[arg-type]
            assert sent == []
            started = await client.warm_transfer(**SEED, agent_identity="agent_1")
            assert started.status is WarmTransferStatus.DIALING
            assert json.loads(sent[0].content) == {**SEED, "agent_identity": "agent_1"}
            page = await client.list_warm_transfers(status=WarmTransferStatus.CANCELLED)
            assert page.warm_transfers[0].status is WarmTransferStatus.CANCELLED
            assert dict(sent[1].url.params) == {"status": "cancelled", "limit": "20"}

    asyncio.run(run())
