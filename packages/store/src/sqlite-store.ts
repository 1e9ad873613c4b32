import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import {
  type StartTransferResult,
  type StoreReadiness,
  type TransferEnd,
  type TransferListPage,
  type TransferListQuery,
  type TransferRecord,
  type WebhookAttemptResult,
  type WebhookDelivery,
  type WebhookStatus,
  type LockHolder,
  type StartWarmTransferResult,
  type WarmTransferListPage,
  type WarmTransferRecord,
  isOpen,
} from "@sip-transfer/domain";
import type { IdempotencyClaim, SipTransferStore, StoredAnswer } from "./idempotency-keys.js";
import { type StoreEventListener, availabilityGuard, isSqliteUnavailable } from "./availability.js";
import { fromStored, lockName, parseWarm, toStored } from "./records.js";
import { startWalCheckpointer } from "./wal-checkpointer.js";

export interface SqliteStoreOptions {
  /** A file path (created with its folder if missing), or `:memory:`. */
  path: string;
  /** How long a write waits for another process's lock before failing (ms, default 2000). */
  busyTimeoutMs?: number;
  now?: () => number;
  /** Told when the file turns unusable (locked, full, read-only…) and when it works again. */
  onEvent?: StoreEventListener;
}

interface Row {
  id: string;
  tenant: string;
  status: string;
  room_name: string;
  participant_identity: string;
  transfer_to: string;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  deadline_at: number;
  error: string | null;
  request_id: string;
  webhook_status: string | null;
  webhook_attempts: number | null;
  webhook_next_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS transfers (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  status TEXT NOT NULL,
  room_name TEXT NOT NULL,
  participant_identity TEXT NOT NULL,
  transfer_to TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ended_at INTEGER,
  deadline_at INTEGER NOT NULL,
  error TEXT,
  request_id TEXT NOT NULL,
  -- set while initiated, NULL once ended: the UNIQUE index is the one-transfer-per-participant lock
  lock_key TEXT UNIQUE
) STRICT;
CREATE INDEX IF NOT EXISTS transfers_newest_first ON transfers (tenant, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS transfers_overdue ON transfers (deadline_at) WHERE status = 'initiated';
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL,
  answer TEXT,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) STRICT;
-- one row, rewritten by the readiness check: proves the file can be written
CREATE TABLE IF NOT EXISTS store_probe (
  id INTEGER PRIMARY KEY,
  written_at INTEGER NOT NULL
) STRICT;
`;

/**
 * Changes to the schema above, in order; `PRAGMA user_version` counts the ones applied. Append,
 * never edit: a file made by an older version is brought up to date when it is opened.
 */
const MIGRATIONS = [
  // 1: the transfer webhook and its outbox (due while webhook_next_at is set).
  `ALTER TABLE transfers ADD COLUMN webhook_status TEXT;
   ALTER TABLE transfers ADD COLUMN webhook_attempts INTEGER;
   ALTER TABLE transfers ADD COLUMN webhook_next_at INTEGER;
   CREATE INDEX transfers_webhook_due ON transfers (webhook_next_at) WHERE webhook_next_at IS NOT NULL;`,
  // 2: an idempotency claim names its transfer and outlives its lease (lease_until; expires_at is
  // then the key's own expiry). Rows without lease_until: expires_at is the lease.
  `ALTER TABLE idempotency_keys ADD COLUMN transfer_id TEXT;
   ALTER TABLE idempotency_keys ADD COLUMN lease_until INTEGER;`,
  // 3: an index per filter of the listing, in its order (newest first, ties by id): a filtered page
  // reads only its rows, however many records the tenant has (it scanned them all before).
  `CREATE INDEX transfers_by_room ON transfers (tenant, room_name, created_at DESC, id DESC);
   CREATE INDEX transfers_by_participant ON transfers (tenant, participant_identity, created_at DESC, id DESC);
   CREATE INDEX transfers_by_status ON transfers (tenant, status, created_at DESC, id DESC);`,
  // 4: warm transfers. The record is JSON; the columns are what is searched. lock_key is set while
  // the record is open and shares the caller's lock with transfers.lock_key (both are checked in
  // one transaction before either is taken).
  `CREATE TABLE warm_transfers (
     id TEXT PRIMARY KEY,
     tenant TEXT NOT NULL,
     status TEXT NOT NULL,
     room_name TEXT NOT NULL,
     participant_identity TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     deadline_at INTEGER NOT NULL,
     version INTEGER NOT NULL,
     record TEXT NOT NULL,
     lock_key TEXT UNIQUE,
     -- the warm_transfer.* webhook's outbox: due while set
     webhook_next_at INTEGER
   ) STRICT;
   CREATE INDEX warm_transfers_newest_first ON warm_transfers (tenant, created_at DESC, id DESC);
   CREATE INDEX warm_transfers_open ON warm_transfers (deadline_at) WHERE lock_key IS NOT NULL;
   CREATE INDEX warm_transfers_webhook_due ON warm_transfers (webhook_next_at) WHERE webhook_next_at IS NOT NULL;`,
];

/**
 * The listing's SELECT for a query: on the index of one of its filters (room, then participant,
 * then status: the likeliest to narrow it most; any other filter is checked on that index's
 * rows), or on the tenant's index without one. Each index is ordered as the page is, so the page
 * is read in order without sorting, and the cursor is a range of that index (a row value: an OR of
 * two comparisons would make SQLite walk the index from the top). INDEXED BY pins the choice, so a
 * query's cost does not depend on statistics. Exported for the test that checks its plan.
 */
export function listQuery(query: TransferListQuery): { sql: string; params: SQLInputValue[] } {
  const { where, params, firstFilter } = pageConditions(query);
  const index = firstFilter === undefined ? "transfers_newest_first" : LIST_INDEXES[firstFilter]!;
  return {
    sql: `SELECT * FROM transfers INDEXED BY ${index} WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ?`,
    params,
  };
}

/**
 * The WHERE of one page of a tenant's records (transfers or warm transfers): the tenant, each
 * filter given (room, participant, status: `firstFilter` names the first), the cursor, and the
 * page's size plus one (to know whether another page follows) as the last parameter.
 */
function pageConditions(query: {
  tenantId: string | undefined;
  roomName?: string | undefined;
  participantIdentity?: string | undefined;
  status?: string | undefined;
  limit: number;
  after?: { createdAt: number; id: string } | undefined;
}): { where: string; params: SQLInputValue[]; firstFilter: string | undefined } {
  const where = ["tenant = ?"];
  const params: SQLInputValue[] = [query.tenantId ?? ANONYMOUS];
  const filters: [string, string | undefined][] = [
    ["room_name", query.roomName],
    ["participant_identity", query.participantIdentity],
    ["status", query.status],
  ];
  let firstFilter: string | undefined;
  for (const [column, wanted] of filters) {
    if (wanted === undefined) continue;
    firstFilter ??= column;
    where.push(`${column} = ?`);
    params.push(wanted);
  }
  if (query.after) {
    where.push("(created_at, id) < (?, ?)");
    params.push(query.after.createdAt, query.after.id);
  }
  params.push(query.limit + 1);
  return { where: where.join(" AND "), params, firstFilter };
}

/** A page of records read with one more row than `limit`: the records, and where the next page starts. */
function pageOf<R extends { createdAt: number; id: string }>(
  rows: R[],
  limit: number,
): { records: R[]; next: { createdAt: number; id: string } | undefined } {
  const records = rows.slice(0, limit);
  const last = records[records.length - 1];
  return { records, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

const LIST_INDEXES: Record<string, string> = {
  room_name: "transfers_by_room",
  participant_identity: "transfers_by_participant",
  status: "transfers_by_status",
};

// Anonymous records are stored under a tenant no API secret can have (ids are non-empty).
const ANONYMOUS = "";
const tenantOf = (tenant: string) => (tenant === ANONYMOUS ? undefined : tenant);
/** When an ended warm transfer's pending webhook is due (its end), or null: none is due. */
const webhookDueAt = (record: WarmTransferRecord) =>
  !isOpen(record.status) && record.webhook?.status === "pending" ? (record.endedAt ?? record.updatedAt) : null;

/**
 * The embedded store on Node's built-in SQLite. One process per file is the intended use (the
 * store is the server's own); WAL and a busy timeout keep a second process (a CLI, a restart
 * overlap) safe and bounded.
 */
export function createSqliteStore(options: SqliteStoreOptions): SipTransferStore {
  const now = options.now ?? Date.now;
  if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const db = new DatabaseSync(options.path);
  const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 2000);
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  if (options.path !== ":memory:") {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
  }
  db.exec(SCHEMA);
  migrate(db);
  // The WAL's checkpoints (and their fsync) happen on a worker thread, not in a request.
  const checkpointer = options.path === ":memory:" ? undefined : startWalCheckpointer(db, options.path, busyTimeoutMs);

  const statements = new Map<string, StatementSync>();
  const sql = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const one = (text: string, ...params: SQLInputValue[]) => sql(text).get(...params) as unknown as Row | undefined;
  /** The open warm transfer holding the lock `lock`, if any. */
  const warmHolder = (lock: string): LockHolder | undefined => {
    const row = sql("SELECT id, tenant FROM warm_transfers WHERE lock_key = ?").get(lock) as
      { id: string; tenant: string } | undefined;
    return row && { kind: "warm_transfer", id: row.id, tenantId: tenantOf(row.tenant) };
  };
  const transaction = <T>(work: () => T): T => {
    db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      db.exec("COMMIT");
      checkpointer?.committed();
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
  };
  const description = options.path === ":memory:" ? "sqlite::memory:" : `sqlite:${options.path}`;
  let closing: Promise<void> | undefined;
  // Locked, full, read-only, closed → StoreUnavailableError (503); bad SQL or JSON → thrown as is (500).
  const { run: guard } = availabilityGuard(description, isSqliteUnavailable, options.onEvent);

  return {
    description,

    startTransfer: (record) =>
      guard((): StartTransferResult => {
        const stored = toStored(record);
        const lock = lockName(record.roomName, record.participantIdentity);
        return transaction(() => {
          const running = one("SELECT * FROM transfers WHERE lock_key = ?", lock);
          if (running) return { started: false, running: fromRow(running) };
          const warm = warmHolder(lock);
          if (warm) return { started: false, heldBy: warm };
          sql(
            `INSERT INTO transfers (id, tenant, status, room_name, participant_identity, transfer_to, created_at, updated_at,
               ended_at, deadline_at, error, request_id, lock_key, webhook_status, webhook_attempts)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            stored.id,
            stored.tenantId ?? ANONYMOUS,
            stored.status,
            stored.roomName,
            stored.participantIdentity,
            stored.transferTo,
            stored.createdAt,
            stored.updatedAt,
            stored.endedAt,
            stored.deadlineAt,
            stored.error ? JSON.stringify(stored.error) : null,
            stored.requestId,
            lock,
            stored.webhook?.status ?? null,
            stored.webhook?.attempts ?? null,
          );
          return { started: true };
        });
      }),

    endTransfer: (id, end: TransferEnd) =>
      guard(() =>
        transaction(() => {
          const changed = sql(
            `UPDATE transfers SET status = ?, ended_at = ?, updated_at = ?, error = ?, lock_key = NULL,
               webhook_next_at = CASE WHEN webhook_status = 'pending' THEN ? ELSE NULL END
             WHERE id = ? AND status = 'initiated'`,
          ).run(end.status, end.endedAt, end.endedAt, end.error ? JSON.stringify(end.error) : null, end.endedAt, id);
          if (Number(changed.changes) === 0) return undefined;
          const row = one("SELECT * FROM transfers WHERE id = ?", id);
          return row ? fromRow(row) : undefined;
        }),
      ),

    getTransfer: (id) =>
      guard(() => {
        const row = one("SELECT * FROM transfers WHERE id = ?", id);
        return row ? fromRow(row) : undefined;
      }, "read"),

    listTransfers: (query: TransferListQuery) =>
      guard((): TransferListPage => {
        const { sql: text, params } = listQuery(query);
        const { records, next } = pageOf((sql(text).all(...params) as unknown as Row[]).map(fromRow), query.limit);
        return { transfers: records, next };
      }, "read"),

    overdueTransfers: (at, limit) =>
      guard(
        () =>
          (
            sql(
              "SELECT * FROM transfers WHERE status = 'initiated' AND deadline_at < ? ORDER BY deadline_at LIMIT ?",
            ).all(at, limit) as unknown as Row[]
          ).map(fromRow),
        "read",
      ),

    claimIdempotencyKey: (scope, key, fingerprint, leaseMs, transfer) =>
      guard(() =>
        transaction((): IdempotencyClaim => {
          const at = now();
          const row = sql(
            "SELECT fingerprint, state, answer, expires_at, transfer_id, lease_until FROM idempotency_keys WHERE scope = ? AND key = ?",
          ).get(scope, key) as
            | {
                fingerprint: string;
                state: string;
                answer: string | null;
                expires_at: number;
                transfer_id: string | null;
                lease_until: number | null;
              }
            | undefined;
          const answered = row?.state === "completed" && row.answer !== null;
          const leaseOver = row !== undefined && !answered && (row.lease_until ?? row.expires_at) <= at;
          // A lease that ran out frees the key only when the transfer it named was never made.
          const started =
            leaseOver &&
            row.transfer_id !== null &&
            sql("SELECT 1 FROM transfers WHERE id = ? UNION ALL SELECT 1 FROM warm_transfers WHERE id = ?").get(
              row.transfer_id,
              row.transfer_id,
            ) !== undefined;
          if (!row || row.expires_at <= at || (leaseOver && !started)) {
            sql(
              `INSERT INTO idempotency_keys (scope, key, fingerprint, state, answer, expires_at, transfer_id, lease_until)
               VALUES (?, ?, ?, 'processing', NULL, ?, ?, ?)
               ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'processing', answer = NULL,
               expires_at = excluded.expires_at, transfer_id = excluded.transfer_id, lease_until = excluded.lease_until`,
            ).run(
              scope,
              key,
              fingerprint,
              at + Math.max(leaseMs, transfer?.keepMs ?? 0),
              transfer?.id ?? null,
              at + leaseMs,
            );
            return { state: "claimed" };
          }
          if (row.fingerprint !== fingerprint) return { state: "mismatch" };
          if (answered) return { state: "completed", answer: JSON.parse(row.answer!) as StoredAnswer };
          return started ? { state: "started", transferId: row.transfer_id! } : { state: "in_progress" };
        }),
      ),

    completeIdempotencyKey: (scope, key, fingerprint, answer, ttlMs) =>
      guard(() => {
        sql(
          `UPDATE idempotency_keys SET state = 'completed', answer = ?, expires_at = ?
           WHERE scope = ? AND key = ? AND fingerprint = ? AND state = 'processing'`,
        ).run(JSON.stringify(answer), now() + ttlMs, scope, key, fingerprint);
      }),

    releaseIdempotencyKey: (scope, key, fingerprint) =>
      guard(() => {
        sql(
          "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND fingerprint = ? AND state = 'processing'",
        ).run(scope, key, fingerprint);
      }),

    claimWebhookDeliveries: (at, leaseMs, limit) =>
      guard(() => {
        // Polled every second: take the write lock only when something is due.
        if (!sql("SELECT 1 FROM transfers WHERE webhook_next_at IS NOT NULL AND webhook_next_at <= ? LIMIT 1").get(at))
          return [];
        return transaction((): WebhookDelivery[] => {
          const due = sql(
            "SELECT * FROM transfers WHERE webhook_next_at IS NOT NULL AND webhook_next_at <= ? ORDER BY webhook_next_at LIMIT ?",
          ).all(at, limit) as unknown as Row[];
          const take = sql(
            "UPDATE transfers SET webhook_attempts = webhook_attempts + 1, webhook_next_at = ? WHERE id = ?",
          );
          return due.map((row) => {
            take.run(at + leaseMs, row.id);
            const attempt = (row.webhook_attempts ?? 0) + 1;
            return { transfer: fromRow({ ...row, webhook_attempts: attempt }), attempt };
          });
        });
      }, "read"),

    finishWebhookAttempt: (id, attempt, result: WebhookAttemptResult) =>
      guard(() => {
        const changed = sql(
          `UPDATE transfers SET webhook_status = ?, webhook_next_at = ?, webhook_attempts = webhook_attempts - ?
           WHERE id = ? AND webhook_status = 'pending' AND webhook_attempts = ? AND webhook_next_at IS NOT NULL`,
        ).run(
          result.status,
          result.status === "pending" ? result.retryAt : null,
          result.status === "pending" && result.giveBack ? 1 : 0,
          id,
          attempt,
        );
        return Number(changed.changes) === 1;
      }),

    nextWebhookDueAt: () =>
      guard(() => {
        const row = sql("SELECT MIN(webhook_next_at) AS at FROM transfers WHERE webhook_next_at IS NOT NULL").get() as
          { at: number | null } | undefined;
        return row?.at ?? undefined;
      }, "read"),

    startWarmTransfer: (record) =>
      guard(() => {
        const lock = lockName(record.roomName, record.participantIdentity);
        return transaction((): StartWarmTransferResult => {
          const running = sql("SELECT id, tenant FROM transfers WHERE lock_key = ?").get(lock) as
            { id: string; tenant: string } | undefined;
          if (running)
            return { started: false, heldBy: { kind: "transfer", id: running.id, tenantId: tenantOf(running.tenant) } };
          const warm = warmHolder(lock);
          if (warm) return { started: false, heldBy: warm };
          sql(
            `INSERT INTO warm_transfers (id, tenant, status, room_name, participant_identity, created_at, deadline_at,
               version, record, lock_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            record.id,
            record.tenantId ?? ANONYMOUS,
            record.status,
            record.roomName,
            record.participantIdentity,
            record.createdAt,
            record.deadlineAt,
            record.version,
            JSON.stringify(record),
            lock,
          );
          return { started: true };
        });
      }),

    saveWarmTransfer: (record) =>
      guard(() => {
        const changed = sql(
          `UPDATE warm_transfers SET status = ?, deadline_at = ?, version = ?, record = ?,
             lock_key = CASE WHEN ? THEN lock_key ELSE NULL END, webhook_next_at = ?
           WHERE id = ? AND version = ?`,
        ).run(
          record.status,
          record.deadlineAt,
          record.version,
          JSON.stringify(record),
          isOpen(record.status) ? 1 : 0,
          webhookDueAt(record),
          record.id,
          record.version - 1,
        );
        return Number(changed.changes) === 1;
      }),

    discardWarmTransfer: (id, version) =>
      guard(
        () =>
          Number(
            sql("DELETE FROM warm_transfers WHERE id = ? AND version = ? AND lock_key IS NOT NULL").run(id, version)
              .changes,
          ) === 1,
      ),

    getWarmTransfer: (id) =>
      guard(() => {
        const row = sql("SELECT record FROM warm_transfers WHERE id = ?").get(id) as { record: string } | undefined;
        return row ? parseWarm(row.record) : undefined;
      }, "read"),

    listWarmTransfers: (query) =>
      guard((): WarmTransferListPage => {
        const { where, params } = pageConditions(query);
        const rows = sql(
          `SELECT record FROM warm_transfers INDEXED BY warm_transfers_newest_first WHERE ${where}
           ORDER BY created_at DESC, id DESC LIMIT ?`,
        ).all(...params) as unknown as { record: string }[];
        const { records, next } = pageOf(
          rows.map((row) => parseWarm(row.record)),
          query.limit,
        );
        return { warmTransfers: records, next };
      }, "read"),

    claimWarmWebhookDeliveries: (at, leaseMs, limit) =>
      guard(() => {
        const due = "SELECT id, record FROM warm_transfers WHERE webhook_next_at IS NOT NULL AND webhook_next_at <= ?";
        if (!sql(`${due} LIMIT 1`).get(at)) return [];
        return transaction(() =>
          (
            sql(`${due} ORDER BY webhook_next_at LIMIT ?`).all(at, limit) as unknown as { id: string; record: string }[]
          ).map((row) => {
            const record = parseWarm(row.record);
            const attempt = (record.webhook?.attempts ?? 0) + 1;
            const claimed: WarmTransferRecord = { ...record, webhook: { status: "pending", attempts: attempt } };
            sql("UPDATE warm_transfers SET record = ?, webhook_next_at = ? WHERE id = ?").run(
              JSON.stringify(claimed),
              at + leaseMs,
              row.id,
            );
            return { transfer: claimed, attempt };
          }),
        );
      }, "read"),

    finishWarmWebhookAttempt: (id, attempt, result: WebhookAttemptResult) =>
      guard(() =>
        transaction(() => {
          const row = sql("SELECT record FROM warm_transfers WHERE id = ? AND webhook_next_at IS NOT NULL").get(id) as
            { record: string } | undefined;
          const record = row && parseWarm(row.record);
          if (record?.webhook?.status !== "pending" || record.webhook.attempts !== attempt) return false;
          const attempts = result.status === "pending" && result.giveBack ? attempt - 1 : attempt;
          sql("UPDATE warm_transfers SET record = ?, webhook_next_at = ? WHERE id = ?").run(
            JSON.stringify({ ...record, webhook: { status: result.status, attempts } }),
            result.status === "pending" ? result.retryAt : null,
            id,
          );
          return true;
        }),
      ),

    nextWarmWebhookDueAt: () =>
      guard(() => {
        const row = sql(
          "SELECT MIN(webhook_next_at) AS at FROM warm_transfers WHERE webhook_next_at IS NOT NULL",
        ).get() as { at: number | null } | undefined;
        return row?.at ?? undefined;
      }, "read"),

    openWarmTransfers: (limit) =>
      guard(
        () =>
          (
            sql("SELECT record FROM warm_transfers WHERE lock_key IS NOT NULL ORDER BY deadline_at LIMIT ?").all(
              limit,
            ) as unknown as { record: string }[]
          ).map((row) => parseWarm(row.record)),
        "read",
      ),

    removeExpired: (at, olderThan) =>
      guard(() => {
        sql("DELETE FROM warm_transfers WHERE lock_key IS NULL AND webhook_next_at IS NULL AND created_at < ?").run(
          olderThan,
        );
        sql(
          "DELETE FROM transfers WHERE status != 'initiated' AND created_at < ? AND (webhook_status IS NULL OR webhook_status != 'pending')",
        ).run(olderThan);
        sql("DELETE FROM idempotency_keys WHERE expires_at <= ?").run(at);
      }),

    ping: () =>
      guard(() => {
        sql("SELECT 1").get();
      }, "read"),

    // A real write, committed: a file that is locked, full or read-only fails here.
    checkReady: () =>
      guard((): StoreReadiness => {
        transaction(() => sql("INSERT OR REPLACE INTO store_probe (id, written_at) VALUES (1, ?)").run(now()));
        return { warnings: [] };
      }),

    close: () =>
      // The last connection to close checkpoints what is left of the WAL. Closed at once when no
      // checkpoint worker runs (as before it: callers that do not wait find the file closed); a
      // second call gets the first one's promise (the file is not closed under the worker).
      (closing ??= (() => {
        const closeDb = () => {
          if (db.isOpen) db.close();
        };
        const stopping = checkpointer?.close();
        if (!stopping) {
          closeDb();
          return Promise.resolve();
        }
        return stopping.then(closeDb);
      })()),
  };
}

function fromRow(row: Row): TransferRecord {
  return fromStored({
    id: row.id,
    tenantId: row.tenant === ANONYMOUS ? null : row.tenant,
    status: row.status as TransferRecord["status"],
    roomName: row.room_name,
    participantIdentity: row.participant_identity,
    transferTo: row.transfer_to,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    deadlineAt: row.deadline_at,
    error: row.error === null ? null : (JSON.parse(row.error) as TransferRecord["error"] & object),
    requestId: row.request_id,
    webhook:
      row.webhook_status === null
        ? null
        : { status: row.webhook_status as WebhookStatus, attempts: row.webhook_attempts ?? 0 },
  });
}

/** Applies the migrations a file has not had yet, in one transaction (two processes may open it at once). */
function migrate(db: DatabaseSync): void {
  const version = () => (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (version() >= MIGRATIONS.length) return; // up to date: no write lock taken
  db.exec("BEGIN IMMEDIATE");
  try {
    const applied = version();
    for (const [index, migration] of MIGRATIONS.entries()) {
      if (index >= applied) db.exec(migration);
    }
    if (applied < MIGRATIONS.length) db.exec(`PRAGMA user_version = ${MIGRATIONS.length}`);
    db.exec("COMMIT");
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}
