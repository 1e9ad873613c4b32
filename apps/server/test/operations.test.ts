import { readFileSync } from "node:fs";
import { createSqliteStore } from "@sip-transfer/store";
import { LIVEKIT_TRANSFER_ANSWERS } from "@sip-transfer/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { specPath } from "../src/spec-file.js";
import { type Harness, TENANTS, seedRequest, startHarness } from "./harness.js";
import { SECRETS_IN_TESTS } from "./secrets.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("GET /ready", () => {
  it("answers 200 when the store and LiveKit answer, without a token even when one is required", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const response = await h.request("/ready?probe=lb");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", checks: { store: "ok", livekit: "ok" } });
    expect((await h.request("/ready", { method: "HEAD" })).status).toBe(200);
    expect(h.violations).toEqual([]);
  });

  it.each([
    [
      "LiveKit is not configured",
      { livekit: false },
      { store: "ok", livekit: "not_configured" },
      "Not ready: livekit is not configured",
    ],
    [
      "LiveKit refuses our key",
      { livekitSecret: "a-wrong-secret-0123456789" },
      { store: "ok", livekit: "down" },
      "Not ready: livekit is down",
    ],
    [
      "LiveKit is unreachable",
      { livekitUrl: "http://127.0.0.1:9" },
      { store: "ok", livekit: "down" },
      "Not ready: livekit is down",
    ],
  ] as const)("answers 503 NOT_READY when %s, naming it", async (_case, options, checks, message) => {
    h = await startHarness(options);
    const response = await h.request("/ready");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: message, code: "NOT_READY", details: { checks } });
    expect((await h.request("/ready", { method: "HEAD" })).status).toBe(503);
    expect(h.violations).toEqual([]);
  });

  it(
    "answers 503 within the 2 s timeout when LiveKit hangs, and names the store when it is down",
    { timeout: 15_000 },
    async () => {
      const store = createSqliteStore({ path: ":memory:" });
      h = await startHarness({ store });
      h.standIn.behave("ListRooms", { hang: true });
      const started = performance.now();
      const hanging = await h.request("/ready");
      expect(performance.now() - started).toBeLessThan(3500);
      expect(await hanging.json()).toMatchObject({
        code: "NOT_READY",
        details: { checks: { store: "ok", livekit: "down" } },
      });
      h.standIn.behave("ListRooms", {});
      await store.close();
      const storeDown = await h.request("/ready");
      expect(storeDown.status).toBe(503);
      expect(await storeDown.json()).toEqual({
        error: "Not ready: store is down",
        code: "NOT_READY",
        details: { checks: { store: "down", livekit: "ok" } },
      });
    },
  );
});

describe("GET /ready caches its checks (READY_CACHE_MS)", () => {
  it(
    "1,000 probes cost one ListRooms: concurrent probes share one check, and its answer is reused until READY_CACHE_MS passes",
    { timeout: 60_000 },
    async () => {
      let clock = 1_000_000;
      h = await startHarness({ readyCacheMs: 2000, now: () => clock });
      const listRooms = () => h!.standIn.callsTo("ListRooms").length;
      for (let batch = 0; batch < 10; batch += 1) {
        // Plain fetch: the server still checks each answer against the spec (responseValidation: fail).
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) => fetch(`${h!.baseUrl}/ready`, i % 10 === 0 ? { method: "HEAD" } : {})),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 100 }, () => 200));
      }
      expect(listRooms()).toBe(1);
      // LiveKit goes down: the answer of the last check stands until the cache's time is up, then the next probe checks.
      h.standIn.behave("ListRooms", { fail: { code: "unavailable", msg: "down" } });
      clock += 1999;
      expect((await h.request("/ready")).status).toBe(200);
      expect(listRooms()).toBe(1);
      clock += 1;
      const down = await h.request("/ready");
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({
        code: "NOT_READY",
        details: { checks: { store: "ok", livekit: "down" } },
      });
      expect(listRooms()).toBe(2);
      // A failed check is cached the same way (a burst against a LiveKit that is down costs one call too).
      await Promise.all(Array.from({ length: 50 }, () => h!.request("/ready")));
      expect(listRooms()).toBe(2);
      expect(h.violations).toEqual([]);
    },
  );

  it("READY_CACHE_MS=0 checks on every probe", async () => {
    h = await startHarness({ readyCacheMs: 0 });
    for (let i = 0; i < 3; i += 1) expect((await h.request("/ready")).status).toBe(200);
    expect(h.standIn.callsTo("ListRooms")).toHaveLength(3);
  });
});

describe("the contract", () => {
  it("is served as YAML and as JSON, the same document, without a token", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const yamlAnswer = await h.request("/openapi.yaml");
    const jsonAnswer = await h.request("/openapi.json");
    expect(jsonAnswer.headers.get("content-type")).toMatch(/^application\/json/);
    const fromYaml = parse(await yamlAnswer.text()) as Record<string, unknown>;
    expect(await jsonAnswer.json()).toEqual(fromYaml);
    expect(fromYaml).toEqual(parse(readFileSync(specPath, "utf8")));
    expect((await h.request("/openapi.json", { method: "HEAD" })).status).toBe(200);
  });
});

describe("CORS (CORS_ORIGINS)", () => {
  const app = "https://app.example.com";
  const preflight = (origin: string, headers = "authorization, content-type, idempotency-key") =>
    h!.request("/sip/transfer", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": headers },
    });

  it("answers a preflight from an allowed origin before authentication, with the methods and headers a browser app needs", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, corsOrigins: [app, "http://localhost:5173"] });
    const response = await preflight(app);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(app);
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,HEAD,POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    expect(response.headers.get("access-control-max-age")).toBe("600");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("gives another origin's preflight nothing to go on (the browser refuses), and changes nothing for it", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, corsOrigins: [app] });
    const response = await preflight("https://evil.example.com");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-allow-methods")).toBeNull();
    expect(h.standIn.calls).toHaveLength(0);
  });

  it("lets the allowed origin read answers and their headers, errors included", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, corsOrigins: [app] });
    h.seedRoom('{"auth_id":"tenant-a"}');
    const ok = await h.postJson(
      { room_name: "call-room-123", participant_identity: "sip_participant_456", transfer_to: "+15551234567" },
      { headers: { origin: app, authorization: `Bearer ${TENANTS[0]!.secret}` } },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(app);
    expect(ok.headers.get("access-control-expose-headers")).toContain("Location");
    expect(ok.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
    const refused = await h.request("/sip/transfers", { headers: { origin: app } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(app);
    const foreign = await h.request("/health", { headers: { origin: "https://evil.example.com" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("without CORS_ORIGINS a preflight gets a plain refusal and never counts as a failed authentication", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    // More preflights from one address than the failed-authentication limit (20 a minute) allows.
    for (let i = 0; i < 25; i += 1) {
      const response = await preflight(app);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    }
    const answer = await h.request("/sip/transfers", { headers: { authorization: `Bearer ${TENANTS[0]!.secret}` } });
    expect(answer.status).toBe(200);
    expect((await h.request("/sip/transfers")).status).toBe(401);
  });

  it("an OPTIONS without an Origin still ends at CORS (204), never counted as a failed authentication", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, corsOrigins: "*" });
    for (let i = 0; i < 25; i += 1) {
      const response = await h.request("/sip/transfer", { method: "OPTIONS" });
      expect(response.status).toBe(204);
    }
    const answer = await h.request("/sip/transfers", { headers: { authorization: `Bearer ${TENANTS[0]!.secret}` } });
    expect(answer.status).toBe(200);
    expect((await h.request("/sip/transfers")).status).toBe(401);
  });

  it("`*` allows any origin; without CORS_ORIGINS there are no CORS headers at all", async () => {
    h = await startHarness({ corsOrigins: "*" });
    expect((await preflight("https://anywhere.example")).headers.get("access-control-allow-origin")).toBe("*");
    await h.close();
    h = await startHarness();
    const none = await h.request("/health", { headers: { origin: app } });
    expect(none.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("the per-tenant transfer rate limit", () => {
  const transferBody = (participant = "sip_participant_456") => ({
    room_name: "call-room-123",
    participant_identity: participant,
    transfer_to: "+15551234567",
  });

  it("lets a tenant start `limit` transfers per window, then answers 429 RATE_LIMITED with Retry-After and RateLimit headers, sending nothing to LiveKit", async () => {
    h = await startHarness({
      auth: { required: true, secrets: TENANTS },
      transferRateLimit: { limit: 2, windowMs: 60_000 },
    });
    h.seedRoom('{"auth_id":"tenant-a"}');
    const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    const first = await h.postJson(transferBody(), as(TENANTS[0]!.secret));
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toMatch(/^"2-in-60s"; q=2; w=60; pk=:[A-Za-z0-9+/=]+:$/);
    expect(first.headers.get("ratelimit")).toMatch(/^"2-in-60s"; r=1; t=(59|60)/);
    expect((await h.postJson(transferBody("agent_1"), as(TENANTS[0]!.secret))).status).toBe(404); // counts too
    const calls = h.standIn.calls.length;
    const limited = await h.postJson(transferBody(), as(TENANTS[0]!.secret));
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({
      code: "RATE_LIMITED",
      error: expect.stringMatching(/^Too many transfers: 2 per 60 s for this tenant; retry in \d+ s$/),
    });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(limited.headers.get("ratelimit")).toMatch(/^"2-in-60s"; r=0; t=\d+/);
    expect(h.standIn.calls.length).toBe(calls);
    // Another tenant has its own budget; reads are not limited.
    expect((await h.postJson(transferBody("sip_participant_456"), as(TENANTS[1]!.secret))).status).toBe(404);
    expect((await h.request("/sip/transfers", as(TENANTS[0]!.secret))).status).toBe(200);
    expect(h.violations).toEqual([]);
  });

  it("counts anonymous callers per address, and TRANSFER_RATE_LIMIT=0 turns it off", async () => {
    h = await startHarness({ transferRateLimit: { limit: 1, windowMs: 60_000 } });
    h.seedRoom();
    expect((await h.postJson(transferBody())).status).toBe(200);
    const limited = await h.postJson(transferBody());
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: expect.stringContaining("for this address") });
    await h.close();
    h = await startHarness({ transferRateLimit: { limit: 0, windowMs: 60_000 } });
    h.seedRoom();
    for (let i = 0; i < 3; i += 1) expect((await h.postJson(transferBody())).status).toBe(200);
  });
});

describe("GET /metrics", () => {
  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await h!.request("/metrics", { headers });
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  };
  const sample = (text: string, line: string) => {
    const found = text.split("\n").find((l) => l.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };

  it("a transfer the phone declined (500 TRANSFER_FAILED) is an outcome: logged at warn with its SIP status and no stack, not counted as a server error", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { fail: LIVEKIT_TRANSFER_ANSWERS.busy });
    const body = {
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "+15551234567",
    };
    const declined = await h.postJson(body);
    expect(declined.status).toBe(500);
    const requestId = declined.headers.get("x-request-id");
    const line = h.logs().find((l) => (l["req"] as { id?: string } | undefined)?.id === requestId && "res" in l);
    expect(line).toMatchObject({
      level: 40,
      msg: "POST 500",
      outcome: "failed",
      sipStatusCode: 486,
      sipStatus: "Busy Here",
    });
    expect(line).not.toHaveProperty("err");
    expect(JSON.stringify(line)).not.toContain("stack");
    // With an Idempotency-Key the answer is kept, and a retry replays it: both are the outcome too.
    const keyed = { headers: { "idempotency-key": "declined-once" } };
    h.standIn.addRoom({
      name: "room-2",
      participants: [{ identity: "sip_caller_2", kind: "SIP", attributes: { "sip.callStatus": "active" } }],
    });
    const keyedBody = { ...body, room_name: "room-2", participant_identity: "sip_caller_2" };
    expect((await h.postJson(keyedBody, keyed)).status).toBe(500);
    const replayed = await h.postJson(keyedBody, keyed);
    expect(replayed.status).toBe(500);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    const lines = h.logs().filter((l) => l["msg"] === "POST 500");
    expect(lines.map((l) => l["level"])).toEqual([40, 40, 40]);
    // A server-side failure still is one: LiveKit answering a lookup with a proxy's 502.
    h.standIn.behave("ListRooms", { raw: { status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" } });
    expect((await h.postJson(body)).status).toBe(500);
    const { text } = await scrape();
    expect(text).not.toMatch(/^sip_transfer_http_server_errors_total\{[^}]*code="(TRANSFER_FAILED|none)"/m);
    expect(
      sample(
        text,
        'sip_transfer_http_server_errors_total{method="POST",route="/sip/transfer",code="LIVEKIT_UNAVAILABLE"}',
      ),
    ).toBe(1);
    // The request histogram still has both under their HTTP status.
    expect(
      sample(
        text,
        'sip_transfer_http_request_duration_seconds_count{method="POST",route="/sip/transfer",status="500"}',
      ),
    ).toBe(4);
  });

  it("counts requests by route and status, transfers by outcome, LiveKit calls by method, in Prometheus' format", async () => {
    h = await startHarness();
    h.seedRoom();
    await h.client().transfer({
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "+15551234567",
    });
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "permission_denied", msg: "declined", meta: { sip_status_code: "603" } },
    });
    await h
      .client()
      .transfer({
        room_name: "call-room-123",
        participant_identity: "sip_participant_456",
        transfer_to: "+15551234567",
      })
      .catch(() => {});
    await h.request("/sip/transfers/tr_unknown");
    await h.request("/no/such/route/with/a/token-like-part");
    const { status, type, text } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'sip_transfer_transfers_total{outcome="completed"}')).toBe(1);
    expect(sample(text, 'sip_transfer_transfers_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'sip_transfer_transfers_total{outcome="unknown"}')).toBe(0);
    expect(
      sample(
        text,
        'sip_transfer_http_request_duration_seconds_count{method="POST",route="/sip/transfer",status="200"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'sip_transfer_http_request_duration_seconds_count{method="POST",route="/sip/transfer",status="500"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'sip_transfer_http_request_duration_seconds_count{method="GET",route="/sip/transfers/{transfer_id}",status="404"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'sip_transfer_http_request_duration_seconds_count{method="GET",route="other",status="404"}'),
    ).toBe(1);
    expect(
      sample(
        text,
        'sip_transfer_livekit_request_duration_seconds_count{method="TransferSIPParticipant",outcome="completed"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'sip_transfer_livekit_request_duration_seconds_count{method="TransferSIPParticipant",outcome="failed"}',
      ),
    ).toBe(1);
    expect(
      sample(text, 'sip_transfer_livekit_request_duration_seconds_count{method="ListRooms",outcome="found"}'),
    ).toBe(2);
    expect(sample(text, "sip_transfer_transfers_in_flight")).toBe(0);
    expect(text).toContain("sip_transfer_process_resident_memory_bytes");
    // No label carries a room, participant, number or request path.
    expect(text).not.toMatch(/call-room-123|sip_participant_456|15551234567|tr_unknown|token-like-part/);
  });

  it("shows the transfers in flight and webhook attempts by outcome", { timeout: 15_000 }, async () => {
    const { startWebhookReceiver } = await import("@sip-transfer/testkit");
    const receiver = await startWebhookReceiver();
    receiver.answerNext({ status: 500 });
    h = await startHarness({
      transferWaitMs: 0,
      webhooks: {
        targetFor: () => ({ url: receiver.url, secret: "whsec_QUh3Sy3xFsB+BmChJQWf/ulcERHBq9IucQ8XZsJFgck=" }),
        retryDelayMs: 50,
        pollIntervalMs: 20,
      },
    });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 300 });
    await h.client().transfer({
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "+15551234567",
    });
    expect(sample((await scrape()).text, "sip_transfer_transfers_in_flight")).toBe(1);
    await receiver.waitFor(2);
    await expect
      .poll(async () => sample((await scrape()).text, 'sip_transfer_webhook_attempts_total{outcome="delivered"}'))
      .toBe(1);
    expect(sample((await scrape()).text, 'sip_transfer_webhook_attempts_total{outcome="retry"}')).toBe(1);
    await receiver.close();
  });

  it("with METRICS_TOKEN needs that token, and a tenant's token does not open it", async () => {
    const token = SECRETS_IN_TESTS["the metrics token"];
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, metricsToken: token });
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await scrape({ authorization: `Bearer ${TENANTS[0]!.secret}` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect(h.violations).toEqual([]);
  });
});

describe("TRUST_PROXY: whose address the per-address limits count", () => {
  const wrongToken = (forwardedFor: string) => ({
    headers: { authorization: "Bearer not-a-valid-token-0000", "x-forwarded-for": forwardedFor },
  });

  it("without it, X-Forwarded-For is ignored: a client cannot dodge the failed-authentication limit by making up addresses", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS, failureLimit: 2, failureWindowMs: 60_000 } });
    const statuses = [];
    for (const address of ["203.0.113.1", "203.0.113.2", "203.0.113.3"])
      statuses.push((await h.request("/sip/transfers", wrongToken(address))).status);
    expect(statuses).toEqual([401, 401, 429]);
  });

  it("with the proxy trusted (loopback here), each forwarded client has its own count", async () => {
    h = await startHarness({
      auth: { required: true, secrets: TENANTS, failureLimit: 2, failureWindowMs: 60_000 },
      trustProxy: ["loopback"],
    });
    const statuses = [];
    for (const address of ["203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"])
      statuses.push((await h.request("/sip/transfers", wrongToken(address))).status);
    expect(statuses).toEqual([401, 401, 429, 401]);
    // The address the proxy saw last is the client's; what the client put before it is not believed.
    expect((await h.request("/sip/transfers", wrongToken("198.51.100.7, 203.0.113.1"))).status).toBe(429);
    const logged = h
      .logs()
      .filter((line) => line["msg"] === "GET 401")
      .map((line) => (line["req"] as { clientAddress?: string }).clientAddress);
    expect(logged).toContain("203.0.113.2");
  });
});

describe("log levels: one line per request, at the level of what an operator does about it", () => {
  it("a caller's mistake is info; a refused key, a forbidden destination and a rate limit are warn", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    h.seedRoom(JSON.stringify({ auth_id: "tenant-a" }));
    const token = { authorization: `Bearer ${TENANTS[0]!.secret as string}` };
    const levelOf = async (response: Response) => {
      await response.arrayBuffer();
      const id = response.headers.get("x-request-id");
      const line = h!.logs().find((l) => (l["req"] as { id?: string } | undefined)?.id === id && "res" in l);
      return [response.status, line?.["level"]];
    };
    expect(await levelOf(await h.postJson({ ...seedRequest, transfer_to: "abc" }, { headers: token }))).toEqual([
      400, 30,
    ]);
    expect(await levelOf(await h.postJson("{", { headers: token }))).toEqual([400, 30]);
    expect(await levelOf(await h.request("/sip/transfers/tr_missing00000000000000", { headers: token }))).toEqual([
      404, 30,
    ]);
    expect(await levelOf(await h.postJson(seedRequest, { headers: { authorization: "Bearer wrong" } }))).toEqual([
      401, 40,
    ]);
    expect(
      await levelOf(await h.postJson({ ...seedRequest, transfer_to: "+19005551234" }, { headers: token })),
    ).toEqual([403, 40]);
    expect(await levelOf(await h.request("/health"))).toEqual([200, 30]);
  });
});
