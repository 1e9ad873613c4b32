import os

from fastapi import FastAPI, Request, Response

from sip_transfer_client import (
    TransferFailedEvent,
    WebhookVerificationError,
    verify_webhook,
)

WEBHOOK_SECRET = os.environ["SIP_TRANSFER_WEBHOOK_SECRET"]  # whsec_…
app = FastAPI()


@app.post("/sip")
async def sip_webhook(request: Request) -> Response:
    try:
        event = verify_webhook(await request.body(), request.headers, WEBHOOK_SECRET)  # the raw body
    except WebhookVerificationError:
        return Response(status_code=400)  # not from sip-transfer, or replayed
    if isinstance(event, TransferFailedEvent) and event.data.error is not None:
        print(event.data.transfer_id, event.data.error.sip_status_code, event.data.error.sip_status)
    return Response(status_code=204)  # a 2xx within 10 s, or it is retried
