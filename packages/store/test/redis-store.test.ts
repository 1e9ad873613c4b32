import { StoreUnavailableError } from "@sip-transfer/domain";
import { type TestRedis, startTestRedis } from "@sip-transfer/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisHitCounter, createRedisStore } from "../src/index.js";
import { describeTransferStore, record } from "./conformance.js";

let redis: TestRedis;
let prefixCount = 0;
let lastPrefix = "";
beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const open = (prefix: string, commandTimeoutMs = 500) =>
  createRedisStore({ url: redis.url, retentionMs: 7 * 24 * 3600_000, keyPrefix: prefix, commandTimeoutMs, connectTimeoutMs: 2000 });

describeTransferStore("Redis (a real redis-server; siblings are other connections, like other replicas)", {
  open: async () => {
    lastPrefix = `test-${++prefixCount}:`;
    return open(lastPrefix);
  },
  openSibling: async () => open(lastPrefix),
});

describe("Redis store when Redis fails", () => {
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
    await expect(store.startTransfer(record({ participantIdentity: "after-stall" }))).resolves.toEqual({ started: true });
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
    const store = await createRedisStore({ url: redis.url, retentionMs: 60_000, keyPrefix: "late:", connectTimeoutMs: 200, commandTimeoutMs: 300 });
    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await redis.restart();
    await waitForPing(store);
    await store.close();
  });

  it("never shows the password in its description", async () => {
    const store = await createRedisStore({ url: `redis://user:hunter2@127.0.0.1:${redis.port}`, retentionMs: 1000, connectTimeoutMs: 100 });
    expect(store.description).not.toContain("hunter2");
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
  it("counts hits per key in a window shared by every connection, and starts a new window after it", async () => {
    const [one, two] = [
      await createRedisHitCounter({ url: redis.url, keyPrefix: "hits-test:" }),
      await createRedisHitCounter({ url: redis.url, keyPrefix: "hits-test:" }),
    ];
    try {
      const before = Date.now();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).increment("tenant-a", 300)));
      expect(results.map((r) => r.hits).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const r of results) expect(r.resetAt).toBeGreaterThanOrEqual(before);
      for (const r of results) expect(r.resetAt).toBeLessThanOrEqual(Date.now() + 300);
      expect((await one.increment("tenant-b", 300)).hits).toBe(1);
      await two.decrement("tenant-a");
      expect((await one.increment("tenant-a", 300)).hits).toBe(10);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await two.increment("tenant-a", 300)).hits).toBe(1);
      await one.reset("tenant-a");
      expect((await one.increment("tenant-a", 300)).hits).toBe(1);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
