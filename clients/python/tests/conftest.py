"""Starts what the tests talk to: the Prism mock of spec/openapi.yaml and the real server (with the
LiveKit stand-in), each once per test session, on free loopback ports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from sip_transfer_client import SipTransferClient, WarmTransferStatus

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
REPO = PACKAGE.parent.parent
SPEC = REPO / "spec" / "openapi.yaml"


def response_examples(path: str, method: str | None = None) -> list[tuple[int, str, Any]]:
    """(status, name, value) of every named JSON example of the operation at `path` in the spec (its
    `method`'s, when the path has more than one operation)."""
    spec = yaml.safe_load(SPEC.read_text())
    operation = next(iter(op for verb, op in spec["paths"][path].items() if verb == method or (method is None and verb in ("get", "post"))))
    found = []
    for status, response in operation["responses"].items():
        if "$ref" in response:
            response = spec["components"]["responses"][response["$ref"].split("/")[-1]]
        for name, example in response.get("content", {}).get("application/json", {}).get("examples", {}).items():
            found.append((int(status), name, example["value"]))
    return found


def webhook_examples() -> list[tuple[str, Any]]:
    """(name, body) of every named example of the spec's webhooks."""
    spec = yaml.safe_load(SPEC.read_text())
    return [
        (name, example["value"])
        for webhook in spec["webhooks"].values()
        for operation in webhook.values()
        for name, example in operation["requestBody"]["content"]["application/json"]["examples"].items()
    ]


def node() -> str:
    """The repository's pinned Node binary (the server needs Node 24), else the one on PATH.

    Not node_modules/.bin/node: that is a shell that runs Node without exec, so stopping it left
    Node running (and holding its port)."""
    pinned = REPO / "node_modules" / "node" / "bin" / "node"
    return str(pinned) if pinned.exists() else (shutil.which("node") or "node")


@dataclass
class RunningMock:
    url: str
    process: subprocess.Popen[str]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start_mock() -> RunningMock:
    """The mock as `pnpm mock` runs it (apps/mock: a front that answers like the server where Prism
    cannot, with Prism behind it), on a free loopback port."""
    mock = REPO / "apps" / "mock" / "dist" / "main.js"
    if not mock.exists():
        raise RuntimeError(f"{mock} is missing: build the mock first (pnpm --filter @sip-transfer/mock build)")
    process = subprocess.Popen(
        [node(), str(mock)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Port 0: the mock takes a free port and names it (one picked here could be taken meanwhile).
        env={**os.environ, "FORCE_COLOR": "0", "MOCK_PORT": "0", "MOCK_HOST": "127.0.0.1"},
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    output = ""
    while "sip-transfer mock listening" not in output:
        line = process.stdout.readline()
        output += line
        if (not line and process.poll() is not None) or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"The mock did not start:\n{output}")
    # Its output is not read from now on: let it go nowhere rather than fill the pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    listening = re.search(r"mock listening on (http://\S+)", output)
    assert listening is not None, output
    return RunningMock(url=listening.group(1), process=process)


@pytest.fixture(scope="session")
def mock() -> Iterator[RunningMock]:
    running = start_mock()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def mock_url(mock: RunningMock) -> str:
    return mock.url


@dataclass
class ReceivedWebhook:
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """A real HTTP receiver (the standard library's) for the server's webhooks; answers 204."""

    url: str
    received: list[ReceivedWebhook] = field(default_factory=list)

    def wait_for(self, count: int, timeout: float = 10) -> list[ReceivedWebhook]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"expected {count} webhook(s), got {len(self.received)}"
                )
            time.sleep(0.02)
        return self.received[:count]


@pytest.fixture(scope="session")
def webhook_receiver() -> Iterator[WebhookReceiver]:
    received: list[ReceivedWebhook] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            received.append(
                ReceivedWebhook(headers=dict(self.headers.items()), body=body)
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield WebhookReceiver(
        url=f"http://127.0.0.1:{server.server_address[1]}/sip", received=received
    )
    server.shutdown()


@dataclass
class RealServer:
    url: str
    control: str
    token: str
    webhook_secret: str

    def behave(self, method: str, behaviour: dict[str, Any]) -> None:
        request = urllib.request.Request(
            f"{self.control}/behave",
            data=json.dumps({"method": method, "behaviour": behaviour}).encode(),
            method="POST",
        )
        urllib.request.urlopen(request, timeout=5).read()

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = json.loads(
            urllib.request.urlopen(f"{self.control}/calls", timeout=5).read()
        )
        return [call for call in calls if call["method"] == method]

    def transfer_calls(self) -> list[dict[str, Any]]:
        return self.calls_to("TransferSIPParticipant")

    def dial_calls(self) -> list[dict[str, Any]]:
        """The warm transfers' dials of a supervisor."""
        return self.calls_to("CreateSIPParticipant")


@pytest.fixture(scope="session")
def real_server(webhook_receiver: WebhookReceiver) -> Iterator[RealServer]:
    process = subprocess.Popen(
        [node(), str(HERE / "serve.mjs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PACKAGE,
        env={**os.environ, "WEBHOOK_RECEIVER_URL": webhook_receiver.url},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(
            f"the server did not start: {process.stderr.read() if process.stderr else ''}"
        )
    started = json.loads(line)
    yield RealServer(
        url=started["url"],
        control=started["control"],
        token=started["token"],
        webhook_secret=started["webhookSecret"],
    )
    process.terminate()
    process.wait(10)


@pytest.fixture(autouse=True)
def _reset_behaviour(request: pytest.FixtureRequest) -> None:
    if "real_server" in request.fixturenames:
        server: RealServer = request.getfixturevalue("real_server")
        for method in ("ListRooms", "GetParticipant", "TransferSIPParticipant", "CreateSIPParticipant"):
            server.behave(method, {})


# The caller the warm transfers of the tests put on hold (tests/serve.mjs adds them to the room).
WARM_CALLER = "sip_participant_warm"


@pytest.fixture
def warm_caller(real_server: RealServer) -> Iterator[str]:
    """The warm transfers' caller; any warm transfer of theirs a test left running is cancelled after
    it (a running one holds the caller: the next would answer 409 TRANSFER_IN_PROGRESS)."""
    yield WARM_CALLER
    with SipTransferClient(real_server.url, real_server.token) as client:
        for status in (WarmTransferStatus.DIALING, WarmTransferStatus.CONSULTING):
            for running in client.list_warm_transfers(participant_identity=WARM_CALLER, status=status).warm_transfers:
                client.cancel_warm_transfer(running.warm_transfer_id)
