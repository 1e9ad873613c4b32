"""Starts what the tests talk to: the Prism mock of spec/openapi.yaml and the real server (with the
LiveKit stand-in), each once per test session, on free loopback ports."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE = HERE.parent
REPO = PACKAGE.parent.parent
SPEC = REPO / "spec" / "openapi.yaml"


def node() -> str:
    """The repository's pinned Node (the server needs Node 24), else the one on PATH."""
    pinned = REPO / "node_modules" / ".bin" / "node"
    return str(pinned) if pinned.exists() else (shutil.which("node") or "node")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    port = free_port()
    prism = PACKAGE / "node_modules" / ".bin" / "prism"
    env = {**os.environ, "FORCE_COLOR": "0", "PATH": f"{Path(node()).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    process = subprocess.Popen(
        [str(prism), "mock", str(SPEC), "--port", str(port), "--host", "127.0.0.1", "--errors"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    output = ""
    while "Prism is listening" not in output:
        line = process.stdout.readline()
        output += line
        if (not line and process.poll() is not None) or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"Prism did not start:\n{output}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(10)


@dataclass
class RealServer:
    url: str
    control: str
    token: str

    def behave(self, method: str, behaviour: dict[str, Any]) -> None:
        request = urllib.request.Request(
            f"{self.control}/behave",
            data=json.dumps({"method": method, "behaviour": behaviour}).encode(),
            method="POST",
        )
        urllib.request.urlopen(request, timeout=5).read()

    def transfer_calls(self) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = json.loads(urllib.request.urlopen(f"{self.control}/calls", timeout=5).read())
        return [call for call in calls if call["method"] == "TransferSIPParticipant"]


@pytest.fixture(scope="session")
def real_server() -> Iterator[RealServer]:
    process = subprocess.Popen(
        [node(), str(HERE / "serve.mjs")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PACKAGE
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"the server did not start: {process.stderr.read() if process.stderr else ''}")
    started = json.loads(line)
    yield RealServer(url=started["url"], control=started["control"], token=started["token"])
    process.terminate()
    process.wait(10)


@pytest.fixture(autouse=True)
def _reset_behaviour(request: pytest.FixtureRequest) -> None:
    if "real_server" in request.fixturenames:
        server: RealServer = request.getfixturevalue("real_server")
        for method in ("ListRooms", "GetParticipant", "TransferSIPParticipant"):
            server.behave(method, {})
