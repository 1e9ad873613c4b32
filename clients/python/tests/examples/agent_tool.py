import os

from livekit import rtc
from livekit.agents import Agent, RunContext, function_tool, get_job_context

from sip_transfer_client import AsyncSipTransferClient, SipTransferError, TransferStatus


class Receptionist(Agent):
    @function_tool()
    async def transfer_to_billing(self, context: RunContext) -> str:
        """Transfer the caller to the billing team when they ask for billing."""
        room = get_job_context().room
        caller = next(
            p for p in room.remote_participants.values()
            if p.kind == rtc.ParticipantKind.PARTICIPANT_KIND_SIP
        )
        async with AsyncSipTransferClient(os.environ["SIP_TRANSFER_URL"], os.environ["SIP_TRANSFER_TOKEN"]) as client:
            try:
                started = await client.transfer(
                    room_name=room.name,
                    participant_identity=caller.identity,
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
