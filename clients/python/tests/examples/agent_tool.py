import os

from livekit import rtc
from livekit.agents import Agent, RunContext, function_tool, get_job_context

from sip_transfer_client import (
    AsyncSipTransferClient,
    SipTransferError,
    TransferStatus,
    WarmTransferStatus,
)


def sip_transfer() -> AsyncSipTransferClient:
    return AsyncSipTransferClient(os.environ["SIP_TRANSFER_URL"], os.environ["SIP_TRANSFER_TOKEN"])


def caller_in(room: rtc.Room) -> rtc.RemoteParticipant:
    return next(
        p for p in room.remote_participants.values()
        if p.kind == rtc.ParticipantKind.PARTICIPANT_KIND_SIP
    )


class Receptionist(Agent):
    @function_tool()
    async def transfer_to_billing(self, context: RunContext) -> str:
        """Transfer the caller to the billing team when they ask for billing."""
        room = get_job_context().room
        async with sip_transfer() as client:
            try:
                started = await client.transfer(
                    room_name=room.name,
                    participant_identity=caller_in(room).identity,
                    transfer_to=os.environ.get("BILLING_NUMBER", "+15551234567"),
                    play_dialtone=True,
                )
                ended = await client.wait_for_transfer(started.transfer_id, timeout=60)
            except SipTransferError as error:
                return f"I could not transfer the call ({error.code}): {error.message}"
        if ended.status == TransferStatus.COMPLETED:
            return "The caller has been transferred to billing."
        if ended.status == TransferStatus.FAILED and ended.error is not None:
            return f"Billing did not take the call ({ended.error.sip_status_code} {ended.error.sip_status})."
        return "The transfer was sent; whether billing answered is not known."

    @function_tool()
    async def transfer_to_supervisor(self, context: RunContext) -> str:
        """Hand the caller to a supervisor when they ask for a person; they wait on hold meanwhile."""
        room = get_job_context().room
        async with sip_transfer() as client:
            try:
                started = await client.warm_transfer(
                    room_name=room.name,
                    participant_identity=caller_in(room).identity,
                    transfer_to=os.environ.get("SUPERVISOR_NUMBER", "+15559876543"),
                    agent_identity=room.local_participant.identity,  # leaves the call once it completes
                    ringing_timeout=20,
                )
                try:
                    answered = await client.wait_for_warm_transfer(started.warm_transfer_id, timeout=30)
                except SipTransferError:  # no word in 30 s: take the caller off hold rather than leave them
                    await client.cancel_warm_transfer(started.warm_transfer_id)
                    raise
                if answered.status != WarmTransferStatus.CONSULTING:  # busy, declined, …: the caller is back
                    reason = answered.error.reason.value if answered.error else answered.status.value
                    return f"No supervisor could take the call ({reason})."
                # The supervisor is on the line, the caller on hold: brief them here, then connect the two.
                await client.complete_warm_transfer(started.warm_transfer_id)
            except SipTransferError as error:
                return f"I could not transfer the call ({error.code}): {error.message}"
        return "The caller is now talking to a supervisor."
