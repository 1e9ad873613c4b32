"""A user's program passes `mypy --strict`: tests/typing_example.py (which pins every type a user reads
with `assert_type`) and the README's examples, which are tests/examples/*.py word for word, are
checked by the package's mypy run (`pnpm typecheck`, part of `pnpm test`: pyproject.toml's `files`
are src and tests, strict). The programs run too: the README's first example and the typing example
against the real server."""

from __future__ import annotations

import asyncio
import re
import runpy
import time

import pytest

from sip_transfer_client import AsyncSipTransferClient, SipTransferClient

from . import typing_example
from .conftest import PACKAGE, REPO, RealServer, WebhookReceiver

EXAMPLES = PACKAGE / "tests" / "examples"


def readme_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", (PACKAGE / "README.md").read_text(), flags=re.MULTILINE | re.DOTALL)


def test_the_readme_s_examples_are_the_checked_programs() -> None:
    files = {path.name: path.read_text() for path in sorted(EXAMPLES.glob("*.py")) if path.name != "__init__.py"}
    blocks = readme_blocks()
    assert len(blocks) == len(files) == 3
    for block in blocks:
        assert block in files.values(), f"a README example is not one of tests/examples/*.py word for word:\n{block}"


def test_the_repository_readme_s_python_is_a_checked_program() -> None:
    files = {path.read_text() for path in EXAMPLES.glob("*.py") if path.name != "__init__.py"}
    text = (REPO / "README.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    assert blocks, "the repository's README shows the Python client"
    for block in blocks:
        assert block in files, f"a README example is not one of tests/examples/*.py word for word:\n{block}"


def test_the_readme_s_first_example_runs(real_server: RealServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SIP_TRANSFER_URL", real_server.url)
    monkeypatch.setenv("SIP_TRANSFER_TOKEN", real_server.token)
    runpy.run_path(str(EXAMPLES / "quickstart.py"))
    assert capsys.readouterr().out.startswith("transferred at 20")
    real_server.behave(
        "TransferSIPParticipant",
        {"fail": {"code": "permission_denied", "msg": "declined", "meta": {"sip_status_code": "603", "sip_status": "Decline"}}},
    )
    runpy.run_path(str(EXAMPLES / "quickstart.py"))
    assert capsys.readouterr().out.startswith("500 TRANSFER_FAILED SIP transfer failed: 603 Decline {")


def test_the_typing_example_runs(real_server: RealServer, webhook_receiver: WebhookReceiver) -> None:
    before = len(webhook_receiver.received)
    with SipTransferClient(real_server.url, real_server.token) as client:
        assert typing_example.transfer_and_follow(client, "call-room-123", "sip_participant_456") == "completed"
        assert typing_example.transfer_and_follow(client, "no-such-room", "sip_participant_456") == "refused: ROOM_NOT_FOUND"
        real_server.behave("TransferSIPParticipant", {"fail": {"code": "deadline_exceeded", "msg": "timed out"}})
        assert typing_example.transfer_and_follow(client, "call-room-123", "sip_participant_789") == "unknown: OUTCOME_UNKNOWN"
        real_server.behave(
            "TransferSIPParticipant",
            {"latencyMs": 1500, "fail": {"code": "permission_denied", "msg": "busy", "meta": {"sip_status_code": "486", "sip_status": "Busy Here"}}},
        )

        async def declined() -> str:
            async with AsyncSipTransferClient(real_server.url, real_server.token) as async_client:
                return await typing_example.transfer_and_follow_async(async_client, "call-room-123", "sip_participant_456")

        assert asyncio.run(declined()) == "declined: 486"
        assert "failed: 486 Busy Here" in typing_example.failed_transfers(client)
    # Each of the three transfers' webhook, read by the program (a late one of another test may come too).
    expected = {"transfer.completed completed", "transfer.unknown unknown: OUTCOME_UNKNOWN", "transfer.failed failed: 486 Busy Here"}
    deadline = time.monotonic() + 10
    while True:
        received = webhook_receiver.received[before:]
        described = {typing_example.on_webhook(hook.body, hook.headers, real_server.webhook_secret) for hook in received}
        if expected <= described:
            break
        assert time.monotonic() < deadline, f"webhooks read so far: {described}"
        time.sleep(0.05)


def test_the_typing_example_s_warm_transfers_run(real_server: RealServer, webhook_receiver: WebhookReceiver, warm_caller: str) -> None:
    before = len(webhook_receiver.received)
    with SipTransferClient(real_server.url, real_server.token) as client:
        assert typing_example.warm_transfer_and_follow(client, warm_caller, complete=True) == "completed"
        assert typing_example.warm_transfer_and_follow(client, warm_caller, complete=False) == "cancelled"
        real_server.behave(
            "CreateSIPParticipant",
            {"fail": {"code": "permission_denied", "msg": "busy", "meta": {"sip_status_code": "486", "sip_status": "Busy Here"}}},
        )
        assert typing_example.warm_transfer_and_follow(client, warm_caller, complete=True) == "failed: busy 486 Busy Here"

    async def completed() -> list[str]:
        async with AsyncSipTransferClient(real_server.url, real_server.token) as async_client:
            return await typing_example.warm_transfers_async(async_client, warm_caller)

    assert set(asyncio.run(completed())) == {"completed"}
    # Each of the three warm transfers' webhook, read by the program.
    expected = {"warm_transfer.completed completed", "warm_transfer.cancelled cancelled", "warm_transfer.failed failed: busy 486 Busy Here"}
    deadline = time.monotonic() + 10
    while True:
        received = webhook_receiver.received[before:]
        described = {typing_example.on_webhook(hook.body, hook.headers, real_server.webhook_secret) for hook in received}
        if expected <= described:
            break
        assert time.monotonic() < deadline, f"webhooks read so far: {described}"
        time.sleep(0.05)
