/** A transfer's lifecycle: `initiated` → `completed` | `failed` | `unknown`. */
export type TransferStatus = "initiated" | "completed" | "failed" | "unknown";

/** Why a transfer ended `failed` or `unknown`. */
export type TransferErrorCode = "TRANSFER_FAILED" | "CALL_NOT_ACTIVE" | "TRANSFER_IN_PROGRESS" | "OUTCOME_UNKNOWN";

export interface TransferOutcomeError {
  code: TransferErrorCode;
  message: string;
  sipStatusCode?: number;
  sipStatus?: string;
}

/** A transfer that reached LiveKit's transfer call, as the store keeps it. Times are epoch ms. */
export interface TransferRecord {
  id: string;
  /** The tenant (`auth.id`) that started it; undefined for an anonymous caller. */
  tenantId: string | undefined;
  status: TransferStatus;
  roomName: string;
  participantIdentity: string;
  /** The destination sent to LiveKit: a `tel:`, `sip:` or `sips:` URI. */
  transferTo: string;
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  /** After this instant an `initiated` record is stale (its replica died): it ends `unknown`. */
  deadlineAt: number;
  error?: TransferOutcomeError;
  /** The request that started it. */
  requestId: string;
  /** Where its webhook stands; absent when no webhook is configured for its tenant. */
  webhook?: WebhookState;
}

/** A transfer's webhook: `pending` until a 2xx (`delivered`) or the last attempt (`failed`). */
export type WebhookStatus = "pending" | "delivered" | "failed";

export interface WebhookState {
  status: WebhookStatus;
  /** Attempts made so far. */
  attempts: number;
}

/** How a transfer ended: what the store writes onto an `initiated` record. */
export interface TransferEnd {
  status: Exclude<TransferStatus, "initiated">;
  endedAt: number;
  error?: TransferOutcomeError;
}

export function endedRecord(record: TransferRecord, end: TransferEnd): TransferRecord {
  const { error: _previous, ...rest } = record;
  return {
    ...rest,
    status: end.status,
    endedAt: end.endedAt,
    updatedAt: end.endedAt,
    ...(end.error ? { error: end.error } : {}),
  };
}
