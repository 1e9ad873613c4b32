import type { TransferEnd, TransferRecord, TransferStatus } from "./transfer.js";
import type { LockHolder } from "./warm-transfer-store.js";
import type { WebhookOutbox } from "./webhook-outbox.js";

/**
 * Where transfers, the per-participant lock and the webhook outbox live (idempotency keys, an HTTP
 * concern, are the server's: @sip-transfer/store's IdempotencyKeyStore).
 * Implemented by @sip-transfer/store (SQLite, Redis); every adapter passes the same conformance
 * suite. Every method throws StoreUnavailableError when the store cannot answer in bounded time or
 * cannot write now (down, stalled, locked, full, read-only: retryable); any other error (a bug:
 * bad SQL, unreadable data) is thrown as it is.
 */
export interface TransferStore extends WebhookOutbox {
  /** What it is, for logs: `sqlite:<path>`, `redis://host:port`. Never holds a password. */
  readonly description: string;

  /**
   * Saves a new `initiated` record and takes the participant's lock (room + participant), in one
   * atomic step. When another `initiated` record holds the lock, saves nothing and returns it; when
   * an open warm transfer holds it, saves nothing and names it.
   */
  startTransfer(record: TransferRecord): Promise<StartTransferResult>;
  /**
   * Ends an `initiated` record and releases its lock, atomically; a `pending` webhook becomes due
   * at `end.endedAt` in the same step. Returns the ended record, or undefined when there is no such
   * record or it had already ended (nothing changes then).
   */
  endTransfer(id: string, end: TransferEnd): Promise<TransferRecord | undefined>;
  getTransfer(id: string): Promise<TransferRecord | undefined>;
  /** A tenant's records, newest first (createdAt, then id, descending), after `after`. */
  listTransfers(query: TransferListQuery): Promise<TransferListPage>;
  /** `initiated` records whose deadline is before `now` (at most `limit`). */
  overdueTransfers(now: number, limit: number): Promise<TransferRecord[]>;

  /**
   * Deletes ended records older than `olderThan` (but not one whose webhook is still `pending`) and,
   * in stores that keep them, expired idempotency keys (stores without expiry).
   */
  removeExpired(now: number, olderThan: number): Promise<void>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  /**
   * Resolves when the store can serve transfers: it answers and a small write lands (a full disk,
   * a read-only file or a Redis that refuses writes fail it with StoreUnavailableError). Its
   * warnings name what puts the data at risk without stopping the store (e.g. Redis evicting keys).
   */
  checkReady(): Promise<StoreReadiness>;
  close(): Promise<void>;
}

export interface StoreReadiness {
  /** Human-readable, for `/ready` and logs; empty when all is well. */
  warnings: string[];
}

/** `running`: the cold transfer holding the lock; `heldBy`: a warm transfer holds it. */
export type StartTransferResult =
  { started: true } | { started: false; running: TransferRecord } | { started: false; heldBy: LockHolder };

export interface TransferListQuery {
  tenantId: string | undefined;
  roomName?: string | undefined;
  participantIdentity?: string | undefined;
  status?: TransferStatus | undefined;
  limit: number;
  /** Position to continue after (exclusive). */
  after?: TransferPosition | undefined;
}

/** A place in the newest-first order. */
export interface TransferPosition {
  createdAt: number;
  id: string;
}

export interface TransferListPage {
  transfers: TransferRecord[];
  /** Where the next page starts, or undefined on the last page. */
  next?: TransferPosition | undefined;
}
