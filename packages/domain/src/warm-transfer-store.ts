import type { TransferPosition } from "./transfer-store.js";
import type { WarmTransferRecord, WarmTransferStatus } from "./warm-transfer.js";
import type { WebhookAttemptResult, WebhookDelivery } from "./webhook-outbox.js";

/**
 * Where warm transfers live: in the transfer store, sharing its per-participant lock (one cold or
 * warm transfer per caller at a time). Implemented by @sip-transfer/store (SQLite, Redis) and the
 * domain's memory store, all held to one conformance suite. Every method throws
 * StoreUnavailableError when the store cannot answer now (retryable).
 */
export interface WarmTransferStore {
  /**
   * Saves a new open record and takes the caller's lock, in one atomic step. When a cold or warm
   * transfer holds the lock, saves nothing and says which.
   */
  startWarmTransfer(record: WarmTransferRecord): Promise<StartWarmTransferResult>;
  /**
   * Writes `record` over the stored one if that is still at `record.version - 1` (compare-and-set),
   * and releases the caller's lock when `record` is no longer open. Returns false when the stored
   * record moved on (or is gone): nothing changes then.
   */
  saveWarmTransfer(record: WarmTransferRecord): Promise<boolean>;
  /**
   * Deletes an open record still at `version`, and its lock: a start refused after it took the
   * lock but before it changed anything leaves nothing behind. Returns false when it moved on.
   */
  discardWarmTransfer(id: string, version: number): Promise<boolean>;
  getWarmTransfer(id: string): Promise<WarmTransferRecord | undefined>;
  /** A tenant's warm transfers, newest first (createdAt, then id, descending), after `after`. */
  listWarmTransfers(query: WarmTransferListQuery): Promise<WarmTransferListPage>;
  /** Open records (`dialing`, `consulting`) of every tenant, at most `limit`, earliest deadline first. */
  openWarmTransfers(limit: number): Promise<WarmTransferRecord[]>;
  /**
   * The outbox of `warm_transfer.*` webhooks, as WebhookOutbox's methods say: a record ended with a
   * `pending` webhook is due at its end, in the same write (saveWarmTransfer).
   */
  claimWarmWebhookDeliveries(
    now: number,
    leaseMs: number,
    limit: number,
  ): Promise<WebhookDelivery<WarmTransferRecord>[]>;
  finishWarmWebhookAttempt(id: string, attempt: number, result: WebhookAttemptResult): Promise<boolean>;
  nextWarmWebhookDueAt(): Promise<number | undefined>;
}

/** Who holds a caller's lock. */
export type LockHolder = { kind: "transfer" | "warm_transfer"; id: string; tenantId: string | undefined };

export type StartWarmTransferResult = { started: true } | { started: false; heldBy: LockHolder };

export interface WarmTransferListQuery {
  tenantId: string | undefined;
  roomName?: string | undefined;
  participantIdentity?: string | undefined;
  status?: WarmTransferStatus | undefined;
  limit: number;
  after?: TransferPosition | undefined;
}

export interface WarmTransferListPage {
  warmTransfers: WarmTransferRecord[];
  next?: TransferPosition | undefined;
}
