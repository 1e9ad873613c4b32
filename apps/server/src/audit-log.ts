import type { TransferEnded } from "@sip-transfer/domain";
import type { Logger } from "pino";

/** "transfer ended" subscriber: one audit line per ended transfer, whatever ended it. */
export function auditTransferEnded(logger: Logger) {
  return ({ transfer, durationMs, detail }: TransferEnded) => {
    const line = {
      audit: "transfer",
      requestId: transfer.requestId,
      tenant: transfer.tenantId ?? null,
      transfer_id: transfer.id,
      room_name: transfer.roomName,
      participant_identity: transfer.participantIdentity,
      transfer_to: transfer.transferTo,
      outcome: transfer.status,
      ...(transfer.error ? { error_code: transfer.error.code, error: transfer.error.message } : {}),
      sip_status_code: transfer.error?.sipStatusCode ?? null,
      sip_status: transfer.error?.sipStatus ?? null,
      durationMs,
      ...(detail ? { livekit: detail } : {}),
    };
    if (transfer.status === "completed") logger.info(line, "transfer ended");
    else logger.warn(line, "transfer ended");
  };
}
