import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SipTransferEvent, type TransferEvent, verifyWebhook } from "@sip-transfer/client";
import {
  type LiveKitStandIn,
  type WebhookReceiver,
  loadSpec,
  specValidator,
  startLiveKitStandIn,
  startWebhookReceiver,
} from "@sip-transfer/testkit";
import { createSqliteStore } from "@sip-transfer/store";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { type RunningServer, startServer } from "../src/server.js";
import { type Harness, TENANTS, failureOf, seedRequest, standInServerEnv, startHarness } from "./harness.js";
import { SECRETS_IN_TESTS, collectLogLine } from "./secrets.js";

const secretA = SECRETS_IN_TESTS["tenant-a's webhook secret"];
const secretB = SECRETS_IN_TESTS["tenant-b's webhook secret"];
const validate = specValidator(loadSpec());
const schemaOf = {
  "transfer.completed": "TransferCompletedEvent",
  "transfer.failed": "TransferFailedEvent",
  "transfer.unknown": "TransferUnknownEvent",
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  cleanups.push(() => started.close());
  return started;
}

/** Two tenants with their own receivers and secrets; rooms of each. */
async function twoTenants(options: { retryDelayMs?: number } = {}) {
  const [a, b] = [await receiver(), await receiver()];
  const targets = new Map([
    ["tenant-a", { url: `${a.url}/a?token=${SECRETS_IN_TESTS["a token in a webhook URL"]}`, secret: secretA }],
    ["tenant-b", { url: `${b.url}/b`, secret: secretB }],
  ]);
  const h = await startHarness({
    auth: { required: true, secrets: TENANTS },
    webhooks: {
      targetFor: (tenant) => (tenant ? targets.get(tenant) : undefined),
      retryDelayMs: options.retryDelayMs ?? 100,
      pollIntervalMs: 50,
    },
  });
  cleanups.push(() => h.close());
  for (const tenant of ["tenant-a", "tenant-b"]) {
    h.standIn.addRoom({
      name: `room-${tenant}`,
      metadata: JSON.stringify({ auth_id: tenant }),
      participants: [1, 2, 3].map((i) => ({ identity: `sip_${i}`, kind: "SIP" as const })),
    });
  }
  const tokenOf = { "tenant-a": TENANTS[0]!.secret, "tenant-b": TENANTS[1]!.secret };
  const transfer = (tenant: "tenant-a" | "tenant-b", participant = "sip_1") =>
    h
      .client(tokenOf[tenant])
      .transfer({ room_name: `room-${tenant}`, participant_identity: participant, transfer_to: "+15551234567" });
  return { h, a, b, transfer, tokenOf };
}

function isTransferEvent(event: SipTransferEvent): event is TransferEvent {
  return event.type.startsWith("transfer.");
}

function checkEvent(raw: Buffer, headers: Record<string, unknown>, secret: string): TransferEvent {
  const event = verifyWebhook(raw, headers as Record<string, string>, secret);
  if (!isTransferEvent(event)) throw new Error(`not a transfer event: ${event.type}`);
  const check = validate({ $ref: `#/components/schemas/${schemaOf[event.type]}` }, event);
  expect(check.errors).toBe("No errors");
  return event;
}

describe("transfer webhooks", () => {
  it(
    "a completed transfer is POSTed to the tenant's receiver, signed (verifyWebhook accepts it), as the spec's event, and the record says delivered",
    { timeout: 20_000 },
    async () => {
      const { h, a, transfer, tokenOf } = await twoTenants();
      const done = await transfer("tenant-a");
      expect(done.status).toBe("completed");
      const [request] = await a.waitFor(1);
      expect(request!.path).toBe(`/a?token=${SECRETS_IN_TESTS["a token in a webhook URL"]}`);
      expect(request!.headers["webhook-id"]).toBe(`msg_${done.transfer_id.slice(3)}`);
      expect(request!.headers["user-agent"]).toMatch(/^sip-transfer-webhooks\//);
      const event = checkEvent(request!.rawBody, request!.headers, secretA);
      const record = await h.client(tokenOf["tenant-a"]).getTransfer(done.transfer_id);
      const { webhook: _state, ...withoutWebhook } = record;
      expect(event).toEqual({ type: "transfer.completed", timestamp: record.ended_at, data: withoutWebhook });
      await expect
        .poll(async () => (await h.client(tokenOf["tenant-a"]).getTransfer(done.transfer_id)).webhook)
        .toEqual({ status: "delivered", attempts: 1 });
      const delivered = h.logs().find((line) => line["msg"] === "webhook delivered");
      expect(delivered).toMatchObject({
        transfer_id: done.transfer_id,
        tenant: "tenant-a",
        attempt: 1,
        status: 204,
        receiver: a.url,
        event: "transfer.completed",
      });
      expect(JSON.stringify(delivered)).not.toContain("/a?token");
    },
  );

  it(
    "a declined transfer is transfer.failed with the SIP status; a transfer LiveKit never answered for is transfer.unknown",
    { timeout: 20_000 },
    async () => {
      const { h, a, transfer } = await twoTenants();
      h.standIn.behave("TransferSIPParticipant", {
        fail: { code: "permission_denied", msg: "declined", meta: { sip_status_code: "603", sip_status: "Decline" } },
      });
      const failed = await failureOf(transfer("tenant-a", "sip_1"));
      expect(failed).toMatchObject({ status: 500, code: "TRANSFER_FAILED" });
      h.standIn.behave("TransferSIPParticipant", {
        raw: { status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" },
      });
      await transfer("tenant-a", "sip_2").catch(() => undefined);
      const requests = await a.waitFor(2);
      const events = requests.map((r) => checkEvent(r.rawBody, r.headers, secretA));
      expect(events.map((e) => [e.type, e.data.status, e.data.participant_identity])).toEqual([
        ["transfer.failed", "failed", "sip_1"],
        ["transfer.unknown", "unknown", "sip_2"],
      ]);
      expect(events[0]!.data.error).toMatchObject({
        code: "TRANSFER_FAILED",
        sip_status_code: 603,
        sip_status: "Decline",
      });
      expect(events[1]!.data.error).toMatchObject({ code: "OUTCOME_UNKNOWN" });
    },
  );

  it(
    "retries a receiver that fails twice: the record shows the attempts, the webhook-id and body stay the same, then delivered",
    { timeout: 20_000 },
    async () => {
      const { h, a, transfer, tokenOf } = await twoTenants({ retryDelayMs: 300 });
      a.answerNext({ status: 500 }, { status: 503 });
      const done = await transfer("tenant-a");
      await a.waitFor(1);
      await expect
        .poll(async () => (await h.client(tokenOf["tenant-a"]).getTransfer(done.transfer_id)).webhook)
        .toEqual({ status: "pending", attempts: 1 });
      const requests = await a.waitFor(3);
      expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
      expect(new Set(requests.map((r) => r.rawBody.toString())).size).toBe(1);
      for (const r of requests) checkEvent(r.rawBody, r.headers, secretA);
      await expect
        .poll(async () => (await h.client(tokenOf["tenant-a"]).getTransfer(done.transfer_id)).webhook)
        .toEqual({ status: "delivered", attempts: 3 });
      expect(
        h
          .logs()
          .filter((line) => line["msg"] === "webhook attempt failed; retrying")
          .map((line) => line["status"]),
      ).toEqual([500, 503]);
    },
  );

  it(
    "two tenants' events never cross: each receiver gets only its tenant's transfers, and the other's secret does not verify them",
    { timeout: 20_000 },
    async () => {
      const { h, a, b, transfer, tokenOf } = await twoTenants();
      const mine = [await transfer("tenant-a", "sip_1"), await transfer("tenant-a", "sip_2")];
      const theirs = [await transfer("tenant-b", "sip_1")];
      const [fromA, fromB] = [await a.waitFor(2), await b.waitFor(1)];
      // Every webhook delivered at its first attempt (final: never sent again) and none in flight.
      for (const [tenant, t] of [...mine.map((t) => ["tenant-a", t] as const), ["tenant-b", theirs[0]!] as const]) {
        await expect
          .poll(async () => (await h.client(tokenOf[tenant]).getTransfer(t.transfer_id)).webhook)
          .toEqual({ status: "delivered", attempts: 1 });
      }
      await expect.poll(() => h.parts.webhooks!.inFlightCount).toBe(0);
      expect(a.received).toHaveLength(2);
      expect(b.received).toHaveLength(1);
      expect(fromA.map((r) => checkEvent(r.rawBody, r.headers, secretA).data.transfer_id).sort()).toEqual(
        mine.map((t) => t.transfer_id).sort(),
      );
      expect(fromB.map((r) => checkEvent(r.rawBody, r.headers, secretB).data.transfer_id)).toEqual(
        theirs.map((t) => t.transfer_id),
      );
      for (const r of fromA)
        expect(() => verifyWebhook(r.rawBody, r.headers as Record<string, string>, secretB)).toThrow();
      expect(fromB[0]!.rawBody.toString()).not.toContain("room-tenant-a");
    },
  );

  it(
    "a tenant without a webhook: its records carry no webhook field and nothing is sent",
    { timeout: 20_000 },
    async () => {
      const a = await receiver();
      const h: Harness = await startHarness({
        auth: { required: true, secrets: TENANTS },
        webhooks: {
          targetFor: (tenant) => (tenant === "tenant-b" ? { url: a.url, secret: secretB } : undefined),
          pollIntervalMs: 50,
        },
      });
      cleanups.push(() => h.close());
      h.standIn.addRoom({
        name: "room-a",
        metadata: '{"auth_id":"tenant-a"}',
        participants: [{ identity: "sip_1", kind: "SIP" }],
      });
      const done = await h
        .client(TENANTS[0]!.secret)
        .transfer({ room_name: "room-a", participant_identity: "sip_1", transfer_to: "+15551234567" });
      const record = await h.client(TENANTS[0]!.secret).getTransfer(done.transfer_id);
      expect(record.webhook).toBeUndefined();
      // Nothing in the outbox and nothing in flight: there is no webhook to send, now or later.
      expect(await h.store.nextWebhookDueAt()).toBeUndefined();
      expect(h.parts.webhooks!.inFlightCount).toBe(0);
      expect(a.received).toHaveLength(0);
    },
  );
});

describe("the receiver in docs/api.md", () => {
  it(
    "Express with express.raw() and verifyWebhook accepts the server's webhook, and a tampered copy is refused",
    { timeout: 20_000 },
    async () => {
      const express = (await import("express")).default;
      const seen: TransferEvent[] = [];
      let refused = 0;
      const app = express();
      app.post("/sip", express.raw({ type: "application/json" }), (req, res) => {
        let event;
        try {
          event = verifyWebhook(req.body as Buffer, req.headers, secretA);
          if (!isTransferEvent(event)) throw new Error(`not a transfer event: ${event.type}`);
        } catch {
          refused += 1;
          return res.status(400).end();
        }
        seen.push(event);
        res.status(204).end();
      });
      const listener = app.listen(0, "127.0.0.1");
      await new Promise<void>((resolve) => listener.once("listening", resolve));
      cleanups.push(() => new Promise<void>((resolve) => listener.close(() => resolve())));
      const url = `http://127.0.0.1:${(listener.address() as { port: number }).port}/sip`;

      const h = await startHarness({ webhooks: { targetFor: () => ({ url, secret: secretA }), pollIntervalMs: 50 } });
      cleanups.push(() => h.close());
      h.seedRoom();
      const done = await h.client().transfer(seedRequest);
      await expect
        .poll(async () => (await h.client().getTransfer(done.transfer_id)).webhook)
        .toEqual({ status: "delivered", attempts: 1 });
      expect(seen).toMatchObject([{ type: "transfer.completed", data: { transfer_id: done.transfer_id } }]);

      // The same headers with another body (or the body re-serialised) do not verify.
      const replay = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": `msg_${done.transfer_id.slice(3)}`,
          "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
          "webhook-signature": "v1,AAAA",
        },
        body: JSON.stringify(seen[0]),
      });
      expect(replay.status).toBe(400);
      expect(refused).toBe(1);
    },
  );
});

describe("transfer webhooks across a restart", () => {
  let standIn: LiveKitStandIn;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    await standIn?.close();
  });

  const start = (path: string, receiverUrl: string) =>
    startServer(
      loadConfig(
        standInServerEnv(standIn, {
          STORE_URL: `sqlite:${path}`,
          SHUTDOWN_GRACE_MS: "1000",
          WEBHOOK_URL: `${receiverUrl}/anonymous`,
          WEBHOOK_SECRET: SECRETS_IN_TESTS["the anonymous webhook secret"],
          WEBHOOK_RETRY_DELAY_MS: "200",
          TRANSFER_WAIT_MS: "100",
        }),
      ),
      createLogger("debug", { write: collectLogLine }),
      { webhookPollIntervalMs: 50 },
    );

  it(
    "a transfer still running when the server stops ends unknown, and its webhook goes out before the server exits",
    { timeout: 20_000 },
    async () => {
      standIn = await startLiveKitStandIn();
      standIn.addRoom({ name: "call-room-123", participants: [{ identity: "sip_participant_456", kind: "SIP" }] });
      standIn.behave("TransferSIPParticipant", { hang: true });
      const dir = mkdtempSync(join(tmpdir(), "sip-transfer-webhook-stop-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const hooks = await receiver();
      server = await start(join(dir, "store.sqlite"), hooks.url);
      const response = await fetch(`${server.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(seedRequest),
      });
      expect(((await response.json()) as { status: string }).status).toBe("initiated");
      await server.close();
      server = undefined;
      expect(hooks.received).toHaveLength(1);
      const event = checkEvent(
        hooks.received[0]!.rawBody,
        hooks.received[0]!.headers,
        SECRETS_IN_TESTS["the anonymous webhook secret"],
      );
      expect(event).toMatchObject({ type: "transfer.unknown", data: { error: { code: "OUTCOME_UNKNOWN" } } });
    },
  );

  it(
    "a webhook whose receiver is down is kept in the store across a restart and delivered once the receiver is back",
    { timeout: 20_000 },
    async () => {
      standIn = await startLiveKitStandIn();
      standIn.addRoom({ name: "call-room-123", participants: [{ identity: "sip_participant_456", kind: "SIP" }] });
      const dir = mkdtempSync(join(tmpdir(), "sip-transfer-webhook-restart-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const path = join(dir, "store.sqlite");
      const down = await receiver();
      await down.stop();

      server = await start(path, down.url);
      const response = await fetch(`${server.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(seedRequest),
      });
      const { transfer_id: id } = (await response.json()) as { transfer_id: string };
      const webhookOf = async () =>
        ((await (await fetch(`${server!.url}/sip/transfers/${id}`)).json()) as { webhook?: unknown }).webhook;
      await expect.poll(webhookOf).toMatchObject({ status: "pending", attempts: 2 });
      await server.close(); // the retries that fall due within its grace are made (and fail) first
      server = undefined;
      const stored = createSqliteStore({ path });
      const atStop = (await stored.getTransfer(id))?.webhook;
      await stored.close();
      expect(atStop).toMatchObject({ status: "pending" });
      expect(atStop!.attempts).toBeGreaterThanOrEqual(2);

      await down.start();
      expect(down.received).toHaveLength(0);
      server = await start(path, down.url);
      const [request] = await down.waitFor(1);
      const event = checkEvent(request!.rawBody, request!.headers, SECRETS_IN_TESTS["the anonymous webhook secret"]);
      expect(event).toMatchObject({ type: "transfer.completed", data: { transfer_id: id } });
      await expect.poll(webhookOf).toEqual({ status: "delivered", attempts: atStop!.attempts + 1 });
    },
  );

  it(
    "a tenant whose webhook settings are removed: its pending webhook is held (warned, not attempted, not failed), and delivered once they are back",
    { timeout: 30_000 },
    async () => {
      standIn = await startLiveKitStandIn();
      standIn.addRoom({
        name: "room-a",
        metadata: JSON.stringify({ auth_id: "tenant-a" }),
        participants: [{ identity: "sip_1", kind: "SIP" }],
      });
      const dir = mkdtempSync(join(tmpdir(), "sip-transfer-webhook-removed-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const [hooksA, hooksB] = [await receiver(), await receiver()];
      await hooksA.stop();
      const tenantA = { id: "tenant-a", secret: SECRETS_IN_TESTS["tenant-a's API secret"] };
      const tenantB = {
        id: "tenant-b",
        secret: SECRETS_IN_TESTS["tenant-b's API secret"],
        webhook_url: `${hooksB.url}/b`,
        webhook_secret: secretB,
      };
      const withHookA = { ...tenantA, webhook_url: `${hooksA.url}/a`, webhook_secret: secretA };
      const lines: Record<string, unknown>[] = [];
      const startWith = (tenants: object[]) =>
        startServer(
          loadConfig(
            standInServerEnv(standIn, {
              STORE_URL: `sqlite:${join(dir, "store.sqlite")}`,
              SHUTDOWN_GRACE_MS: "1000",
              AUTH_API_SECRETS_JSON: JSON.stringify(tenants),
              WEBHOOK_RETRY_DELAY_MS: "60000",
            }),
          ),
          createLogger("debug", {
            write: (line: string) => {
              collectLogLine(line);
              lines.push(JSON.parse(line) as Record<string, unknown>);
            },
          }),
          { webhookPollIntervalMs: 50 },
        );
      const get = (id: string) =>
        fetch(`${server!.url}/sip/transfers/${id}`, { headers: { authorization: `Bearer ${tenantA.secret}` } }).then(
          async (r) => (await r.json()) as { webhook?: unknown },
        );

      // tenant-a's receiver is down: its webhook waits for a retry in a minute.
      server = await startWith([withHookA, tenantB]);
      const response = await fetch(`${server.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tenantA.secret}` },
        body: JSON.stringify({ room_name: "room-a", participant_identity: "sip_1", transfer_to: "+15551234567" }),
      });
      const { transfer_id: id } = (await response.json()) as { transfer_id: string };
      await expect.poll(async () => (await get(id)).webhook).toEqual({ status: "pending", attempts: 1 });
      await server.close();

      // Restarted without tenant-a's webhook settings: held, warned, still pending, nothing counted.
      lines.length = 0;
      server = await startWith([tenantA, tenantB]);
      await server.store.finishWebhookAttempt(id, 1, { status: "pending", retryAt: Date.now() }); // due now, not in a minute
      await expect
        .poll(() => lines.find((line) => line["msg"]?.toString().startsWith("webhooks held")))
        .toMatchObject({
          level: 40,
          tenant: "tenant-a",
          transfer_id: id,
          event: "transfer.completed",
          held_until: expect.any(String),
        });
      expect((await get(id)).webhook).toEqual({ status: "pending", attempts: 1 });
      expect(lines.some((line) => line["msg"] === "webhook gave up")).toBe(false);
      await server.close();

      // Its settings are back (and its receiver up): delivered.
      await hooksA.start();
      server = await startWith([withHookA, tenantB]);
      await server.store.finishWebhookAttempt(id, 1, { status: "pending", retryAt: Date.now() });
      const [request] = await hooksA.waitFor(1);
      expect(checkEvent(request!.rawBody, request!.headers, secretA)).toMatchObject({
        type: "transfer.completed",
        data: { transfer_id: id },
      });
      await expect.poll(async () => (await get(id)).webhook).toEqual({ status: "delivered", attempts: 2 });
      expect(hooksB.received).toHaveLength(0);
    },
  );
});
