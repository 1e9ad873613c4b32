import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreUnavailableError, type TransferListQuery, type TransferRecord } from "@sip-transfer/domain";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type StoreEvent, createSqliteStore } from "../src/index.js";
import { listQuery } from "../src/sqlite-store.js";
import { WAL_SAFETY_FRAMES } from "../src/wal-checkpointer.js";
import { describeSipTransferStore, record } from "./conformance.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sip-transfer-sqlite-"));
  dirs.push(dir);
  return dir;
};

describeSipTransferStore("SQLite in memory", { open: async () => createSqliteStore({ path: ":memory:" }) });

let lastFile = "";
describeSipTransferStore("SQLite file (two connections, like two processes)", {
  open: async () => {
    lastFile = join(freshDir(), "nested", "store.sqlite");
    return createSqliteStore({ path: lastFile });
  },
  openSibling: async () => createSqliteStore({ path: lastFile }),
});

describe("SQLite store", () => {
  it("creates the file and its folder, and keeps records across a restart", async () => {
    const path = join(freshDir(), "a", "b", "sip-transfer.sqlite");
    const first = createSqliteStore({ path });
    const kept = record();
    await first.startTransfer(kept);
    await first.close();
    expect(statSync(path).isFile()).toBe(true);
    const second = createSqliteStore({ path });
    expect(await second.getTransfer(kept.id)).toEqual(kept);
    expect(second.description).toBe(`sqlite:${path}`);
    await second.close();
  });

  it("folds the WAL into the database file from a worker thread, not in the writes: after a few dozen transfers, and all of it at close", async () => {
    const path = join(freshDir(), "sip-transfer.sqlite");
    const store = createSqliteStore({ path });
    const empty = statSync(path).size;
    const ids: string[] = [];
    // 40 transfers write ~500 WAL pages: SQLite's own checkpoint would wait for 1000 (in a write).
    for (let i = 0; i < 40; i += 1) {
      const started = record({ participantIdentity: `caller_${i}` });
      await store.startTransfer(started);
      await store.endTransfer(started.id, { status: "completed", endedAt: started.createdAt + 1000 });
      ids.push(started.id);
    }
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(empty), { timeout: 5000, interval: 20 });
    // Closing twice is one close (the file is not closed under the worker while it stops).
    const closing = store.close();
    expect(store.close()).toBe(closing);
    await closing;
    // Closed: nothing is left in the WAL, and every record is in the file.
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
    const reopened = createSqliteStore({ path });
    for (const id of ids) expect((await reopened.getTransfer(id))?.status).toBe("completed");
    await reopened.close();
  });

  it("keeps the WAL bounded under writes that never pause (a background checkpoint alone never catches up)", async () => {
    const path = join(freshDir(), "sip-transfer.sqlite");
    const store = createSqliteStore({ path });
    const walSize = () => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    let largest = 0;
    // ~1 300 transfers write ~16 000 WAL pages (~65 MB were it never started over).
    for (let i = 0; i < 1300; i += 1) {
      const started = record({ participantIdentity: `caller_${i}` });
      await store.startTransfer(started);
      await store.endTransfer(started.id, { status: "completed", endedAt: started.createdAt + 1000 });
      largest = Math.max(largest, walSize());
    }
    await store.close();
    // At most WAL_SAFETY_FRAMES pages of 4 KiB (and one transaction's), however the worker kept up.
    expect(largest).toBeLessThan(WAL_SAFETY_FRAMES * 4096 + 1024 * 1024);
  });

  it("brings a file made before webhooks up to date when it opens it, keeping its records", async () => {
    const path = join(freshDir(), "old.sqlite");
    const first = createSqliteStore({ path });
    const old = record();
    await first.startTransfer(old);
    await first.close();
    // Back to the schema of version 0.1 (no webhook columns, user_version 0).
    const { DatabaseSync } = await import("node:sqlite");
    const raw = new DatabaseSync(path);
    raw.exec(`DROP INDEX transfers_webhook_due; DROP INDEX transfers_by_room; DROP INDEX transfers_by_participant;
      DROP INDEX transfers_by_status;
      ALTER TABLE transfers DROP COLUMN webhook_status; ALTER TABLE transfers DROP COLUMN webhook_attempts;
      ALTER TABLE transfers DROP COLUMN webhook_next_at; ALTER TABLE idempotency_keys DROP COLUMN transfer_id;
      ALTER TABLE idempotency_keys DROP COLUMN lease_until; DROP TABLE warm_transfers; PRAGMA user_version = 0;`);
    raw.close();

    const reopened = createSqliteStore({ path });
    expect(await reopened.getTransfer(old.id)).toEqual(old);
    const withWebhook = record({ participantIdentity: "other", webhook: { status: "pending", attempts: 0 } });
    await reopened.startTransfer(withWebhook);
    await reopened.endTransfer(withWebhook.id, { status: "completed", endedAt: withWebhook.createdAt + 10 });
    expect(
      (await reopened.claimWebhookDeliveries(withWebhook.createdAt + 10, 1000, 10)).map((d) => d.transfer.id),
    ).toEqual([withWebhook.id]);
    await reopened.close();
    const check = new DatabaseSync(path);
    expect(check.prepare("PRAGMA user_version").get()).toEqual({ user_version: 4 });
    check.close();
  });

  it("gives a file made before the filters' indexes (version 2) its indexes when it opens it: its records are found by every filter", async () => {
    const path = join(freshDir(), "v2.sqlite");
    const first = createSqliteStore({ path });
    const made: TransferRecord[] = [];
    for (let i = 0; i < 12; i += 1) {
      const r = record({
        createdAt: Date.UTC(2026, 10, 25) + i,
        roomName: `room-${i % 2}`,
        participantIdentity: `p${i}`,
      });
      await first.startTransfer(r);
      made.push(i % 3 === 0 ? r : (await first.endTransfer(r.id, { status: "completed", endedAt: r.createdAt + 5 }))!);
    }
    await first.close();
    const { DatabaseSync } = await import("node:sqlite");
    const raw = new DatabaseSync(path);
    raw.exec(`DROP INDEX transfers_by_room; DROP INDEX transfers_by_participant; DROP INDEX transfers_by_status;
      DROP TABLE warm_transfers; PRAGMA user_version = 2;`);
    raw.close();

    const reopened = createSqliteStore({ path });
    const newestFirst = [...made].reverse();
    const ids = async (query: Partial<TransferListQuery>) =>
      (await reopened.listTransfers({ tenantId: "tenant-a", limit: 100, ...query })).transfers.map((r) => r.id);
    expect(await ids({ roomName: "room-1" })).toEqual(
      newestFirst.filter((r) => r.roomName === "room-1").map((r) => r.id),
    );
    expect(await ids({ participantIdentity: "p7" })).toEqual([made[7]!.id]);
    expect(await ids({ status: "initiated" })).toEqual(
      newestFirst.filter((r) => r.status === "initiated").map((r) => r.id),
    );
    await reopened.close();
    const check = new DatabaseSync(path);
    expect(check.prepare("PRAGMA user_version").get()).toEqual({ user_version: 4 });
    const indexes = check
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'transfers_by_%'")
      .all();
    expect(indexes.map((row) => row.name).sort()).toEqual([
      "transfers_by_participant",
      "transfers_by_room",
      "transfers_by_status",
    ]);
    check.close();
  });

  it("reads every listing (each filter, their combinations, with a cursor or not) from an index in its order: no table scan, no sort", async () => {
    // The schema as the store makes it, with records where a room narrows least and statistics
    // (ANALYZE) saying so: the plan must not follow them (each query's cost would then depend on them).
    const path = join(freshDir(), "plans.sqlite");
    const store = createSqliteStore({ path });
    for (let i = 0; i < 40; i += 1) {
      const r = record({ roomName: "room", participantIdentity: `p${i}`, createdAt: Date.UTC(2026, 10, 25) + i });
      await store.startTransfer(r);
      await store.endTransfer(r.id, { status: i % 2 ? "failed" : "completed", endedAt: r.createdAt + 1 });
    }
    await store.close();
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(path);
    db.exec("ANALYZE");
    const filters = { roomName: "room", participantIdentity: "p", status: "failed" as const };
    const expectedIndex = (query: Partial<TransferListQuery>) =>
      query.roomName !== undefined
        ? "transfers_by_room"
        : query.participantIdentity !== undefined
          ? "transfers_by_participant"
          : query.status !== undefined
            ? "transfers_by_status"
            : "transfers_newest_first";
    const combinations = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) =>
      Object.fromEntries(Object.entries(filters).filter((_, bit) => mask & (1 << bit))),
    );
    for (const tenantId of ["tenant-a", undefined])
      for (const combination of combinations)
        for (const after of [undefined, { createdAt: 5, id: "tr_x" }]) {
          const query: TransferListQuery = { tenantId, limit: 100, after, ...combination };
          const { sql, params } = listQuery(query);
          const plan = db
            .prepare(`EXPLAIN QUERY PLAN ${sql}`)
            .all(...params)
            .map((row) => String(row.detail));
          const label = JSON.stringify(query);
          expect(plan, label).toHaveLength(1);
          expect(plan[0], label).toMatch(
            new RegExp(`^SEARCH transfers USING INDEX ${expectedIndex(query)} \\(tenant=\\?`),
          );
          if (after) expect(plan[0], label).toContain("(created_at,id)<(?,?)");
          expect(plan.join("\n"), label).not.toMatch(/SCAN|TEMP B-TREE/);
        }
    db.close();
  });

  it("a write blocked by another process's lock fails as StoreUnavailableError within the busy timeout", async () => {
    const path = join(freshDir(), "locked.sqlite");
    const holder = createSqliteStore({ path });
    await holder.ping();
    const { DatabaseSync } = await import("node:sqlite");
    const blocker = new DatabaseSync(path);
    blocker.exec("BEGIN IMMEDIATE");
    const waiting = createSqliteStore({ path, busyTimeoutMs: 200 });
    const started = performance.now();
    await expect(waiting.startTransfer(record())).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - started).toBeLessThan(2000);
    blocker.exec("ROLLBACK");
    await expect(waiting.startTransfer(record())).resolves.toEqual({ started: true });
    blocker.close();
    await waiting.close();
    await holder.close();
  });

  it("a write blocked by another process's lock makes checkReady fail, though reads (ping) work", async () => {
    const path = join(freshDir(), "ready-locked.sqlite");
    const events: StoreEvent[] = [];
    const store = createSqliteStore({ path, busyTimeoutMs: 100, onEvent: (event) => events.push(event) });
    expect(await store.checkReady()).toEqual({ warnings: [] });
    const { DatabaseSync } = await import("node:sqlite");
    const blocker = new DatabaseSync(path);
    blocker.exec("BEGIN IMMEDIATE");
    await store.ping();
    await expect(store.checkReady()).rejects.toBeInstanceOf(StoreUnavailableError);
    blocker.exec("ROLLBACK");
    expect(await store.checkReady()).toEqual({ warnings: [] });
    expect(events.map((e) => e.type)).toEqual(["unavailable", "available"]);
    blocker.close();
    await store.close();
  });

  it("a read-only file: checkReady and writes fail as StoreUnavailableError (one event, however many reads succeed between)", async () => {
    const path = join(freshDir(), "read-only.sqlite");
    const first = createSqliteStore({ path });
    const kept = record();
    await first.startTransfer(kept);
    await first.close();
    // The header's write version above 2 makes SQLite open the file read-only, whoever runs the
    // test (root ignores chmod).
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from([3]), 0, 1, 18);
    closeSync(fd);
    const events: StoreEvent[] = [];
    const store = createSqliteStore({ path, onEvent: (event) => events.push(event) });
    await store.ping();
    const refused = await store.checkReady().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(String((refused as Error).cause)).toContain("readonly database");
    expect(await store.getTransfer(kept.id)).toEqual(kept);
    await expect(store.startTransfer(record({ participantIdentity: "other" }))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(await store.getTransfer(kept.id)).toEqual(kept);
    expect(events).toEqual([
      { type: "unavailable", store: store.description, reason: "attempt to write a readonly database" },
    ]);
    await store.close();
  });

  it("a bug is not an outage: bad JSON in a row or a missing table throws the error itself, never StoreUnavailableError", async () => {
    const path = join(freshDir(), "bugs.sqlite");
    const events: StoreEvent[] = [];
    const store = createSqliteStore({ path, onEvent: (event) => events.push(event) });
    const kept = record();
    await store.startTransfer(kept);
    const { DatabaseSync } = await import("node:sqlite");
    const raw = new DatabaseSync(path);
    raw.prepare("UPDATE transfers SET error = '{not json' WHERE id = ?").run(kept.id);
    raw.exec("DROP TABLE idempotency_keys");
    raw.close();
    const badJson = await store.getTransfer(kept.id).catch((error: unknown) => error);
    expect(badJson).toBeInstanceOf(SyntaxError);
    const noTable = await store.claimIdempotencyKey("s", "k", "f", 1000).catch((error: unknown) => error);
    expect(noTable).not.toBeInstanceOf(StoreUnavailableError);
    expect(String(noTable)).toContain("no such table");
    expect(events).toEqual([]);
    await store.close();
  });

  it("a closed store answers StoreUnavailableError, not a crash", async () => {
    const store = createSqliteStore({ path: ":memory:" });
    await store.close();
    await expect(store.getTransfer("tr_x")).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
