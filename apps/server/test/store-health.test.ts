import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { StoreUnavailableError } from "@sip-transfer/domain";
import { type HitCounter, createRedisStore, createSqliteStore } from "@sip-transfer/store";
import { type TestRedis, startTestRedis } from "@sip-transfer/testkit";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type Harness, seedRequest, startHarness } from "./harness.js";

// What the store's health looks like from outside: /ready proves the store can write and names a
// Redis that may evict keys; a store bug answers 500 (logged), not a retryable 503.
let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  if (h) expect(h.violations).toEqual([]);
  await h?.close();
  h = undefined;
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const freshFile = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), "sip-transfer-store-health-"));
  dirs.push(dir);
  return join(dir, name);
};

describe("GET /ready and the store's writes", () => {
  it("a SQLite file that cannot be written (read-only) is not ready, though it can be read", async () => {
    const path = freshFile("read-only.sqlite");
    createSqliteStore({ path }).close();
    // The header's write version above 2 makes SQLite open the file read-only (root ignores chmod).
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.from([3]), 0, 1, 18);
    closeSync(fd);
    const store = createSqliteStore({ path });
    try {
      h = await startHarness({ store });
      const response = await h.request("/ready");
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: "Not ready: store is down",
        code: "NOT_READY",
        details: { checks: { store: "down", livekit: "ok" } },
      });
      h.seedRoom();
      const transfer = await h.postJson(seedRequest);
      expect(transfer.status).toBe(503);
      expect(await transfer.json()).toMatchObject({ code: "STORE_UNAVAILABLE" });
    } finally {
      await h?.close();
      h = undefined;
      await store.close();
    }
  });
});

describe("GET /ready on a Redis that may evict keys", () => {
  let redis: TestRedis | undefined;
  afterAll(async () => {
    await redis?.stop();
  });

  it("is ready, and its checks carry a warning naming maxmemory-policy", async () => {
    redis = await startTestRedis({ args: ["--maxmemory-policy", "allkeys-lru"] });
    const store = await createRedisStore({ url: redis.url, retentionMs: 60_000, connectTimeoutMs: 2000 });
    try {
      h = await startHarness({ store });
      const response = await h.request("/ready");
      expect(response.status).toBe(200);
      const body = (await response.json()) as { checks: { warnings?: string[] } };
      expect(body).toMatchObject({ status: "ready", checks: { store: "ok", livekit: "ok" } });
      expect(body.checks.warnings).toHaveLength(1);
      expect(body.checks.warnings![0]).toContain("maxmemory-policy is allkeys-lru");
    } finally {
      await h?.close();
      h = undefined;
      await store.close();
    }
  });
});

describe("a store bug is no outage", () => {
  it("a record the store cannot read (bad JSON in its row) answers 500 INTERNAL_ERROR, logged with the error, not 503", async () => {
    const path = freshFile("bug.sqlite");
    const store = createSqliteStore({ path });
    h = await startHarness({ store, transferWaitMs: 0 });
    h.seedRoom();
    const started = await h.client().transfer(seedRequest);
    await h.client().waitForTransfer(started.transfer_id, { intervalMs: 20 });
    const raw = new DatabaseSync(path);
    raw.prepare("UPDATE transfers SET error = '{not json' WHERE id = ?").run(started.transfer_id);
    raw.close();
    const response = await h.request(`/sip/transfers/${started.transfer_id}`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "Internal server error", code: "INTERNAL_ERROR" });
    const logged = h.logs().find((line) => line["msg"] === "unexpected error");
    expect(logged).toMatchObject({ level: 50, err: { type: "SyntaxError" } });
    await h.close();
    h = undefined;
    await store.close();
  });
});

describe("the transfer rate limit's counter", () => {
  const failingCounter = (error: Error): HitCounter => ({
    increment: () => Promise.reject(error),
    decrement: async () => {},
    reset: async () => {},
    close: async () => {},
  });

  it("down (an outage of the store's Redis): the transfer answers 503 STORE_UNAVAILABLE at once, nothing reaches LiveKit", async () => {
    h = await startHarness({
      transferRateLimit: {
        limit: 5,
        windowMs: 60_000,
        counter: failingCounter(new StoreUnavailableError(new Error("Command timed out"))),
      },
    });
    h.seedRoom();
    const response = await h.postJson(seedRequest);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toEqual({
      error: "The transfer store is unavailable; retry shortly",
      code: "STORE_UNAVAILABLE",
    });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
  });

  it("failing otherwise (a bug): the transfer goes through unlimited, and the failure is logged", async () => {
    h = await startHarness({
      transferRateLimit: { limit: 5, windowMs: 60_000, counter: failingCounter(new TypeError("counter bug")) },
    });
    h.seedRoom();
    const response = await h.postJson(seedRequest);
    expect(response.status).toBe(200);
    expect(
      h.logs().find((line) => line["msg"] === "transfer rate limit: the counter failed; request let through"),
    ).toMatchObject({ level: 40 });
  });
});
