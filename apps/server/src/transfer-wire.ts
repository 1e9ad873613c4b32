import type { Transfer, TransferResponse, WarmTransfer, WarmTransferResponse } from "@sip-transfer/api-types";
import type { TransferRecord, WarmTransferRecord } from "@sip-transfer/domain";

const time = (ms: number) => new Date(ms).toISOString();

/** An outcome's SIP status on the wire, when the phone gave one. */
const sipStatusFields = (error: { sipStatusCode?: number; sipStatus?: string }) => ({
  ...(error.sipStatusCode === undefined ? {} : { sip_status_code: error.sipStatusCode }),
  ...(error.sipStatus === undefined ? {} : { sip_status: error.sipStatus }),
});

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
      ...sipStatusFields(record.error),
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

/** Where a warm transfer's record is served. */
export const warmTransferLocation = (id: string) => `/sip/warm-transfers/${id}`;

/** A warm transfer's record as the spec's `WarmTransfer`. */
export function toWarmTransferBody(record: WarmTransferRecord): WarmTransfer {
  const body: WarmTransfer = {
    warm_transfer_id: record.id,
    status: record.status,
    room_name: record.roomName,
    participant_identity: record.participantIdentity,
    transfer_to: record.transferTo,
    consult_identity: record.consultIdentity,
    created_at: time(record.createdAt),
    updated_at: time(record.updatedAt),
    request_id: record.requestId,
  };
  if (record.agentIdentity !== undefined) body.agent_identity = record.agentIdentity;
  if (record.answeredAt !== undefined) body.answered_at = time(record.answeredAt);
  if (record.endedAt !== undefined) body.ended_at = time(record.endedAt);
  if (record.error) {
    body.error = {
      code: record.error.code,
      reason: record.error.reason,
      message: record.error.message,
      ...sipStatusFields(record.error),
    };
  }
  return body;
}

/** The 201 body of `POST /sip/warm-transfers`. */
export function toWarmTransferResponse(record: WarmTransferRecord): WarmTransferResponse {
  return {
    warm_transfer_id: record.id,
    status: "dialing",
    room_name: record.roomName,
    participant_identity: record.participantIdentity,
    transfer_to: record.transferTo,
    consult_identity: record.consultIdentity,
  };
}
