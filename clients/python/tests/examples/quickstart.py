import os

from sip_transfer_client import SipTransferClient, SipTransferError, TransferStatus

with SipTransferClient(os.environ["SIP_TRANSFER_URL"], token=os.environ["SIP_TRANSFER_TOKEN"]) as client:
    try:
        started = client.transfer(
            room_name="call-room-123",
            participant_identity="sip_participant_456",
            transfer_to="+15551234567",          # or "sip:billing@pbx.example.com" (an allowed domain)
            ringing_timeout=45,                   # optional, seconds (1–600)
            headers={"X-Case-Id": "4711"},        # optional X- headers LiveKit adds to the REFER
        )
        ended = client.wait_for_transfer(started.transfer_id, timeout=60)
        if ended.status == TransferStatus.COMPLETED:
            print("transferred at", ended.ended_at)
        elif ended.error is not None:             # failed or unknown: error says why
            print(ended.status.value, ended.error.code.value, ended.error.sip_status_code, ended.error.sip_status)
    except SipTransferError as error:             # the service refused, or did not answer
        print(error.status, error.code, error.message, error.details)
