"""How the client drives a warm transfer, over an httpx MockTransport that answers from a script and
records every request: `warm_transfer` is retried like `transfer` (one Idempotency-Key, so a retry
never dials twice), complete and cancel are sent once, and `wait_for_warm_transfer` stops where its
`until` says (tests/test_server.py holds the same against the real server)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from sip_transfer_client import (
    AsyncSipTransferClient,
    SipTransferClient,
    SipTransferError,
    WarmTransferStatus,
)

from .test_arguments import SEED, WARM_ANSWER, WARM_RECORD

WARM_ID = str(WARM_RECORD["warm_transfer_id"])
Script = Callable[[httpx.Request], httpx.Response]


def refusal(status: int, code: str) -> httpx.Response:
    return httpx.Response(status, json={"error": f"{code} for the test", "code": code}, headers={"Retry-After": "0"})


def record(status: str) -> httpx.Response:
    return httpx.Response(200, json={**WARM_RECORD, "status": status})


def answers(*responses: httpx.Response | type[Exception]) -> Script:
    """Answers the requests in turn (an exception class: that request fails without an answer)."""
    queue = list(responses)

    def answer(request: httpx.Request) -> httpx.Response:
        next_one = queue.pop(0)
        if isinstance(next_one, httpx.Response):
            return next_one
        raise next_one("no answer, for the test")

    return answer


class Recorded:
    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self.script: Script = answers()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.script(request)


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def client(recorded: Recorded) -> Iterator[SipTransferClient]:
    with SipTransferClient("http://sip-transfer.test", "token", retries=2) as sync:
        sync._client.set_httpx_client(httpx.Client(base_url="http://sip-transfer.test", transport=httpx.MockTransport(recorded)))
        yield sync


def run_async(recorded: Recorded, use: Callable[[AsyncSipTransferClient], Any]) -> Any:
    async def handle(request: httpx.Request) -> httpx.Response:
        return recorded(request)

    async def run() -> Any:
        async with AsyncSipTransferClient("http://sip-transfer.test", "token", retries=2) as async_client:
            async_client._client.set_async_httpx_client(
                httpx.AsyncClient(base_url="http://sip-transfer.test", transport=httpx.MockTransport(handle))
            )
            return await use(async_client)

    return asyncio.run(run())


def test_warm_transfer_retries_what_is_safe_with_one_idempotency_key(client: SipTransferClient, recorded: Recorded) -> None:
    recorded.script = answers(refusal(503, "STORE_UNAVAILABLE"), httpx.ConnectError, httpx.Response(201, json=WARM_ANSWER))
    started = client.warm_transfer(**SEED, agent_identity="agent_1")
    assert started.warm_transfer_id == WARM_ID and started.status is WarmTransferStatus.DIALING
    assert len(recorded.sent) == 3
    assert len({request.headers["Idempotency-Key"] for request in recorded.sent}) == 1
    assert {request.content for request in recorded.sent} == {recorded.sent[0].content}
    assert json.loads(recorded.sent[0].content) == {**SEED, "agent_identity": "agent_1"}


def test_warm_transfer_gives_up_after_its_retries_and_never_retries_a_refusal(client: SipTransferClient, recorded: Recorded) -> None:
    recorded.script = answers(*[refusal(409, "IDEMPOTENCY_KEY_IN_USE")] * 3)
    with pytest.raises(SipTransferError) as raised:
        client.warm_transfer(**SEED)
    assert (raised.value.code, len(recorded.sent)) == ("IDEMPOTENCY_KEY_IN_USE", 3)  # the first and 2 retries
    recorded.sent.clear()
    recorded.script = answers(refusal(409, "TRANSFER_IN_PROGRESS"))
    with pytest.raises(SipTransferError) as raised:
        client.warm_transfer(**SEED)
    assert (raised.value.code, len(recorded.sent)) == ("TRANSFER_IN_PROGRESS", 1)


def test_without_a_key_a_warm_transfer_that_may_have_arrived_is_not_sent_again(client: SipTransferClient, recorded: Recorded) -> None:
    recorded.script = answers(httpx.ReadTimeout)
    with pytest.raises(SipTransferError) as raised:
        client.warm_transfer(**SEED, use_idempotency_key=False)
    assert (raised.value.code, len(recorded.sent)) == ("NETWORK_ERROR", 1)
    assert "Idempotency-Key" not in recorded.sent[0].headers


def test_complete_and_cancel_are_sent_once(client: SipTransferClient, recorded: Recorded) -> None:
    recorded.script = answers(refusal(500, "LIVEKIT_UNAVAILABLE"), refusal(500, "LIVEKIT_UNAVAILABLE"))
    for operation in (client.complete_warm_transfer, client.cancel_warm_transfer):
        with pytest.raises(SipTransferError, match="LIVEKIT_UNAVAILABLE"):
            operation(WARM_ID)
    assert [request.url.path.rsplit("/", 1)[1] for request in recorded.sent] == ["complete", "cancel"]


@pytest.mark.parametrize(
    ("until", "statuses", "expected"),
    [
        ("answered", ["dialing", "dialing", "consulting", "completed"], "consulting"),
        ("answered", ["dialing", "failed"], "failed"),
        ("ended", ["dialing", "consulting", "consulting", "completed"], "completed"),
        ("ended", ["consulting", "cancelled"], "cancelled"),
        ("ended", ["dialing", "failed"], "failed"),
    ],
)
def test_wait_for_warm_transfer_polls_until_answered_or_ended(
    client: SipTransferClient, recorded: Recorded, until: Any, statuses: list[str], expected: str
) -> None:
    recorded.script = answers(*[record(status) for status in statuses])
    ended = client.wait_for_warm_transfer(WARM_ID, until=until, timeout=5, interval=0.001)
    assert ended.status is WarmTransferStatus(expected)
    assert len(recorded.sent) == statuses.index(expected) + 1
    assert {(request.method, request.url.path) for request in recorded.sent} == {("GET", f"/sip/warm-transfers/{WARM_ID}")}


class FakeClock:
    """The client's clock, faked: `sleep` moves `monotonic` on at once and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_wait_for_warm_transfer_times_out_saying_what_it_still_was(
    client: SipTransferClient, recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    monkeypatch.setattr("sip_transfer_client.client.time", clock)
    recorded.script = lambda request: record("consulting")
    with pytest.raises(SipTransferError) as raised:
        client.wait_for_warm_transfer(WARM_ID, until="ended", timeout=60, interval=0.25, max_interval=5)
    assert (raised.value.status, raised.value.code) == (0, "TIMEOUT")
    assert raised.value.message == f"Warm transfer {WARM_ID!r} was still consulting after 60.0 s"
    # Backoff from 0.25 s doubling to 5 s, the last pause cut to the deadline; one poll after each.
    assert clock.slept[:6] == [0.25, 0.5, 1.0, 2.0, 4.0, 5.0]
    assert sum(clock.slept) == pytest.approx(60)
    assert len(recorded.sent) == len(clock.slept) + 1


def test_the_async_client_retries_and_waits_the_same(recorded: Recorded) -> None:
    recorded.script = answers(
        refusal(500, "LIVEKIT_UNAVAILABLE"),
        httpx.Response(201, json=WARM_ANSWER),
        record("dialing"),
        record("consulting"),
        record("completed"),
    )

    async def use(async_client: AsyncSipTransferClient) -> tuple[WarmTransferStatus, WarmTransferStatus]:
        started = await async_client.warm_transfer(**SEED)
        answered = await async_client.wait_for_warm_transfer(started.warm_transfer_id, interval=0.001)
        completed = await async_client.complete_warm_transfer(started.warm_transfer_id)
        return answered.status, completed.status

    assert run_async(recorded, use) == (WarmTransferStatus.CONSULTING, WarmTransferStatus.COMPLETED)
    assert recorded.sent[0].headers["Idempotency-Key"] == recorded.sent[1].headers["Idempotency-Key"]
    assert [(request.method, request.url.path.removeprefix(f"/sip/warm-transfers/{WARM_ID}")) for request in recorded.sent] == [
        ("POST", "/sip/warm-transfers"),
        ("POST", "/sip/warm-transfers"),
        ("GET", ""),
        ("GET", ""),
        ("POST", "/complete"),
    ]

    recorded.sent.clear()
    recorded.script = lambda request: record("dialing")

    async def timing_out(async_client: AsyncSipTransferClient) -> object:
        return await async_client.wait_for_warm_transfer(WARM_ID, timeout=0, interval=0.001)

    with pytest.raises(SipTransferError, match=f"Warm transfer {WARM_ID!r} was still dialing after 0.0 s"):
        run_async(recorded, timing_out)
    assert len(recorded.sent) == 1
