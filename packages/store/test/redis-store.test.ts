import { StoreUnavailableError, type TransferListQuery, type TransferRecord } from "@sip-transfer/domain";
import { type TestRedis, startTestRedis } from "@sip-transfer/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StoreEvent, createRedisHitCounter, createRedisStore } from "../src/index.js";
import { lockName, toStored } from "../src/records.js";
import { describeSipTransferStore, record, warmRecord } from "./conformance.js";

let redis: TestRedis;
let prefixCount = 0;
let lastPrefix = "";
beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const open = (prefix: string, commandTimeoutMs = 500, onEvent?: (event: StoreEvent) => void, url = redis.url) =>
  createRedisStore({
    url,
    retentionMs: 7 * 24 * 3600_000,
    keyPrefix: prefix,
    commandTimeoutMs,
    connectTimeoutMs: 2000,
    ...(onEvent ? { onEvent } : {}),
  });

/** Collects a store's events; `next(type)` resolves on the next one of that type (or one already seen). */
function eventLog() {
  const events: StoreEvent[] = [];
  const waiting: { type: StoreEvent["type"]; from: number; resolve: (event: StoreEvent) => void }[] = [];
  return {
    events,
    types: () => events.map((event) => event.type),
    listener: (event: StoreEvent) => {
      events.push(event);
      for (const wait of waiting.splice(0)) {
        const found = events.slice(wait.from).find((e) => e.type === wait.type);
        if (found) wait.resolve(found);
        else waiting.push(wait);
      }
    },
    next(type: StoreEvent["type"], from = 0): Promise<StoreEvent> {
      const found = events.slice(from).find((e) => e.type === type);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiting.push({ type, from, resolve }));
    },
  };
}

describeSipTransferStore("Redis (a real redis-server; siblings are other connections, like other replicas)", {
  open: async () => {
    lastPrefix = `test-${++prefixCount}:`;
    return open(lastPrefix);
  },
  openSibling: async () => open(lastPrefix),
});

describe("Redis store when Redis fails", () => {
  it("a stall is one 'unavailable' event however many calls fail, and one 'available' when Redis answers again", async () => {
    const log = eventLog();
    const store = await open("stall-events:", 200, log.listener);
    await store.ping();
    redis.pause();
    try {
      for (let i = 0; i < 3; i += 1)
        await expect(store.getTransfer("tr_x")).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.startTransfer(record())).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      redis.resume();
    }
    await waitForPing(store);
    expect(log.types()).toEqual(["unavailable", "available"]);
    expect(log.events[0]).toMatchObject({ store: store.description, reason: "Command timed out" });
    await store.close();
  });

  it("a lost connection is one 'unavailable' event, the reconnection one 'available'", async () => {
    const log = eventLog();
    const store = await open("lost-events:", 300, log.listener);
    await store.ping();
    await redis.kill();
    await log.next("unavailable");
    await expect(store.getTransfer("tr_x")).rejects.toBeInstanceOf(StoreUnavailableError);
    await redis.restart();
    await log.next("available");
    await waitForPing(store);
    expect(log.types()).toEqual(["unavailable", "available"]);
    await store.close();
    expect(log.types()).toEqual(["unavailable", "available"]); // closing is no outage
  });

  it("a bug is not an outage: bad JSON or a wrong command throws the error itself, never StoreUnavailableError", async () => {
    const log = eventLog();
    const store = await open("bugs:", 500, log.listener);
    const raw = new Redis(redis.url);
    try {
      const kept = record();
      await store.startTransfer(kept);
      await raw.set(`bugs:transfer:${kept.id}`, "{not json");
      const badJson = await store.getTransfer(kept.id).catch((error: unknown) => error);
      expect(badJson).toBeInstanceOf(SyntaxError);
      await raw.del("bugs:index:t:tenant-a");
      await raw.set("bugs:index:t:tenant-a", "a string where a sorted set belongs");
      const wrongType = await store.listTransfers({ tenantId: "tenant-a", limit: 10 }).catch((error: unknown) => error);
      expect(wrongType).not.toBeInstanceOf(StoreUnavailableError);
      expect(String(wrongType)).toContain("WRONGTYPE");
      expect(log.events).toEqual([]);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it("a stalled Redis answers StoreUnavailableError within the command timeout, and the store recovers", async () => {
    const store = await open("stall:", 300);
    await store.ping();
    redis.pause();
    try {
      const started = performance.now();
      await expect(store.startTransfer(record())).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.claimIdempotencyKey("s", "k", "f", 1000)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      redis.resume();
    }
    await waitForPing(store);
    await expect(store.startTransfer(record({ participantIdentity: "after-stall" }))).resolves.toEqual({
      started: true,
    });
    await store.close();
  });

  it("a Redis that is down answers StoreUnavailableError at once, and the store reconnects when it is back", async () => {
    const store = await open("down:", 300);
    await store.ping();
    await redis.kill();
    const started = performance.now();
    await expect(store.getTransfer("tr_x")).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(performance.now() - started).toBeLessThan(1000);
    await redis.restart();
    await waitForPing(store);
    await expect(store.startTransfer(record())).resolves.toEqual({ started: true });
    await store.close();
  });

  it("starts while Redis is unreachable and works once it answers", async () => {
    await redis.kill();
    const store = await createRedisStore({
      url: redis.url,
      retentionMs: 60_000,
      keyPrefix: "late:",
      connectTimeoutMs: 200,
      commandTimeoutMs: 300,
    });
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await redis.restart();
    await waitForPing(store);
    await store.close();
  });

  it("never shows the password in its description", async () => {
    const store = await createRedisStore({
      url: `redis://user:hunter2@127.0.0.1:${redis.port}`,
      retentionMs: 1000,
      connectTimeoutMs: 100,
    });
    expect(store.description).not.toContain("hunter2");
    await store.close();
  });
});

describe("Redis warm transfers and expiry", () => {
  it("an open warm transfer and its lock never expire (a consult may outlast the retention); ending it starts its expiry", async () => {
    const prefix = "warm-expiry:";
    const store = await createRedisStore({
      url: redis.url,
      retentionMs: 60_000,
      keyPrefix: prefix,
      commandTimeoutMs: 2000,
    });
    const raw = new Redis(redis.url);
    try {
      const warm = warmRecord({ createdAt: Date.now() });
      await store.startWarmTransfer(warm);
      expect(await raw.pttl(`${prefix}warm-transfer:${warm.id}`)).toBe(-1);
      const lock = (await raw.keys(`${prefix}lock:*`))[0]!;
      expect(await raw.pttl(lock)).toBe(-1);
      await store.saveWarmTransfer({ ...warm, status: "consulting", version: 2 });
      expect(await raw.pttl(`${prefix}warm-transfer:${warm.id}`)).toBe(-1);
      await store.saveWarmTransfer({ ...warm, status: "completed", endedAt: warm.createdAt + 5, version: 3 });
      const ttl = await raw.pttl(`${prefix}warm-transfer:${warm.id}`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await raw.exists(lock)).toBe(0);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});

describe("Redis listing while records expire", () => {
  it("pages by position: records that expire between pages never make a page skip live ones", async () => {
    const store = await open("expiry-paging:");
    const raw = new Redis(redis.url);
    try {
      const made: TransferRecord[] = [];
      for (let i = 0; i < 150; i += 1) {
        const r = record({ createdAt: Date.UTC(2026, 10, 25) - i * 1000, participantIdentity: `p${i}` });
        made.push(r);
        await store.startTransfer(r);
      }
      const first = await store.listTransfers({ tenantId: "tenant-a", limit: 10 });
      expect(first.transfers.map((r) => r.id)).toEqual(made.slice(0, 10).map((r) => r.id));
      // The 30 records after the cursor expire (their index entries stay until a listing drops them).
      const expiring = made.slice(10, 40).map((r) => `expiry-paging:transfer:${r.id}`);
      for (const key of expiring) await raw.pexpire(key, 1);
      while ((await raw.exists(...expiring)) > 0) await new Promise((resolve) => setTimeout(resolve, 5));

      const second = await store.listTransfers({ tenantId: "tenant-a", limit: 100, after: first.next });
      expect(second.transfers.map((r) => r.id)).toEqual(made.slice(40, 140).map((r) => r.id));
      const third = await store.listTransfers({ tenantId: "tenant-a", limit: 100, after: second.next });
      expect(third.transfers.map((r) => r.id)).toEqual(made.slice(140).map((r) => r.id));
      expect(third.next).toBeUndefined();
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});

describe("Redis filters' indexes", () => {
  const retentionMs = 7 * 24 * 3600_000;
  /**
   * Writes records as the version before the filters' indexes did (its START and END scripts), in
   * one pipeline: a round trip per command, one after the other, outlasted the test's time on a
   * busy machine.
   */
  const writeAsBefore = async (raw: Redis, prefix: string, records: TransferRecord[]) => {
    const pipeline = raw.pipeline();
    for (const r of records) {
      pipeline.set(`${prefix}transfer:${r.id}`, JSON.stringify(toStored(r)), "PX", retentionMs);
      pipeline.zadd(`${prefix}index:${r.tenantId === undefined ? "-" : `t:${r.tenantId}`}`, r.createdAt, r.id);
      if (r.status === "initiated") {
        pipeline.set(`${prefix}lock:${lockName(r.roomName, r.participantIdentity)}`, r.id, "PX", retentionMs);
        pipeline.zadd(`${prefix}deadlines`, r.deadlineAt, r.id);
      }
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  };
  const ended = (r: TransferRecord, status: TransferRecord["status"]): TransferRecord =>
    status === "initiated" ? r : { ...r, status, endedAt: r.createdAt + 5, updatedAt: r.createdAt + 5 };
  const newestFirst = (records: TransferRecord[]) =>
    [...records].sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : 1));
  const keysOf = async (raw: Redis, prefix: string) => {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, found] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== "0");
    return keys.sort();
  };

  it("back-fills records written before them at open (once, versioned): every filter finds them, in full pages, and they end as others do", async () => {
    const prefix = "before-filters:";
    const raw = new Redis(redis.url);
    const statuses = ["completed", "failed", "unknown", "initiated"] as const;
    const old: TransferRecord[] = [];
    for (let i = 0; i < 1300; i += 1) {
      const r = ended(
        record({
          tenantId: i % 10 === 9 ? undefined : "tenant-a",
          createdAt: Date.UTC(2026, 10, 25) + Math.floor(i / 2), // pairs share a millisecond
          roomName: `room-${i % 7}`,
          participantIdentity: `p${i}`,
        }),
        i < 100 ? statuses[i % 4]! : "completed",
      );
      old.push(r);
    }
    await writeAsBefore(raw, prefix, old);
    // What this test is about is the back-fill, not timeouts: the 500 ms of the other tests can run
    // out under a busy pnpm test, and a back-fill cut short leaves the filters scanning (it failed so).
    const store = await open(prefix, 10_000);
    try {
      const expect_ = async (query: Omit<TransferListQuery, "limit">, limit = 50) => {
        const expected = newestFirst(
          old.filter(
            (r) =>
              r.tenantId === query.tenantId &&
              (query.roomName === undefined || r.roomName === query.roomName) &&
              (query.participantIdentity === undefined || r.participantIdentity === query.participantIdentity) &&
              (query.status === undefined || r.status === query.status),
          ),
        );
        const page = await store.listTransfers({ ...query, limit });
        expect(page.transfers, JSON.stringify(query)).toEqual(expected.slice(0, limit));
      };
      await expect_({ tenantId: "tenant-a", roomName: "room-3" });
      await expect_({ tenantId: "tenant-a", participantIdentity: "p1234" });
      await expect_({ tenantId: undefined, status: "completed" });
      // Failed records are 1 in 4 of the oldest 100, behind 1200 completed: a full page all the same.
      await expect_({ tenantId: "tenant-a", status: "failed" }, 10);
      await expect_({ tenantId: "tenant-a", roomName: "room-2", status: "initiated" }, 5);
      expect(await raw.hget(`${prefix}schema`, "filterIndexes")).toBe("1");

      // A record the previous version started ends in this one: out of initiated, into its outcome.
      const running = old.find((r) => r.status === "initiated" && r.tenantId === "tenant-a")!;
      await store.endTransfer(running.id, { status: "failed", endedAt: running.createdAt + 9 });
      const failed = await store.listTransfers({ tenantId: "tenant-a", status: "failed", limit: 1000 });
      expect(failed.transfers.map((r) => r.id)).toContain(running.id);
      const initiated = await store.listTransfers({ tenantId: "tenant-a", status: "initiated", limit: 1000 });
      expect(initiated.transfers.map((r) => r.id)).not.toContain(running.id);

      // Written by a replica still on the previous version after the back-fill (a rolling
      // upgrade): indexed by the next removal of expired records.
      const late = record({ createdAt: Date.now(), roomName: "late-room", participantIdentity: "late" });
      await writeAsBefore(raw, prefix, [late]);
      await store.removeExpired(Date.now(), 0);
      expect((await store.listTransfers({ tenantId: "tenant-a", roomName: "late-room", limit: 10 })).transfers).toEqual(
        [late],
      );
      // The back-fill is not run again by the next store to open (the schema says it is done).
      await raw.del(`${prefix}by-room:${JSON.stringify(["tenant-a", "room-3"])}`);
      const sibling = await open(prefix, 10_000);
      expect((await sibling.listTransfers({ tenantId: "tenant-a", roomName: "room-3", limit: 10 })).transfers).toEqual(
        [],
      );
      await sibling.close();
    } finally {
      raw.disconnect();
      await store.close();
    }
  });

  it("while the back-fill cannot run (Redis refusing writes at open), filters answer from the tenant's index; the next removal of expired records runs it", async () => {
    const prefix = "backfill-later:";
    const raw = new Redis(redis.url);
    const rare = record({ createdAt: Date.UTC(2026, 10, 24), roomName: "rare" });
    await writeAsBefore(raw, prefix, [
      rare,
      ...Array.from({ length: 1100 }, (_, n) =>
        record({ createdAt: Date.UTC(2026, 10, 25) + n, participantIdentity: `p${n}` }),
      ),
    ]);
    await raw.config("SET", "min-replicas-to-write", "1");
    let store: Awaited<ReturnType<typeof open>> | undefined;
    try {
      store = await open(prefix, 10_000);
      // As before the filters' indexes: the scan stops after 1000 entries, with a cursor.
      const scanned = await store.listTransfers({ tenantId: "tenant-a", roomName: "rare", limit: 10 });
      expect(scanned.transfers).toEqual([]);
      expect(
        (await store.listTransfers({ tenantId: "tenant-a", roomName: "rare", limit: 10, after: scanned.next }))
          .transfers,
      ).toEqual([rare]);
      await raw.config("SET", "min-replicas-to-write", "0");
      await store.removeExpired(Date.now(), 0);
      expect(await raw.hget(`${prefix}schema`, "filterIndexes")).toBe("1");
      expect(await store.listTransfers({ tenantId: "tenant-a", roomName: "rare", limit: 10 })).toEqual({
        transfers: [rare],
      });
    } finally {
      await raw.config("SET", "min-replicas-to-write", "0");
      raw.disconnect();
      await store?.close();
    }
  });

  it("forgets a record in every index once it is gone (expired, or removed after the retention): nothing is left behind", async () => {
    const prefix = "filters-forget:";
    const store = await open(prefix);
    const raw = new Redis(redis.url);
    try {
      const made: TransferRecord[] = [];
      for (let i = 0; i < 150; i += 1) {
        const r = record({
          createdAt: Date.UTC(2026, 10, 25) - i * 1000,
          participantIdentity: `p${i % 3}`,
          roomName: "r",
        });
        await store.startTransfer(r);
        made.push((await store.endTransfer(r.id, { status: "completed", endedAt: r.createdAt + 1 }))!);
      }
      // 60 records after the first page expire: their entries stay until a listing or a removal drops them.
      const expiring = made.slice(10, 70).map((r) => `${prefix}transfer:${r.id}`);
      for (const key of expiring) await raw.pexpire(key, 1);
      while ((await raw.exists(...expiring)) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const page = await store.listTransfers({ tenantId: "tenant-a", participantIdentity: "p1", limit: 10 });
      const p1 = made.filter((r, i) => r.participantIdentity === "p1" && (i < 10 || i >= 70));
      expect(page.transfers).toEqual(p1.slice(0, 10));
      const second = await store.listTransfers({
        tenantId: "tenant-a",
        status: "completed",
        limit: 100,
        after: page.next,
      });
      expect(second.transfers.map((r) => r.id)).toEqual(
        made.filter((r, i) => (i < 10 || i >= 70) && r.createdAt < page.next!.createdAt).map((r) => r.id),
      );
      // Expired and old: every entry and every key of the tenant goes, the filters' included.
      await store.removeExpired(Date.now(), Date.UTC(2026, 10, 26));
      expect(await keysOf(raw, prefix)).toEqual([`${prefix}schema`]);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});

describe("Redis store readiness", () => {
  it("proves Redis takes writes: a Redis refusing writes (min-replicas-to-write, no replica) is not ready though it answers PING", async () => {
    const log = eventLog();
    const store = await open("ready-writes:", 500, log.listener);
    const raw = new Redis(redis.url);
    try {
      expect(await store.checkReady()).toEqual({ warnings: [] });
      await raw.config("SET", "min-replicas-to-write", "1");
      await store.ping();
      const refused = await store.checkReady().catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(StoreUnavailableError);
      expect(String((refused as Error).cause)).toContain("NOREPLICAS");
      await expect(store.startTransfer(record())).rejects.toBeInstanceOf(StoreUnavailableError);
      await store.getTransfer("tr_x"); // reads work: still one outage
      await raw.config("SET", "min-replicas-to-write", "0");
      expect(await store.checkReady()).toEqual({ warnings: [] });
      expect(log.types()).toEqual(["unavailable", "available"]);
    } finally {
      await raw.config("SET", "min-replicas-to-write", "0");
      raw.disconnect();
      await store.close();
    }
  });

  it("a Redis that may evict keys (maxmemory-policy allkeys-lru) is named at start and in checkReady's warnings", async () => {
    const evicting = await startTestRedis({ args: ["--maxmemory-policy", "allkeys-lru"] });
    const log = eventLog();
    const store = await open("evicting:", 500, log.listener, evicting.url);
    const raw = new Redis(evicting.url);
    try {
      const started = await log.next("eviction_risk");
      expect(started).toMatchObject({ maxmemoryPolicy: "allkeys-lru" });
      const [warning] = (await store.checkReady()).warnings;
      expect(warning).toContain("maxmemory-policy is allkeys-lru");
      expect(warning).toContain("noeviction");
      // A change is told again; the same policy is not.
      await raw.config("SET", "maxmemory-policy", "volatile-lru");
      expect((await store.checkReady()).warnings[0]).toContain("maxmemory-policy is volatile-lru");
      await store.checkReady();
      expect(
        log.events
          .filter((e) => e.type === "eviction_risk")
          .map((e) => (e as { maxmemoryPolicy: string }).maxmemoryPolicy),
      ).toEqual(["allkeys-lru", "volatile-lru"]);
      await raw.config("SET", "maxmemory-policy", "noeviction");
      expect(await store.checkReady()).toEqual({ warnings: [] });
    } finally {
      raw.disconnect();
      await store.close();
      await evicting.stop();
    }
  });

  it("reads the policy from INFO where CONFIG is forbidden (managed Redis)", async () => {
    const managed = await startTestRedis({
      args: ["--maxmemory-policy", "allkeys-random", "--rename-command", "CONFIG", ""],
    });
    const log = eventLog();
    const store = await open("managed:", 500, log.listener, managed.url);
    try {
      expect(await log.next("eviction_risk")).toMatchObject({ maxmemoryPolicy: "allkeys-random" });
      expect((await store.checkReady()).warnings[0]).toContain("maxmemory-policy is allkeys-random");
    } finally {
      await store.close();
      await managed.stop();
    }
  });

  it("a user allowed neither CONFIG nor INFO (ACL) is still ready: the policy is unknown, not an error", async () => {
    const raw = new Redis(redis.url);
    await raw.call("ACL", "SETUSER", "limited", "on", ">limited-pw", "~*", "+@all", "-config", "-info");
    const store = await open("acl:", 500, undefined, `redis://limited:limited-pw@127.0.0.1:${redis.port}`);
    try {
      expect(await store.checkReady()).toEqual({ warnings: [] });
    } finally {
      await store.close();
      await raw.call("ACL", "DELUSER", "limited");
      raw.disconnect();
    }
  });

  it("a healthy Redis (noeviction) has no warnings and tells no eviction risk", async () => {
    const log = eventLog();
    const store = await open("healthy:", 500, log.listener);
    expect(await store.checkReady()).toEqual({ warnings: [] });
    expect(log.events).toEqual([]);
    await store.close();
  });
});

async function waitForPing(store: { ping(): Promise<void> }) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await store.ping();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe("Redis hit counter (rate limits across replicas)", () => {
  it("a stalled Redis: StoreUnavailableError within its timeout (the request answers for the store at once), and one event each way", async () => {
    const log = eventLog();
    const counter = await createRedisHitCounter({
      url: redis.url,
      keyPrefix: "hits-stall:",
      commandTimeoutMs: 200,
      onEvent: log.listener,
    });
    try {
      await counter.increment("tenant-a", 60_000);
      redis.pause();
      try {
        await expect(counter.increment("tenant-a", 60_000)).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(counter.increment("tenant-a", 60_000)).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        redis.resume();
      }
      await expect
        .poll(() =>
          counter.increment("tenant-b", 60_000).then(
            () => true,
            () => false,
          ),
        )
        .toBe(true);
      expect(log.types()).toEqual(["unavailable", "available"]);
    } finally {
      await counter.close();
    }
  });

  it("counts hits per key in a window shared by every connection, and starts a new window after it", async () => {
    const [one, two] = [
      await createRedisHitCounter({ url: redis.url, keyPrefix: "hits-test:" }),
      await createRedisHitCounter({ url: redis.url, keyPrefix: "hits-test:" }),
    ];
    try {
      // Real time: a window that must hold over many calls is 30 s (a loaded machine cannot
      // overrun it); one that is to end is short and waited out as the counter tells it.
      const windowMs = 30_000;
      const before = Date.now();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).increment("tenant-a", windowMs)),
      );
      expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const r of results) expect(r.resetAt).toBeGreaterThanOrEqual(before);
      for (const r of results) expect(r.resetAt).toBeLessThanOrEqual(Date.now() + windowMs);
      expect((await one.increment("tenant-b", windowMs)).hits).toBe(1);
      await two.decrement("tenant-a");
      expect((await one.increment("tenant-a", windowMs)).hits).toBe(10);
      await one.reset("tenant-a");
      expect((await one.increment("tenant-a", windowMs)).hits).toBe(1);
      // After its window a key starts again at 1, whatever window the next hit asks for.
      const short = await two.increment("tenant-c", 200);
      expect(short.hits).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, short.resetAt - Date.now()) + 50));
      expect((await one.increment("tenant-c", windowMs)).hits).toBe(1);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
