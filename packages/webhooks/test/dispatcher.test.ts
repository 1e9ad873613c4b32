import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyWebhook } from "@sip-transfer/client";
import { type TransferRecord, type TransferStore, newTransferId } from "@sip-transfer/domain";
import { createSqliteStore } from "@sip-transfer/store";
import { type WebhookReceiver, startWebhookReceiver } from "@sip-transfer/testkit";
import { afterEach, describe, expect, it } from "vitest";
import {
  type WebhookAttemptReport,
  type WebhookDispatcherOptions,
  type WebhookHeldReport,
  WebhookDispatcher,
  webhookIdOf,
} from "../src/index.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function endedTransfer(store: TransferStore, overrides: Partial<TransferRecord> = {}): Promise<TransferRecord> {
  const now = Date.now();
  const record: TransferRecord = {
    id: newTransferId(),
    tenantId: "tenant-a",
    status: "initiated",
    roomName: "call-room-123",
    participantIdentity: `p-${Math.random()}`,
    transferTo: "tel:+15551234567",
    createdAt: now,
    updatedAt: now,
    deadlineAt: now + 60_000,
    requestId: "req-1",
    webhook: { status: "pending", attempts: 0 },
    ...overrides,
  };
  await store.startTransfer(record);
  return (await store.endTransfer(record.id, { status: "completed", endedAt: now }))!;
}

const bodyOf = (transfer: TransferRecord) =>
  JSON.stringify({
    type: `transfer.${transfer.status}`,
    timestamp: new Date(transfer.endedAt!).toISOString(),
    data: { transfer_id: transfer.id },
  });

async function setUp(
  options: Partial<WebhookDispatcherOptions> & { receiver?: WebhookReceiver; store?: TransferStore } = {},
) {
  const receiver = options.receiver ?? (await startWebhookReceiver());
  const store = options.store ?? createSqliteStore({ path: ":memory:" });
  const reports: WebhookAttemptReport[] = [];
  const dispatcher = new WebhookDispatcher({
    outbox: store,
    targetFor: () => ({ url: `${receiver.url}/hooks/sip?token=abc`, secret }),
    bodyOf,
    retryDelayMs: 100,
    pollIntervalMs: 50,
    attemptTimeoutMs: 2000,
    onAttempt: (report) => reports.push(report),
    ...options,
  });
  cleanups.push(async () => {
    await dispatcher.stop(0);
    await receiver.close();
    if (!options.store) await store.close();
  });
  return { receiver, store, dispatcher, reports };
}

describe("WebhookDispatcher with a real HTTP receiver", { timeout: 15_000 }, () => {
  it("delivers a Standard Webhooks signed event that the client's verifyWebhook accepts, and records it delivered", async () => {
    const { receiver, store, dispatcher, reports } = await setUp();
    const transfer = await endedTransfer(store);
    dispatcher.start();
    const [request] = await receiver.waitFor(1);
    expect(request!.path).toBe("/hooks/sip?token=abc");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["webhook-id"]).toBe(webhookIdOf(transfer.id));
    expect(request!.rawBody.toString()).toBe(bodyOf(transfer));
    const event = verifyWebhook(request!.rawBody, request!.headers, secret);
    expect(event).toEqual(JSON.parse(bodyOf(transfer)));
    expect(() =>
      verifyWebhook(request!.rawBody, request!.headers, `whsec_${randomBytes(32).toString("base64")}`),
    ).toThrow(/signature/);
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "delivered", attempts: 1 });
    expect(reports).toMatchObject([
      { outcome: "delivered", attempt: 1, status: 204, receiver: receiver.url, transferId: transfer.id },
    ]);
    expect(JSON.stringify(reports)).not.toContain("token=abc");
    expect(dispatcher.counters).toEqual({ attempts: 1, delivered: 1, retried: 0, failed: 0 });
  });

  it("signs once per secret while a secret is being rotated: receivers with the new or the old one both verify", async () => {
    const previous = `whsec_${randomBytes(32).toString("base64")}`;
    const receiver = await startWebhookReceiver();
    const { store, dispatcher } = await setUp({
      receiver,
      targetFor: () => ({ url: receiver.url, secret, alsoSignWith: [previous] }),
    });
    await endedTransfer(store);
    dispatcher.start();
    const [request] = await receiver.waitFor(1);
    expect(String(request!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verifyWebhook(request!.rawBody, request!.headers, secret).type).toBe("transfer.completed");
    expect(verifyWebhook(request!.rawBody, request!.headers, previous).type).toBe("transfer.completed");
  });

  it("retries a receiver that fails twice, with the same id and body and a fresh valid signature each time, waiting longer each time", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerNext({ status: 500 }, { status: 503 });
    const { store, dispatcher, reports } = await setUp({ receiver, retryDelayMs: 150 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    const requests = await receiver.waitFor(3);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([webhookIdOf(transfer.id)]));
    expect(new Set(requests.map((r) => r.rawBody.toString()))).toEqual(new Set([bodyOf(transfer)]));
    for (const request of requests)
      expect(verifyWebhook(request.rawBody, request.headers, secret).type).toBe("transfer.completed");
    const gaps = [requests[1]!.at - requests[0]!.at, requests[2]!.at - requests[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(120); // 150 ms ± 20 %
    expect(gaps[1]).toBeGreaterThanOrEqual(240); // doubled
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "delivered", attempts: 3 });
    expect(reports.map((r) => [r.outcome, r.status, r.attempt])).toEqual([
      ["retry", 500, 1],
      ["retry", 503, 2],
      ["delivered", 204, 3],
    ]);
    expect(dispatcher.counters).toEqual({ attempts: 3, delivered: 1, retried: 2, failed: 0 });
  });

  it("gives up after maxAttempts and records the webhook failed", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerNext({ status: 500 }, { status: 400 }, { status: 410 });
    const { store, dispatcher, reports } = await setUp({ receiver, maxAttempts: 3, retryDelayMs: 20 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "failed", attempts: 3 });
    expect(receiver.received).toHaveLength(3);
    expect(reports.map((r) => r.outcome)).toEqual(["retry", "retry", "failed"]);
    expect(reports[2]).toMatchObject({ error: "the receiver answered 410", maxAttempts: 3 });
    // Given up for good: nothing of it is due any more, and a stop with time to spare sends nothing.
    expect(await store.nextWebhookDueAt()).toBeUndefined();
    await dispatcher.stop(1000);
    expect(receiver.received).toHaveLength(3);
    expect(reports).toHaveLength(3);
  });

  it("does not follow a redirect: a 3xx is a failed attempt and the other address hears nothing", async () => {
    const elsewhere = await startWebhookReceiver();
    cleanups.push(() => elsewhere.close());
    const receiver = await startWebhookReceiver();
    receiver.answerNext({ status: 307, headers: { location: `${elsewhere.url}/steal` } });
    const { store, dispatcher, reports } = await setUp({ receiver });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await receiver.waitFor(2);
    expect(reports[0]).toMatchObject({
      outcome: "retry",
      status: 307,
      error: "the receiver answered 307 (redirects are not followed)",
    });
    await expect.poll(async () => (await store.getTransfer(transfer.id))?.webhook?.status).toBe("delivered");
    expect(elsewhere.received).toHaveLength(0);
  });

  it("waits as long as a receiver's Retry-After asks before the next attempt (seconds or a date), never shorter", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerNext(
      { status: 503, headers: { "retry-after": "1" } },
      { status: 429, headers: { "retry-after": new Date(Date.now() + 60_000).toUTCString() } },
    );
    const { store, dispatcher, reports } = await setUp({ receiver, retryDelayMs: 20, maxRetryDelayMs: 1500 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    const requests = await receiver.waitFor(3, 10_000);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
    // A date a minute away is capped by maxRetryDelayMs.
    expect(requests[2]!.at - requests[1]!.at).toBeGreaterThanOrEqual(1400);
    expect(requests[2]!.at - requests[1]!.at).toBeLessThan(5000);
    expect(reports.slice(0, 2).map((r) => r.status)).toEqual([503, 429]);
    await expect.poll(async () => (await store.getTransfer(transfer.id))?.webhook?.status).toBe("delivered");
  });

  it("cuts an attempt off after attemptTimeoutMs and tries again", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerNext("hang");
    const { store, dispatcher, reports } = await setUp({ receiver, attemptTimeoutMs: 300 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "delivered", attempts: 2 });
    expect(reports[0]).toMatchObject({ outcome: "retry", error: "no answer within 300 ms" });
    expect(reports[0]!.durationMs).toBeGreaterThanOrEqual(290);
  });

  it("keeps trying a receiver that refuses connections, and delivers once it listens again", async () => {
    const receiver = await startWebhookReceiver();
    await receiver.stop();
    const { store, dispatcher, reports } = await setUp({ receiver, retryDelayMs: 50 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await expect.poll(() => reports.length).toBeGreaterThanOrEqual(2);
    expect(reports[0]).toMatchObject({ outcome: "retry", error: "could not reach the receiver: ECONNREFUSED" });
    await receiver.start();
    await expect.poll(async () => (await store.getTransfer(transfer.id))?.webhook?.status).toBe("delivered");
    expect(receiver.received).toHaveLength(1);
  });

  it("holds the webhooks of a tenant whose webhook settings were removed: pending, no attempt counted, told; sent once configured again; failed after the hold", async () => {
    const receiver = await startWebhookReceiver();
    let clock = Date.now() + 1000;
    let configured = false;
    const held: WebhookHeldReport[] = [];
    const { store, dispatcher, reports } = await setUp({
      receiver,
      now: () => clock,
      targetFor: () => (configured ? { url: receiver.url, secret } : undefined),
      holdWithoutTargetMs: 3_600_000,
      recheckHeldMs: 60_000,
      onHeld: (report) => held.push(report),
    });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await expect.poll(() => held.length).toBe(1);
    expect(held[0]).toMatchObject({
      transferId: transfer.id,
      tenantId: "tenant-a",
      eventType: "transfer.completed",
      recheckAt: clock + 60_000,
      heldUntil: transfer.endedAt! + 3_600_000,
    });
    expect((await store.getTransfer(transfer.id))?.webhook).toEqual({ status: "pending", attempts: 0 });
    expect(reports).toEqual([]);

    // The tenant's webhook is configured again: at the next look it goes out, as its first attempt.
    configured = true;
    clock += 60_000;
    dispatcher.wake();
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "delivered", attempts: 1 });
    expect(receiver.received).toHaveLength(1);

    // Held past the hold: failed, with a reason that says so.
    configured = false;
    const late = await endedTransfer(store);
    clock = late.endedAt! + 1;
    dispatcher.wake();
    await expect.poll(() => held.length).toBe(2);
    expect(held[1]).toMatchObject({ transferId: late.id, recheckAt: clock + 60_000 });
    clock = late.endedAt! + 3_600_000;
    dispatcher.wake();
    await expect
      .poll(async () => (await store.getTransfer(late.id))?.webhook)
      .toEqual({ status: "failed", attempts: 1 });
    expect(reports.at(-1)).toMatchObject({
      outcome: "failed",
      transferId: late.id,
      error: "no webhook was configured for this tenant within 1 h of the transfer's end",
    });
    expect(receiver.received).toHaveLength(1);
  });

  it("two dispatchers on one store (two processes on one file) deliver each event once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sip-transfer-webhooks-"));
    const path = join(dir, "store.sqlite");
    const one = createSqliteStore({ path });
    const two = createSqliteStore({ path });
    cleanups.push(async () => {
      await one.close();
      await two.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const receiver = await startWebhookReceiver();
    const first = await setUp({ receiver, store: one, concurrency: 3 });
    const second = await setUp({ receiver, store: two, concurrency: 3 });
    const ids = new Set<string>();
    for (let i = 0; i < 20; i += 1) ids.add(webhookIdOf((await endedTransfer(i % 2 ? one : two)).id));
    first.dispatcher.start();
    second.dispatcher.start();
    await receiver.waitFor(20);
    // Both stopped once every attempt in flight settled: a second attempt of any event would be in.
    await Promise.all([first.dispatcher.stop(1000), second.dispatcher.stop(1000)]);
    expect(await one.nextWebhookDueAt()).toBeUndefined();
    expect(receiver.received.map((r) => r.headers["webhook-id"]).sort()).toEqual([...ids].sort());
    expect(first.dispatcher.counters.delivered + second.dispatcher.counters.delivered).toBe(20);
  });

  it("on stop, waits for an attempt in flight up to the grace period, then cuts it off; it is due again later", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerNext("hang");
    const { store, dispatcher, reports } = await setUp({ receiver, retryDelayMs: 50 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await receiver.waitFor(1);
    const started = Date.now();
    await dispatcher.stop(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(reports[0]).toMatchObject({ outcome: "retry", error: "cut off: the server stopped", givenBack: true });
    // Given back: not counted, and due again at once.
    expect((await store.getTransfer(transfer.id))?.webhook).toEqual({ status: "pending", attempts: 0 });
    const again = new WebhookDispatcher({
      outbox: store,
      targetFor: () => ({ url: receiver.url, secret }),
      bodyOf,
      pollIntervalMs: 50,
    });
    cleanups.push(() => again.stop(0));
    again.start();
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "delivered", attempts: 1 });
  });

  it("an attempt cut off by stop does not use up the last attempt: the webhook stays pending and goes out after the restart", async () => {
    const receiver = await startWebhookReceiver();
    receiver.answerNext({ status: 500 }, "hang");
    const { store, dispatcher, reports } = await setUp({ receiver, maxAttempts: 2, retryDelayMs: 20 });
    const transfer = await endedTransfer(store);
    dispatcher.start();
    await receiver.waitFor(2); // the second, last attempt hangs
    await dispatcher.stop(100);
    expect(reports.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retry", 1],
      ["retry", 2],
    ]);
    expect((await store.getTransfer(transfer.id))?.webhook).toEqual({ status: "pending", attempts: 1 });
    const again = new WebhookDispatcher({
      outbox: store,
      targetFor: () => ({ url: receiver.url, secret }),
      bodyOf,
      maxAttempts: 2,
      pollIntervalMs: 50,
    });
    cleanups.push(() => again.stop(0));
    again.start();
    await expect
      .poll(async () => (await store.getTransfer(transfer.id))?.webhook)
      .toEqual({ status: "delivered", attempts: 2 });
    expect(receiver.received).toHaveLength(3);
  });

  it("a graceful stop sends every webhook due, batch after batch (20 due, 10 at a time), and returns once they are sent", async () => {
    const receiver = await startWebhookReceiver();
    const { store, dispatcher, reports } = await setUp({ receiver, concurrency: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await endedTransfer(store)).id);
    const started = Date.now();
    await dispatcher.stop(10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(receiver.received).toHaveLength(20);
    expect(reports.filter((r) => r.outcome === "delivered")).toHaveLength(20);
    for (const id of ids) expect((await store.getTransfer(id))?.webhook).toEqual({ status: "delivered", attempts: 1 });
  });
});

/** A clock and timers the test moves by hand: nothing waits for real time. */
function manualTime(start: number) {
  let clock = start;
  let ids = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => clock,
    timers: {
      setTimeout: (callback: () => void, ms: number) => {
        timers.set(++ids, { at: clock + ms, callback });
        return ids;
      },
      clearTimeout: (handle: unknown) => void timers.delete(handle as number),
    },
    /** When the timers set now are due, earliest first. */
    waiting: () => [...timers.values()].map((t) => t.at).sort((a, b) => a - b),
    /** Moves the clock to the earliest timer and runs it. */
    fireNext() {
      const [id, timer] = [...timers].sort((a, b) => a[1].at - b[1].at)[0]!;
      timers.delete(id);
      clock = timer.at;
      timer.callback();
    },
  };
}

describe("WebhookDispatcher's graceful stop, on a clock the test moves", { timeout: 15_000 }, () => {
  const graceMs = 25_000;

  async function retryPending(retryDelayMs: number) {
    const time = manualTime(Date.now() + 1000);
    const receiver = await startWebhookReceiver();
    receiver.answerNext({ status: 500 });
    // random 0.5: the first retry waits exactly retryDelayMs.
    const set = await setUp({
      receiver,
      now: time.now,
      timers: time.timers,
      retryDelayMs,
      random: () => 0.5,
      pollIntervalMs: 1000,
    });
    const transfer = await endedTransfer(set.store);
    set.dispatcher.start();
    await expect
      .poll(() => set.reports)
      .toEqual([expect.objectContaining({ outcome: "retry", attempt: 1, retryAt: time.now() + retryDelayMs })]);
    let stopped = false;
    const stopping = set.dispatcher.stop(graceMs).then(() => {
      stopped = true;
    });
    return { ...set, time, transfer, graceEnd: time.now() + graceMs, stopping, isStopped: () => stopped };
  }

  it("waits for a retry due within the grace (3 s into 25 s), sends it, and returns once it is sent, not at the grace's end", async () => {
    const { time, transfer, receiver, store, reports, graceEnd, stopping, isStopped } = await retryPending(3000);
    const retryAt = reports[0]!.retryAt!;
    // The stop wakes at the poll interval (another replica may deliver it meanwhile) until it is due.
    for (const wakeAt of [retryAt - 2000, retryAt - 1000, retryAt]) {
      await expect.poll(() => time.waiting()).toEqual([wakeAt, graceEnd]);
      expect(isStopped()).toBe(false);
      time.fireNext();
    }
    await stopping;
    expect(time.now()).toBe(retryAt); // the grace's end never came
    expect(reports.map((r) => [r.outcome, r.attempt])).toEqual([
      ["retry", 1],
      ["delivered", 2],
    ]);
    expect(receiver.received).toHaveLength(2);
    expect((await store.getTransfer(transfer.id))?.webhook).toEqual({ status: "delivered", attempts: 2 });
    expect(time.waiting()).toEqual([]);
  });

  it("returns at once when the next retry is due after the grace (30 s): it stays pending in the store", async () => {
    const { time, transfer, receiver, store, stopping } = await retryPending(30_000);
    const at = time.now();
    await stopping;
    expect(time.now()).toBe(at);
    expect(receiver.received).toHaveLength(1);
    expect((await store.getTransfer(transfer.id))?.webhook).toEqual({ status: "pending", attempts: 1 });
    expect(time.waiting()).toEqual([]);
  });

  it("returns at its next look when another replica delivered the retry it was waiting for", async () => {
    const { time, transfer, store, reports, graceEnd, stopping } = await retryPending(3000);
    const retryAt = reports[0]!.retryAt!;
    await expect.poll(() => time.waiting()).toEqual([retryAt - 2000, graceEnd]);
    // Another replica (its clock a little ahead) makes attempt 2 and delivers it.
    expect(await store.claimWebhookDeliveries(retryAt, 15_000, 10)).toHaveLength(1);
    expect(await store.finishWebhookAttempt(transfer.id, 2, { status: "delivered" })).toBe(true);
    time.fireNext();
    await stopping;
    expect(time.now()).toBe(retryAt - 2000);
    expect(reports).toHaveLength(1);
  });
});
