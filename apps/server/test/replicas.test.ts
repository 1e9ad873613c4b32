import { createSipTransferClient } from "@sip-transfer/client";
import { verifyWebhook } from "@sip-transfer/client";
import {
  type LiveKitStandIn,
  type TestRedis,
  createSpecCheckedFetch,
  startLiveKitStandIn,
  startTestRedis,
  startWebhookReceiver,
} from "@sip-transfer/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { type RunningServer, startServer } from "../src/server.js";
import { failureOf, seedRequest, standInServerEnv } from "./harness.js";
import { SECRETS_IN_TESTS, collectLogLine } from "./secrets.js";

// Two replicas of the real server (startServer, as `pnpm start` runs it) on one real redis-server,
// each with its own Redis connection: what one writes the other reads, and the per-participant
// rule and Idempotency-Key hold across them.
let redis: TestRedis;
let standIn: LiveKitStandIn;
let replicas: RunningServer[] = [];
const checked = createSpecCheckedFetch();

beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  standIn = await startLiveKitStandIn();
  standIn.addRoom({ name: "call-room-123", participants: [{ identity: "sip_participant_456", kind: "SIP" }] });
  await redis.flushAll(); // the data of one test never meets another's
  replicas = await Promise.all([startReplica(), startReplica()]);
});
afterEach(async () => {
  for (const replica of replicas) await replica.close();
  await standIn.close();
  expect(checked.violations).toEqual([]);
});

async function startReplica(
  env: Record<string, string> = {},
  options: { webhookPollIntervalMs?: number; logLines?: string[] } = {},
) {
  const config = loadConfig(
    standInServerEnv(standIn, {
      STORE_URL: redis.url,
      SHUTDOWN_GRACE_MS: "2000",
      TRANSFER_WAIT_MS: "0",
      ...env,
    }),
  );
  const write = (line: string) => {
    options.logLines?.push(line);
    collectLogLine(line);
  };
  return startServer(config, createLogger("debug", { write }), options);
}

const clientOf = (replica: RunningServer) =>
  createSipTransferClient({ baseUrl: replica.url, fetch: checked.fetch, retries: 0 });
const post = (replica: RunningServer, key: string) =>
  checked.fetch(`${replica.url}/sip/transfer`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify(seedRequest),
  });

describe("two replicas on one Redis", () => {
  it("a record written by one is read, listed and followed to its end by the other", async () => {
    const [one, two] = replicas as [RunningServer, RunningServer];
    standIn.behave("TransferSIPParticipant", { latencyMs: 200 });
    const started = await clientOf(one).transfer(seedRequest);
    expect(started.status).toBe("initiated");
    expect(await clientOf(two).getTransfer(started.transfer_id)).toMatchObject({ status: "initiated" });
    const ended = await clientOf(two).waitForTransfer(started.transfer_id, { intervalMs: 25 });
    expect(ended).toMatchObject({ status: "completed", transfer_id: started.transfer_id });
    expect((await clientOf(two).listTransfers()).transfers.map((t) => t.transfer_id)).toEqual([started.transfer_id]);
  });

  it("one transfer per participant holds across replicas", async () => {
    const [one, two] = replicas as [RunningServer, RunningServer];
    standIn.behave("TransferSIPParticipant", { latencyMs: 500 });
    const running = await clientOf(one).transfer(seedRequest);
    await expect(clientOf(two).transfer(seedRequest)).resolves.toEqual(running);
    const other = await failureOf(clientOf(two).transfer({ ...seedRequest, transfer_to: "+15557654321" }));
    expect(other).toMatchObject({
      status: 409,
      code: "TRANSFER_IN_PROGRESS",
      details: { transfer_id: running.transfer_id },
    });
    // Raced from both replicas at once: still one REFER.
    await clientOf(one).waitForTransfer(running.transfer_id, { intervalMs: 25 });
    const raced = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        clientOf(replicas[i % 2]!).transfer({ ...seedRequest, transfer_to: i % 2 ? "+15550000001" : "+15550000002" }),
      ),
    );
    const won = new Set(
      raced
        .filter((r) => r.status === "fulfilled")
        .map((r) => (r as PromiseFulfilledResult<{ transfer_id: string }>).value.transfer_id),
    );
    expect(won.size).toBe(1);
    expect(
      raced
        .filter((r) => r.status === "rejected")
        .every((r) => (r as PromiseRejectedResult).reason.code === "TRANSFER_IN_PROGRESS"),
    ).toBe(true);
    expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(2);
  });

  it("an Idempotency-Key holds across replicas: in use on one while the other answers, then replayed by either", async () => {
    const [one, two] = replicas as [RunningServer, RunningServer];
    await one.close();
    const patient = await startReplica({ TRANSFER_WAIT_MS: "2000" });
    replicas[0] = patient;
    standIn.behave("TransferSIPParticipant", { latencyMs: 400 });
    const first = post(patient, "cross-replica-key");
    await standIn.waitForCalls("GetParticipant");
    const during = await post(two, "cross-replica-key");
    expect(during.status).toBe(409);
    expect(await during.json()).toMatchObject({ code: "IDEMPOTENCY_KEY_IN_USE" });
    const answered = await first;
    const body = await answered.json();
    expect(answered.status).toBe(200);
    const replay = await post(two, "cross-replica-key");
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(body);
    expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
  });

  it("while Redis is down: 503 STORE_UNAVAILABLE in bounded time and no REFER; once it is back, transfers work again", async () => {
    const [one] = replicas as [RunningServer];
    await redis.kill();
    try {
      const started = performance.now();
      const response = await checked.fetch(`${one.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(seedRequest),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await response.json()).toEqual({
        error: "The transfer store is unavailable; retry shortly",
        code: "STORE_UNAVAILABLE",
      });
      const read = await failureOf(clientOf(one).getTransfer("tr_AAAAAAAAAAAAAAAAAAAAAA"));
      expect(read).toMatchObject({ status: 503, code: "STORE_UNAVAILABLE" });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
    } finally {
      await redis.restart();
    }
    const deadline = Date.now() + 10_000;
    for (;;) {
      const answer = await clientOf(one)
        .transfer(seedRequest)
        .catch((error: { code?: string }) => error);
      if ("transfer_id" in answer) break;
      expect(answer.code).toBe("STORE_UNAVAILABLE");
      if (Date.now() > deadline) throw new Error("the server did not recover");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  it("a stalled Redis answers a transfer 503 within the one 2 s budget (the rate-limit counter's wait is the store's), logged once, and back", async () => {
    const lines: string[] = [];
    await replicas[0]!.close();
    const one = await startReplica({ TRANSFER_RATE_LIMIT: "60" }, { logLines: lines });
    replicas[0] = one;
    const storeLog = () =>
      lines
        .map((line) => JSON.parse(line) as { msg: string; reason?: string })
        .filter((line) => line.msg.startsWith("the transfer store is"));
    redis.pause();
    try {
      const started = performance.now();
      const error = await failureOf(clientOf(one).transfer(seedRequest));
      expect(error).toMatchObject({ status: 503, code: "STORE_UNAVAILABLE" });
      expect(performance.now() - started).toBeLessThan(2600);
      const again = await failureOf(clientOf(one).transfer(seedRequest));
      expect(again).toMatchObject({ status: 503, code: "STORE_UNAVAILABLE" });
    } finally {
      redis.resume();
    }
    await expect
      .poll(
        async () =>
          (
            await clientOf(one)
              .transfer(seedRequest)
              .catch(() => undefined)
          )?.status,
        { timeout: 10_000 },
      )
      .toBe("initiated");
    expect(storeLog().map((line) => line.msg)).toEqual([
      "the transfer store is unavailable: transfers answer 503 STORE_UNAVAILABLE until it is back",
      "the transfer store is available again",
    ]);
    expect(storeLog()[0]!.reason).toBe("Command timed out");
    expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
  });

  it("a Redis that stalls after an Idempotency-Key is claimed answers 503 within the 2 s budget: freeing the key is not waited for", async () => {
    const one = replicas[0]!;
    standIn.behave("ListRooms", { latencyMs: 1000 });
    const started = performance.now();
    const answer = post(one, "budget-key");
    await standIn.waitForCalls("ListRooms"); // the key is claimed; the record is written after the lookups
    redis.pause();
    try {
      const response = await answer;
      expect(response.status).toBe(503);
      expect(((await response.json()) as { code: string }).code).toBe("STORE_UNAVAILABLE");
      // 1 s of lookups + the store's 2 s; before, the key's release waited another 2 s
      expect(performance.now() - started).toBeLessThan(3700);
    } finally {
      redis.resume();
    }
    expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
  });

  it(
    "with webhooks, each attempt of each event is made by one replica: a receiver failing every first attempt gets each event exactly twice",
    { timeout: 30_000 },
    async () => {
      const receiver = await startWebhookReceiver();
      const secret = SECRETS_IN_TESTS["the anonymous webhook secret"];
      for (const replica of replicas) await replica.close();
      const hooks = { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: secret, WEBHOOK_RETRY_DELAY_MS: "300" };
      replicas = await Promise.all([
        startReplica(hooks, { webhookPollIntervalMs: 20 }),
        startReplica(hooks, { webhookPollIntervalMs: 20 }),
      ]);
      const identities = Array.from({ length: 10 }, (_, i) => `sip_${i}`);
      standIn.addRoom({
        name: "busy-room",
        participants: identities.map((identity) => ({ identity, kind: "SIP" as const })),
      });
      // A 500 to the first delivery of each event (by webhook-id), whenever it comes: under load a
      // retry may come before another event's first attempt.
      receiver.answerBy((request, earlier) =>
        earlier.some((e) => e.headers["webhook-id"] === request.headers["webhook-id"])
          ? { status: 204 }
          : { status: 500 },
      );
      const started = await Promise.all(
        identities.map((identity, i) =>
          clientOf(replicas[i % 2]!).transfer({
            room_name: "busy-room",
            participant_identity: identity,
            transfer_to: "+15551234567",
          }),
        ),
      );
      await receiver.waitFor(20, 15_000);
      for (const t of started) {
        await expect
          .poll(async () => (await clientOf(replicas[1]!).getTransfer(t.transfer_id)).webhook)
          .toEqual({ status: "delivered", attempts: 2 });
      }
      // Both replicas stopped, every attempt in flight settled: a duplicate would have arrived by now.
      for (const replica of replicas) await replica.close();
      const perId = new Map<string, number>();
      for (const request of receiver.received) {
        const event = verifyWebhook(request.rawBody, request.headers as Record<string, string>, secret);
        const id = "transfer_id" in event.data ? event.data.transfer_id : event.data.warm_transfer_id;
        perId.set(id, (perId.get(id) ?? 0) + 1);
      }
      expect([...perId.keys()].sort()).toEqual(started.map((t) => t.transfer_id).sort());
      expect([...perId.values()]).toEqual(identities.map(() => 2));
      await receiver.close();
    },
  );

  it("the transfer rate limit is counted once for all replicas (in Redis)", { timeout: 15_000 }, async () => {
    for (const replica of replicas) await replica.close();
    replicas = await Promise.all([
      startReplica({ TRANSFER_RATE_LIMIT: "3" }),
      startReplica({ TRANSFER_RATE_LIMIT: "3" }),
    ]);
    standIn.addRoom({
      name: "limited-room",
      participants: [0, 1, 2, 3].map((i) => ({ identity: `sip_${i}`, kind: "SIP" as const })),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await checked.fetch(`${replicas[i % 2]!.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          room_name: "limited-room",
          participant_identity: `sip_${i}`,
          transfer_to: "+15551234567",
        }),
      });
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers.get("ratelimit")).toMatch(/r=0/);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
