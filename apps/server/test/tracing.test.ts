import { propagation, trace } from "@opentelemetry/api";
import {
  type LiveKitStandIn,
  type OtlpReceiver,
  type ReceivedSpan,
  type TestRedis,
  createSpecCheckedFetch,
  startLiveKitStandIn,
  startOtlpReceiver,
  startTestRedis,
} from "@sip-transfer/testkit";
import { request as httpRequest } from "node:http";
import type { Express } from "express";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { type RunningServer, startServer } from "../src/server.js";
import { standInServerEnv } from "./harness.js";
import { SECRETS_IN_TESTS, collectLogLine } from "./secrets.js";

// Traces end to end: the real server (startServer, as `pnpm start`) exporting to a real OTLP/HTTP
// receiver on loopback. The server's close() shuts the provider down, which sends every span still
// queued: after it, the receiver has them all (nothing here waits for a timer).
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID = "00f067aa0ba902b7";
const TENANT_SECRET = SECRETS_IN_TESTS["tenant-a's API secret"];
const TRANSFER_TO = "+15551234567";
const DECLINED_TO = "+15557654321";
const CASE_HEADER = "pii-case-8812";
const ROOM_IN_QUERY = "secret-room-xyz";

let standIn: LiveKitStandIn;
let collector: OtlpReceiver;
let redis: TestRedis;
let server: RunningServer | undefined;
const checked = createSpecCheckedFetch();

beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  standIn = await startLiveKitStandIn({ apiSecret: SECRETS_IN_TESTS["the LiveKit stand-in's API secret"] });
  standIn.addRoom({
    name: "call-room-123",
    metadata: JSON.stringify({ auth_id: "tenant-a" }),
    participants: [
      { identity: "sip_participant_456", kind: "SIP" },
      { identity: "sip_2", kind: "SIP" },
    ],
  });
  collector = await startOtlpReceiver();
});
afterEach(async () => {
  await server?.close(); // also takes tracing out of OpenTelemetry's globals
  server = undefined;
  await standIn.close();
  await collector.close();
  expect(checked.violations).toEqual([]);
});

async function start(env: Record<string, string>, logLines: string[] = [], options: { traceIds?: boolean } = {}) {
  const config = loadConfig(
    standInServerEnv(standIn, {
      AUTH_API_SECRETS_JSON: JSON.stringify([{ id: "tenant-a", secret: TENANT_SECRET }]),
      SHUTDOWN_GRACE_MS: "2000",
      ...env,
    }),
  );
  const logger = createLogger(
    "debug",
    {
      write: (line: string) => {
        logLines.push(line);
        collectLogLine(line);
      },
    },
    { traceIds: options.traceIds ?? config.tracing.exporting },
  );
  server = await startServer(config, logger);
  return server;
}

const exportTo = (collectorUrl: string) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
  OTEL_BSP_SCHEDULE_DELAY: "20",
});

function request(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return checked.fetch(`${server!.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TENANT_SECRET}`, ...init.headers },
  });
}

function transfer(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return request("/sip/transfer", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** The app serving requests (to look at its middleware). */
const appOf = (running: RunningServer) => running.server.listeners("request")[0] as Express;
const middlewareNames = (running: RunningServer) =>
  (appOf(running) as unknown as { router: { stack: { name: string }[] } }).router.stack.map((layer) => layer.name);

describe("traces exported over OTLP/HTTP", () => {
  it(
    "a transfer's request continues the caller's trace; LiveKit's and Redis's calls are its children; nothing secret is in any span",
    { timeout: 20_000 },
    async () => {
      const logLines: string[] = [];
      await start({ ...exportTo(collector.url), STORE_URL: redis.url }, logLines);
      expect(middlewareNames(server!)[0]).toBe("traceRequest");

      const made = await transfer(
        {
          room_name: "call-room-123",
          participant_identity: "sip_participant_456",
          transfer_to: TRANSFER_TO,
          headers: { "X-Case-Id": CASE_HEADER },
        },
        { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
      );
      expect(made.status).toBe(200);
      const transferId = ((await made.json()) as { transfer_id: string }).transfer_id;

      const refused = await transfer({
        room_name: "call-room-123",
        participant_identity: "sip_participant_456",
        transfer_to: "not a number",
      });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: "INVALID_PHONE_NUMBER" });

      // LiveKit's words repeat the destination: they must not reach a span.
      standIn.behave("TransferSIPParticipant", {
        fail: {
          code: "permission_denied",
          msg: `sip status: 603: Decline (tel:${DECLINED_TO})`,
          meta: { sip_status_code: "603", sip_status: "Decline" },
        },
      });
      const failed = await transfer({
        room_name: "call-room-123",
        participant_identity: "sip_2",
        transfer_to: DECLINED_TO,
      });
      expect(failed.status).toBe(500);
      const failure = (await failed.json()) as { code: string; details: { transfer_id: string } };
      expect(failure.code).toBe("TRANSFER_FAILED");

      expect((await request(`/sip/transfers?room_name=${ROOM_IN_QUERY}&limit=5`)).status).toBe(200);
      expect((await request(`/sip/transfers/${transferId}`)).status).toBe(200);

      await server!.close();
      const spans = collector.spans();

      // The caller's trace, continued: the server span is the child of the caller's span.
      const serverSpans = spans.filter((span) => span.kind === SERVER);
      const post = serverSpans.find((span) => span.traceId === TRACE_ID)!;
      expect(post).toMatchObject({
        name: "POST /sip/transfer",
        parentSpanId: CALLER_SPAN_ID,
        status: { code: 0 },
        resource: { "service.name": "sip-transfer", "service.version": expect.any(String) },
        scope: "@sip-transfer/server",
        attributes: {
          "http.request.method": "POST",
          "http.route": "/sip/transfer",
          "http.response.status_code": 200,
          "url.scheme": "http",
          "url.path": "/sip/transfer",
          "network.protocol.version": "1.1",
          "sip_transfer.transfer_id": transferId,
          "sip_transfer.tenant_id": "tenant-a",
        },
      });

      // LiveKit's calls: CLIENT spans under it, named as the Twirp method.
      const children = (parent: ReceivedSpan) =>
        spans.filter((span) => span.traceId === parent.traceId && span.parentSpanId === parent.spanId);
      const livekit = children(post).filter((span) => span.attributes["rpc.system"] === "twirp");
      // In the order they ended: the two lookups run at once and either may end first, then the transfer.
      expect(livekit.slice(0, 2).map((span) => span.name)).toEqual(
        expect.arrayContaining(["livekit.RoomService/ListRooms", "livekit.RoomService/GetParticipant"]),
      );
      expect(livekit.map((span) => span.name)).toHaveLength(3);
      expect(livekit[2]?.name).toBe("livekit.SIP/TransferSIPParticipant");
      const { port } = new URL(standIn.url);
      expect(livekit[2]).toMatchObject({
        kind: CLIENT,
        status: { code: 0 },
        attributes: {
          "rpc.system.name": "twirp",
          "rpc.service": "livekit.SIP",
          "rpc.method": "livekit.SIP/TransferSIPParticipant",
          "server.address": "127.0.0.1",
          "server.port": Number(port),
        },
      });

      // Redis's commands: CLIENT spans under it, named as the command, without keys or arguments.
      const redisSpans = spans.filter((span) => span.attributes["db.system.name"] === "redis");
      expect(children(post).filter((span) => span.attributes["db.system.name"] === "redis").length).toBeGreaterThan(0);
      for (const span of redisSpans) {
        expect(span.kind).toBe(CLIENT);
        expect(span.name).toMatch(/^[A-Z]+$/);
        expect(Object.keys(span.attributes).sort()).toEqual(
          ["db.operation.name", "db.system", "db.system.name", "server.address", "server.port"].sort(),
        );
        expect(span.attributes["db.operation.name"]).toBe(span.name);
      }
      // The store's scripts and the rate limit's counter are among them.
      expect(new Set(redisSpans.map((span) => span.name))).toContain("EVALSHA");
      // Background work (the sweeper) makes no trace of its own: every CLIENT span has a parent.
      for (const span of spans.filter((span) => span.kind === CLIENT)) expect(span.parentSpanId).toBeDefined();

      // The refusal and the failure carry the contract's code.
      const refusedSpan = serverSpans.find((span) => span.attributes["http.response.status_code"] === 400)!;
      expect(refusedSpan).toMatchObject({
        name: "POST /sip/transfer",
        status: { code: 0 },
        attributes: { "error.type": "INVALID_PHONE_NUMBER", "sip_transfer.error.code": "INVALID_PHONE_NUMBER" },
      });
      expect(refusedSpan.attributes["sip_transfer.transfer_id"]).toBeUndefined();
      const failedSpan = serverSpans.find((span) => span.attributes["http.response.status_code"] === 500)!;
      expect(failedSpan).toMatchObject({
        name: "POST /sip/transfer",
        status: { code: ERROR },
        attributes: {
          "error.type": "TRANSFER_FAILED",
          "sip_transfer.error.code": "TRANSFER_FAILED",
          "sip_transfer.transfer_id": failure.details.transfer_id,
        },
      });
      expect(children(failedSpan).find((span) => span.name === "livekit.SIP/TransferSIPParticipant")).toMatchObject({
        status: { code: ERROR },
        attributes: { "error.type": "permission_denied" },
      });

      // Reads: the spec's path template as the route; the record's id, not the path.
      expect(serverSpans.find((span) => span.name === "GET /sip/transfers")).toMatchObject({
        attributes: { "http.route": "/sip/transfers", "url.path": "/sip/transfers", "http.response.status_code": 200 },
      });
      const read = serverSpans.find((span) => span.name === "GET /sip/transfers/{transfer_id}")!;
      expect(read.attributes).toMatchObject({
        "http.route": "/sip/transfers/{transfer_id}",
        "sip_transfer.transfer_id": transferId,
      });
      expect(read.attributes["url.path"]).toBeUndefined();

      // Log lines lead to their trace: the request's log line for the request, and the audit line written
      // while it was answered, carry its trace and span ids.
      const logs = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const requestLine = logs.find((line) => line["msg"] === "POST 200")!;
      expect(requestLine).toMatchObject({ trace_id: TRACE_ID, span_id: post.spanId, trace_flags: "01" });
      expect(logs.find((line) => line["audit"] === "transfer" && line["transfer_id"] === transferId)).toMatchObject({
        trace_id: TRACE_ID,
        span_id: post.spanId,
      });
      const failedLine = logs.find((line) => line["msg"] === "POST 500")!;
      expect(failedLine).toMatchObject({ trace_id: failedSpan.traceId, span_id: failedSpan.spanId });
      // Outside a request (start-up, shutdown), no ids.
      expect(logs.find((line) => line["msg"] === "sip-transfer listening")!["trace_id"]).toBeUndefined();

      // Nothing secret anywhere in what was exported: names, attributes, events, resources, scopes.
      const exported = collector.requests.map((received) => received.body.toString("utf8")).join("\n");
      const never = [
        TRANSFER_TO,
        TRANSFER_TO.slice(1),
        DECLINED_TO.slice(1),
        "not a number",
        CASE_HEADER,
        ROOM_IN_QUERY,
        ...Object.values(SECRETS_IN_TESTS),
      ];
      for (const secret of never) expect(exported, secret).not.toContain(secret);
      expect(exported).not.toContain("room_name=");
    },
  );

  it("a body that arrives after its headers: LiveKit's calls are still the request's children, and its line carries its trace", async () => {
    const logLines: string[] = [];
    await start(exportTo(collector.url), logLines);
    const body = JSON.stringify({
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: TRANSFER_TO,
    });
    const answered = new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server!.url}/sip/transfer`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${TENANT_SECRET}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      });
      req.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      // The body only once the server handles the request: it then comes on the socket's own event.
      server!.server.once("request", () => setImmediate(() => req.end(body)));
      req.flushHeaders();
    });
    expect(await answered).toBe(200);
    await server!.close();
    const spans = collector.spans();
    const post = spans.find((span) => span.kind === SERVER && span.name === "POST /sip/transfer")!;
    const livekit = spans.filter((span) => span.attributes["rpc.system"] === "twirp");
    expect(livekit.map((span) => span.name)).toEqual([
      "livekit.RoomService/ListRooms",
      "livekit.RoomService/GetParticipant",
      "livekit.SIP/TransferSIPParticipant",
    ]);
    for (const span of livekit) expect(span).toMatchObject({ traceId: post.traceId, parentSpanId: post.spanId });
    const line = logLines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((l) => l["msg"] === "POST 200");
    expect(line).toMatchObject({ trace_id: post.traceId, span_id: post.spanId });
  });

  it("a request its client leaves ends as aborted; a path the spec does not have gets no route", async () => {
    const logLines: string[] = [];
    // A stop right after a client left waits out the grace period (without traces too): keep it short.
    await start({ ...exportTo(collector.url), SHUTDOWN_GRACE_MS: "300" }, logLines);
    expect((await request("/no/such/path?token=query-token-4242")).status).toBe(404);
    // The client gives up while LiveKit looks the room up.
    standIn.behave("ListRooms", { latencyMs: 200 });
    const leaving = new AbortController();
    void standIn.callReceived("ListRooms").then(() => leaving.abort());
    await expect(
      fetch(`${server!.url}/sip/transfer`, {
        method: "POST",
        headers: { authorization: `Bearer ${TENANT_SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({ room_name: "call-room-123", participant_identity: "sip_2", transfer_to: TRANSFER_TO }),
        signal: leaving.signal,
      }),
    ).rejects.toThrow();
    // The server sees the connection go (the request's log line, written on the response's close).
    const deadline = Date.now() + 5000;
    while (!logLines.some((line) => line.includes("aborted by the client"))) {
      if (Date.now() > deadline) throw new Error("the server did not see the client go within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await server!.close();
    const serverSpans = collector.spans().filter((span) => span.kind === SERVER);
    const notFound = serverSpans.find((span) => span.attributes["http.response.status_code"] === 404)!;
    expect(notFound.name).toBe("GET");
    expect(notFound.attributes["http.route"]).toBeUndefined();
    expect(notFound.attributes["url.path"]).toBeUndefined();
    const aborted = serverSpans.find((span) => span.attributes["error.type"] === "aborted")!;
    expect(aborted).toMatchObject({ name: "POST /sip/transfer", attributes: { "http.route": "/sip/transfer" } });
    expect(aborted.attributes["http.response.status_code"]).toBeUndefined();
    const exported = collector.requests.map((received) => received.body.toString("utf8")).join("\n");
    expect(exported).not.toContain("query-token-4242");
    expect(exported).not.toContain("/no/such/path");
  });

  it("exports protobuf by default: POSTs of application/x-protobuf to /v1/traces", async () => {
    await start({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    expect((await request("/health")).status).toBe(200);
    await server!.close();
    expect(collector.requests.length).toBeGreaterThan(0);
    for (const received of collector.requests) {
      expect(received).toMatchObject({ path: "/v1/traces", contentType: "application/x-protobuf" });
      expect(received.body.length).toBeGreaterThan(0);
    }
  });

  it("one tracing server at a time per process; once it stops, OpenTelemetry is a no-op again", async () => {
    await start(exportTo(collector.url));
    const config = loadConfig(standInServerEnv(standIn, exportTo(collector.url)));
    await expect(startServer(config, createLogger("silent"))).rejects.toThrow(/tracing is already started/);
    await server!.close();
    server = undefined;
    expect(trace.getTracer("any").startSpan("any").isRecording()).toBe(false);
    expect(propagation.fields()).toEqual([]);
  });
});

describe("no traces", () => {
  it.each([
    ["without an endpoint", {}],
    ["with OTEL_SDK_DISABLED=true", { OTEL_SDK_DISABLED: "true" }],
    ["with OTEL_TRACES_EXPORTER=none", { OTEL_TRACES_EXPORTER: "none" }],
  ])("%s: no middleware, no ids in the logs, nothing sent", async (_case, env) => {
    const logLines: string[] = [];
    const withEndpoint = Object.keys(env).length > 0 ? exportTo(collector.url) : {};
    // The logs would carry a span's ids if one were active (the mixin is on): none is.
    await start({ ...withEndpoint, ...env }, logLines, { traceIds: true });
    expect(middlewareNames(server!)).not.toContain("traceRequest");
    const made = await transfer(
      { room_name: "call-room-123", participant_identity: "sip_participant_456", transfer_to: TRANSFER_TO },
      { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    );
    expect(made.status).toBe(200);
    // The API stays the no-op it is without a provider.
    expect(trace.getTracer("any").startSpan("any").isRecording()).toBe(false);
    await server!.close();
    expect(collector.requests).toEqual([]);
    expect(logLines.filter((line) => line.includes("trace_id"))).toEqual([]);
  });
});
