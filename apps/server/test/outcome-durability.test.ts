import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSipTransferClient, verifyWebhook } from "@sip-transfer/client";
import {
  type LiveKitStandIn,
  type TestRedis,
  type WebhookReceiver,
  createSpecCheckedFetch,
  startLiveKitStandIn,
  startTestRedis,
  startWebhookReceiver,
} from "@sip-transfer/testkit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { type RunningServer, startServer } from "../src/server.js";
import { seedRequest, standInServerEnv } from "./harness.js";
import { SECRETS_IN_TESTS, collectLogLine } from "./secrets.js";

// An outcome is never lost to a store hiccup: the real server (startServer, as `pnpm start` runs
// it) on a real store that stops answering exactly when LiveKit reports the outcome — a stalled
// redis-server (SIGSTOP), a SQLite file whose write lock another process holds (SQLITE_BUSY).
// Once the store is back, the record says what LiveKit said and exactly one webhook says so.

const secret = SECRETS_IN_TESTS["the anonymous webhook secret"];
const checked = createSpecCheckedFetch();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: TestRedis;
let standIn: LiveKitStandIn;
let receiver: WebhookReceiver;
let server: RunningServer | undefined;
let logLines: Record<string, unknown>[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  standIn = await startLiveKitStandIn();
  standIn.addRoom({ name: "call-room-123", participants: [{ identity: "sip_participant_456", kind: "SIP" }] });
  receiver = await startWebhookReceiver();
  logLines = [];
  await redis.flushAll(); // the data of one test never meets another's (a record left initiated holds its participant)
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await receiver.close();
  await standIn.close();
  expect(checked.violations).toEqual([]);
});

async function start(storeUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig(
    standInServerEnv(standIn, {
      STORE_URL: storeUrl,
      SHUTDOWN_GRACE_MS: "2000",
      TRANSFER_WAIT_MS: "0",
      WEBHOOK_URL: receiver.url,
      WEBHOOK_SECRET: secret,
      WEBHOOK_RETRY_DELAY_MS: "300",
      ...env,
    }),
  );
  const logger = createLogger("debug", {
    write: (line: string) => {
      logLines.push(JSON.parse(line) as Record<string, unknown>);
      collectLogLine(line);
    },
  });
  server = await startServer(config, logger, { webhookPollIntervalMs: 50 });
  return server;
}

const clientOf = (running: RunningServer) =>
  createSipTransferClient({ baseUrl: running.url, fetch: checked.fetch, retries: 0 });
const auditLines = (transferId: string) =>
  logLines.filter((line) => line["audit"] === "transfer" && line["transfer_id"] === transferId);

/** Polls the record until it has ended (503s while the store recovers are retried). */
async function endedRecord(running: RunningServer, transferId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await clientOf(running)
      .getTransfer(transferId)
      .catch(() => undefined);
    if (record && record.status !== "initiated") return record;
    if (Date.now() > deadline)
      throw new Error(`the record is still ${record?.status ?? "unreadable"} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * The transfer's one webhook, verified, once the record says it was delivered. Delivered at the
 * first attempt means no other attempt was ever claimed (a delivered webhook is never attempted
 * again), so the receiver got it exactly once: no waiting for a duplicate that cannot come.
 */
async function theOnlyWebhook(running: RunningServer, transferId: string) {
  const webhookOf = async () =>
    (
      await clientOf(running)
        .getTransfer(transferId)
        .catch(() => undefined)
    )?.webhook;
  await expect.poll(async () => (await webhookOf())?.status, { timeout: 15_000 }).toBe("delivered");
  expect(await webhookOf()).toEqual({ status: "delivered", attempts: 1 });
  expect(receiver.received).toHaveLength(1);
  return verifyWebhook(receiver.received[0]!.rawBody, receiver.received[0]!.headers as Record<string, string>, secret);
}

/** The outcome's write met the failing store (its first failure is logged at warn). */
const outcomeWriteFailed = (transferId: string) =>
  logLines.some(
    (line) =>
      line["transfer_id"] === transferId &&
      line["msg"] === "could not write the transfer's outcome to the store; retrying",
  );

/**
 * Calls `fail` the moment the transfer call reaches the LiveKit stand-in: before it can answer
 * (its `latencyMs` still to come), so the store is down when LiveKit answers, however late this
 * loaded machine runs the test's own timers.
 */
const whenLiveKitGetsTheTransfer = <T>(fail: () => T | Promise<T>): Promise<T> =>
  standIn.callReceived("TransferSIPParticipant").then(fail);

describe("an outcome is never lost to a store hiccup", () => {
  it(
    "Redis stalls (SIGSTOP) for 4 s exactly when LiveKit says completed: once it is back the record says completed, one audit line, one transfer.completed webhook",
    { timeout: 40_000 },
    async () => {
      const running = await start(redis.url);
      standIn.behave("TransferSIPParticipant", { latencyMs: 2000 });
      const stalled = whenLiveKitGetsTheTransfer(() => redis.pause());
      const started = await clientOf(running).transfer(seedRequest);
      expect(started.status).toBe("initiated");
      await stalled;
      const fourSeconds = sleep(4000);
      try {
        await standIn.waitForCalls("TransferSIPParticipant", 1, 10_000); // LiveKit answers 2 s after the call reached it
        await expect.poll(() => outcomeWriteFailed(started.transfer_id), { timeout: 10_000 }).toBe(true); // and Redis answers nothing
        expect(auditLines(started.transfer_id), "the audit log hears the outcome only once it is written").toEqual([]);
        await fourSeconds;
      } finally {
        redis.resume();
      }
      const ended = await endedRecord(running, started.transfer_id);
      expect(ended).toMatchObject({ status: "completed", transfer_id: started.transfer_id });
      const event = await theOnlyWebhook(running, started.transfer_id);
      expect(event).toMatchObject({
        type: "transfer.completed",
        data: { transfer_id: started.transfer_id, status: "completed" },
      });
      expect(auditLines(started.transfer_id).map((line) => line["outcome"])).toEqual(["completed"]);
      expect(
        logLines.some(
          (line) =>
            line["transfer_id"] === started.transfer_id &&
            line["msg"] === "wrote the transfer's outcome to the store after retries",
        ),
      ).toBe(true);
    },
  );

  it(
    "SQLite's write lock is held by another process (SQLITE_BUSY) when LiveKit says failed: once it is free the record says failed (486), one transfer.failed webhook",
    { timeout: 40_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "sip-transfer-outcome-"));
      dirs.push(dir);
      const path = join(dir, "store.sqlite");
      const running = await start(`sqlite:${path}`);
      standIn.behave("TransferSIPParticipant", {
        latencyMs: 2000,
        fail: { code: "resource_exhausted", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
      });
      const locker = await startLockHolder(path); // a process ready to take the lock at once
      const locked = whenLiveKitGetsTheTransfer(() => locker.lock());
      const started = await clientOf(running).transfer(seedRequest);
      expect(started.status).toBe("initiated");
      await locked;
      try {
        await standIn.waitForCalls("TransferSIPParticipant", 1, 10_000); // LiveKit answers 2 s after the call reached it
        await expect.poll(() => outcomeWriteFailed(started.transfer_id), { timeout: 10_000 }).toBe(true); // the write waited for the lock and failed
        expect(auditLines(started.transfer_id), "the audit log hears the outcome only once it is written").toEqual([]);
        expect(
          (await clientOf(running).getTransfer(started.transfer_id)).status,
          "reads still work: the record holds initiated",
        ).toBe("initiated");
      } finally {
        await locker.release();
      }
      const ended = await endedRecord(running, started.transfer_id);
      expect(ended).toMatchObject({ status: "failed", error: { code: "TRANSFER_FAILED", sip_status_code: 486 } });
      const event = await theOnlyWebhook(running, started.transfer_id);
      expect(event).toMatchObject({
        type: "transfer.failed",
        data: { transfer_id: started.transfer_id, status: "failed" },
      });
      expect(auditLines(started.transfer_id).map((line) => line["outcome"])).toEqual(["failed"]);
    },
  );

  it(
    "the process stops while Redis is stalled: the outcome write is retried through SHUTDOWN_GRACE_MS, then given up at error; the record stays initiated for its deadline rule",
    { timeout: 40_000 },
    async () => {
      const running = await start(redis.url, { SHUTDOWN_GRACE_MS: "1500" });
      standIn.behave("TransferSIPParticipant", { latencyMs: 500 });
      const stalled = whenLiveKitGetsTheTransfer(() => redis.pause());
      const started = await clientOf(running).transfer(seedRequest);
      expect(started.status).toBe("initiated");
      await stalled;
      let closedInMs: number;
      try {
        await standIn.waitForCalls("TransferSIPParticipant", 1, 10_000); // LiveKit answered (0.5 s after the call reached it), while Redis answers nothing
        server = undefined;
        const closing = performance.now();
        await running.close();
        closedInMs = performance.now() - closing;
      } finally {
        redis.resume();
      }
      expect(closedInMs, "the grace, plus at most one store command and the webhooks' second").toBeLessThan(
        1500 + 2000 + 1500,
      );
      const gaveUp = logLines.filter((line) => line["transfer_id"] === started.transfer_id && line["level"] === 50);
      expect(gaveUp).toMatchObject([
        {
          outcome: "completed",
          msg: "stopped before the transfer's outcome could be written: the record stays initiated and ends unknown at its deadline",
        },
      ]);
      expect(auditLines(started.transfer_id)).toEqual([]);
      // The stopped server's webhooks went out in its grace: none did, as the outcome never landed.
      expect(receiver.received).toHaveLength(0);
      const next = await start(redis.url);
      // Nothing made its webhook due: pending, never attempted (its deadline rule ends it later).
      expect(await clientOf(next).getTransfer(started.transfer_id)).toMatchObject({
        status: "initiated",
        webhook: { status: "pending", attempts: 0 },
      });
    },
  );

  it(
    "Redis stalls while an Idempotency-Key's answer is being stored: once it is back a retry with the key replays that answer, never a second REFER",
    { timeout: 40_000 },
    async () => {
      const running = await start(redis.url, { TRANSFER_WAIT_MS: "3000" });
      standIn.behave("TransferSIPParticipant", { latencyMs: 2000 });
      const post = () =>
        checked.fetch(`${running.url}/sip/transfer`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": "stalled-key" },
          body: JSON.stringify(seedRequest),
        });
      const stalled = whenLiveKitGetsTheTransfer(() => redis.pause());
      const startedAt = performance.now();
      const first = post();
      await stalled;
      const answerNotStored = () =>
        logLines.some(
          (line) => line["msg"] === "could not store the answer for the Idempotency-Key; retrying in the background",
        );
      let answered: Response;
      try {
        // The outcome (2 s after the call reached LiveKit) and the answer (after the 3 s window) meet a stalled Redis.
        answered = await first;
        // The window (3 s), then at most 250 ms for the key: a stalled store's 2 s is not waited for.
        expect(performance.now() - startedAt).toBeLessThan(4500);
        await expect.poll(answerNotStored, { timeout: 10_000 }).toBe(true);
        const body = (await answered.clone().json()) as { transfer_id: string };
        await expect.poll(() => outcomeWriteFailed(body.transfer_id), { timeout: 10_000 }).toBe(true);
      } finally {
        redis.resume();
      }
      expect(answered.status).toBe(200);
      const body = (await answered.json()) as { transfer_id: string; status: string };
      const deadline = Date.now() + 10_000;
      let retried = await post();
      while (retried.status !== 200 && Date.now() < deadline) {
        expect([409, 503]).toContain(retried.status); // in use until the background retry stores it; 503 while Redis reconnects
        await sleep(200);
        retried = await post();
      }
      expect(retried.status).toBe(200);
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      expect(await retried.json()).toEqual(body);
      expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
      expect(await endedRecord(running, body.transfer_id)).toMatchObject({ status: "completed" });
    },
  );
});

/**
 * Another process, started and ready (node's start-up takes a while on a loaded machine): `lock()`
 * has it take the SQLite file's write lock (BEGIN IMMEDIATE) at once; it holds it until `release()`
 * (or until the test's process is gone).
 */
async function startLockHolder(path: string): Promise<{ lock(): Promise<void>; release(): Promise<void> }> {
  const script = `const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(process.argv[1]);
process.stdin.on("data", (line) => {
  if (String(line).trim() === "lock") db.exec("BEGIN IMMEDIATE");
  else { db.exec("COMMIT"); db.close(); process.exit(0); }
  process.stdout.write("done\\n");
});
process.stdin.once("end", () => process.exit(0));
process.stdout.write("ready\\n");`;
  const child: ChildProcess = spawn(process.execPath, ["-e", script, path], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the lock holder exited with ${code}`))));
    child.once("error", reject);
  });
  const answer = () =>
    Promise.race([
      new Promise<void>((resolve) => child.stdout!.once("data", () => resolve())),
      exited.then(() => Promise.reject(new Error("the lock holder exited"))),
    ]);
  await answer();
  return {
    async lock() {
      const locked = answer();
      child.stdin!.write("lock\n");
      await locked;
    },
    async release() {
      child.stdin!.write("release\n");
      await exited;
    },
  };
}
