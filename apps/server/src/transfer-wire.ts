import type { Transfer, TransferResponse } from "@sip-transfer/api-types";
import type { TransferRecord } from "@sip-transfer/domain";

const time = (ms: number) => new Date(ms).toISOString();

/** Where a transfer's record is served. */
export const transferLocation = (id: string) => `/sip/transfers/${id}`;

/** A record as the spec's `Transfer`. */
export function toTransferBody(record: TransferRecord): Transfer {
  const body: Transfer = {
    transfer_id: record.id,
    status: record.status,
    room_name: record.roomName,
    participant_identity: record.participantIdentity,
    transfer_to: record.transferTo,
    created_at: time(record.createdAt),
    updated_at: time(record.updatedAt),
    request_id: record.requestId,
  };
  if (record.endedAt !== undefined) body.ended_at = time(record.endedAt);
  if (record.webhook) body.webhook = { status: record.webhook.status, attempts: record.webhook.attempts };
  if (record.error) {
    body.error = {
      code: record.error.code,
      message: record.error.message,
      ...(record.error.sipStatusCode === undefined ? {} : { sip_status_code: record.error.sipStatusCode }),
      ...(record.error.sipStatus === undefined ? {} : { sip_status: record.error.sipStatus }),
    };
  }
  return body;
}

/** The 200 body of `POST /sip/transfer`. */
export function toTransferResponse(record: TransferRecord): TransferResponse {
  if (record.status === "failed")
    throw new Error(`a failed transfer (${record.id}) is answered as an error, not a 200`);
  return {
    transfer_id: record.id,
    status: record.status,
    room_name: record.roomName,
    participant_identity: record.participantIdentity,
    transfer_to: record.transferTo,
  };
}
