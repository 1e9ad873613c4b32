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

const clientOf = (running: RunningServer) => createSipTransferClient({ baseUrl: running.url, fetch: checked.fetch, retries: 0 });
const auditLines = (transferId: string) => logLines.filter((line) => line["audit"] === "transfer" && line["transfer_id"] === transferId);

/** Polls the record until it has ended (503s while the store recovers are retried). */
async function endedRecord(running: RunningServer, transferId: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await clientOf(running)
      .getTransfer(transferId)
      .catch(() => undefined);
    if (record && record.status !== "initiated") return record;
    if (Date.now() > deadline) throw new Error(`the record is still ${record?.status ?? "unreadable"} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The one webhook the receiver got, verified; waits a while for a duplicate to show up. */
async function theOnlyWebhook() {
  await receiver.waitFor(1, 15_000);
  await sleep(1500);
  expect(receiver.received).toHaveLength(1);
  return verifyWebhook(receiver.received[0]!.rawBody, receiver.received[0]!.headers as Record<string, string>, secret);
}

describe("an outcome is never lost to a store hiccup", () => {
  it("Redis stalls (SIGSTOP) for 4 s exactly when LiveKit says completed: once it is back the record says completed, one audit line, one transfer.completed webhook", { timeout: 40_000 }, async () => {
    const running = await start(redis.url);
    standIn.behave("TransferSIPParticipant", { latencyMs: 2000 });
    const started = await clientOf(running).transfer(seedRequest);
    expect(started.status).toBe("initiated");
    await sleep(800);
    redis.pause();
    try {
      await sleep(4000); // LiveKit answers at 2 s, while Redis answers nothing
      expect(standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
      expect(auditLines(started.transfer_id), "the audit log hears the outcome only once it is written").toEqual([]);
    } finally {
      redis.resume();
    }
    const ended = await endedRecord(running, started.transfer_id);
    expect(ended).toMatchObject({ status: "completed", transfer_id: started.transfer_id });
    const event = await theOnlyWebhook();
    expect(event).toMatchObject({ type: "transfer.completed", data: { transfer_id: started.transfer_id, status: "completed" } });
    expect(auditLines(started.transfer_id).map((line) => line["outcome"])).toEqual(["completed"]);
    expect(logLines.some((line) => line["transfer_id"] === started.transfer_id && line["msg"] === "wrote the transfer's outcome to the store after retries")).toBe(true);
  });

  it("SQLite's write lock is held by another process (SQLITE_BUSY) when LiveKit says failed: once it is free the record says failed (486), one transfer.failed webhook", { timeout: 40_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "sip-transfer-outcome-"));
    dirs.push(dir);
    const path = join(dir, "store.sqlite");
    const running = await start(`sqlite:${path}`);
    standIn.behave("TransferSIPParticipant", {
      latencyMs: 2000,
      fail: { code: "resource_exhausted", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const started = await clientOf(running).transfer(seedRequest);
    expect(started.status).toBe("initiated");
    await sleep(800);
    const locker = await holdWriteLock(path, 4000);
    await sleep(2000); // LiveKit has answered (at 2 s); the write waits for the lock and fails
    expect(auditLines(started.transfer_id), "the audit log hears the outcome only once it is written").toEqual([]);
    expect((await clientOf(running).getTransfer(started.transfer_id)).status, "reads still work: the record holds initiated").toBe("initiated");
    await locker.released;
    const ended = await endedRecord(running, started.transfer_id);
    expect(ended).toMatchObject({ status: "failed", error: { code: "TRANSFER_FAILED", sip_status_code: 486 } });
    const event = await theOnlyWebhook();
    expect(event).toMatchObject({ type: "transfer.failed", data: { transfer_id: started.transfer_id, status: "failed" } });
    expect(auditLines(started.transfer_id).map((line) => line["outcome"])).toEqual(["failed"]);
  });

  it("the process stops while Redis is stalled: the outcome write is retried through SHUTDOWN_GRACE_MS, then given up at error; the record stays initiated for its deadline rule", { timeout: 40_000 }, async () => {
    const running = await start(redis.url, { SHUTDOWN_GRACE_MS: "1500" });
    standIn.behave("TransferSIPParticipant", { latencyMs: 500 });
    const started = await clientOf(running).transfer(seedRequest);
    expect(started.status).toBe("initiated");
    redis.pause();
    let closedInMs: number;
    try {
      await sleep(800); // LiveKit answered at 0.5 s, while Redis answers nothing
      server = undefined;
      const closing = performance.now();
      await running.close();
      closedInMs = performance.now() - closing;
    } finally {
      redis.resume();
    }
    expect(closedInMs, "the grace, plus at most one store command and the webhooks' second").toBeLessThan(1500 + 2000 + 1500);
    const gaveUp = logLines.filter((line) => line["transfer_id"] === started.transfer_id && line["level"] === 50);
    expect(gaveUp).toMatchObject([
      { outcome: "completed", msg: "stopped before the transfer's outcome could be written: the record stays initiated and ends unknown at its deadline" },
    ]);
    expect(auditLines(started.transfer_id)).toEqual([]);
    const next = await start(redis.url);
    expect(await clientOf(next).getTransfer(started.transfer_id)).toMatchObject({ status: "initiated" });
    expect(receiver.received).toHaveLength(0);
  });

  it("Redis stalls while an Idempotency-Key's answer is being stored: once it is back a retry with the key replays that answer, never a second REFER", { timeout: 40_000 }, async () => {
    const running = await start(redis.url, { TRANSFER_WAIT_MS: "3000" });
    standIn.behave("TransferSIPParticipant", { latencyMs: 2000 });
    const post = () =>
      checked.fetch(`${running.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": "stalled-key" },
        body: JSON.stringify(seedRequest),
      });
    const first = post();
    await sleep(800);
    redis.pause();
    try {
      await sleep(5000); // the outcome (2 s) and the answer (after the 3 s window) meet a stalled Redis
    } finally {
      redis.resume();
    }
    const answered = await first;
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as { transfer_id: string; status: string };
    expect(logLines.some((line) => line["msg"] === "could not store the answer for the Idempotency-Key; retrying in the background")).toBe(true);
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
  });
});

/** Another process takes the SQLite file's write lock (BEGIN IMMEDIATE) and holds it `ms`. */
async function holdWriteLock(path: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(process.argv[1]);
db.exec("BEGIN IMMEDIATE");
process.stdout.write("locked\\n");
setTimeout(() => { db.exec("COMMIT"); db.close(); }, Number(process.argv[2]));`;
  const child: ChildProcess = spawn(process.execPath, ["-e", script, path, String(ms)], { stdio: ["ignore", "pipe", "inherit"] });
  const released = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the lock holder exited with ${code}`))));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("error", reject);
    released.catch(reject);
  });
  return { released };
}
