import type {
  TransferOutcomeError,
  TransferRecord,
  TransferStatus,
  WarmTransferRecord,
  WebhookState,
} from "@sip-transfer/domain";

/** A record as both adapters serialise it (JSON, stable field names). */
export interface StoredRecord {
  id: string;
  tenantId: string | null;
  status: TransferStatus;
  roomName: string;
  participantIdentity: string;
  transferTo: string;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
  deadlineAt: number;
  error: TransferOutcomeError | null;
  requestId: string;
  /** Absent in records written before webhooks existed. */
  webhook?: WebhookState | null;
}

export function toStored(record: TransferRecord): StoredRecord {
  return {
    id: record.id,
    tenantId: record.tenantId ?? null,
    status: record.status,
    roomName: record.roomName,
    participantIdentity: record.participantIdentity,
    transferTo: record.transferTo,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    endedAt: record.endedAt ?? null,
    deadlineAt: record.deadlineAt,
    error: record.error ?? null,
    requestId: record.requestId,
    webhook: record.webhook ?? null,
  };
}

export function fromStored(stored: StoredRecord): TransferRecord {
  return {
    id: stored.id,
    tenantId: stored.tenantId ?? undefined,
    status: stored.status,
    roomName: stored.roomName,
    participantIdentity: stored.participantIdentity,
    transferTo: stored.transferTo,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    ...(stored.endedAt === null ? {} : { endedAt: stored.endedAt }),
    deadlineAt: stored.deadlineAt,
    ...(stored.error === null ? {} : { error: stored.error }),
    requestId: stored.requestId,
    ...(stored.webhook ? { webhook: stored.webhook } : {}),
  };
}

/** The participant lock's name: unambiguous for any room and identity. */
export function lockName(roomName: string, participantIdentity: string): string {
  return JSON.stringify([roomName, participantIdentity]);
}

/** Is `record` after `position` in the newest-first order? */
export function isAfter(
  record: { createdAt: number; id: string },
  position: { createdAt: number; id: string } | undefined,
): boolean {
  if (!position) return true;
  return record.createdAt < position.createdAt || (record.createdAt === position.createdAt && record.id < position.id);
}

/** A warm transfer as both adapters store it: its JSON (an absent tenant is an absent field). */
export function parseWarm(json: string): WarmTransferRecord {
  return JSON.parse(json) as WarmTransferRecord;
}
