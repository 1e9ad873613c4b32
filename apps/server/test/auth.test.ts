import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { type Harness, TENANTS, failureOf, seedRequest, startHarness } from "./harness.js";
import { SECRETS_IN_TESTS } from "./secrets.js";

const [a] = TENANTS as [(typeof TENANTS)[0]];
let h: Harness;
afterEach(async () => {
  expect(h.violations).toEqual([]);
  await h.close();
});

async function start(auth: { required: boolean; secrets: typeof TENANTS }) {
  h = await startHarness({ auth });
  h.seedRoom(JSON.stringify({ auth_id: a.id }));
  h.standIn.addRoom({
    name: "open-room",
    metadata: "",
    participants: [{ identity: "sip_participant_456", kind: "SIP" }],
  });
}

describe("AUTH_REQUIRED=true", () => {
  it("401 UNAUTHORIZED with WWW-Authenticate: Bearer without a token, before anything else", async () => {
    await start({ required: true, secrets: TENANTS });
    const response = await h.postJson({ ...seedRequest, transfer_to: "abc" });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe("Bearer");
    expect(await response.json()).toEqual({ error: "A valid API token is required", code: "UNAUTHORIZED" });
    expect(h.standIn.calls).toHaveLength(0);
  });

  it.each([
    ["a wrong Bearer token", { authorization: "Bearer nope" }, ""],
    ["an empty Bearer token", { authorization: "Bearer " }, ""],
    ["another scheme", { authorization: `Basic ${btoa(`x:${a.secret}`)}` }, ""],
    ["a wrong api_key", {}, "?api_key=nope"],
    ["an empty api_key", {}, "?api_key="],
    ["a prefix of a secret", { authorization: `Bearer ${a.secret.slice(0, -1)}` }, ""],
  ])("401 for %s", async (_label, headers, query) => {
    await start({ required: true, secrets: TENANTS });
    const response = await h.postJson(seedRequest, { headers }, `/sip/transfer${query}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("accepts the token as Authorization: Bearer (through the client)", async () => {
    await start({ required: true, secrets: TENANTS });
    await expect(h.client(a.secret).transfer(seedRequest)).resolves.toMatchObject({ status: "completed" });
  });

  it("accepts the token as ?api_key=", async () => {
    await start({ required: true, secrets: TENANTS });
    const response = await h.postJson(seedRequest, {}, `/sip/transfer?api_key=${encodeURIComponent(a.secret)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "completed" });
  });

  it("the api_key token is bound to its tenant like the Bearer one", async () => {
    await start({ required: true, secrets: TENANTS });
    const response = await h.postJson(seedRequest, {}, `/sip/transfer?api_key=${TENANTS[1]!.secret}`);
    expect(response.status).toBe(404);
  });

  it("GET /health and GET /openapi.yaml never need a token", async () => {
    await start({ required: true, secrets: TENANTS });
    const health = await h.request("/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const spec = await h.request("/openapi.yaml");
    expect(spec.status).toBe(200);
    expect(spec.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(await spec.text()).toContain("/sip/transfer:");
  });
});

describe("AUTH_REQUIRED=false", () => {
  it("with secrets configured: no token is anonymous (any room), a wrong token is 401, a right one binds the tenant", async () => {
    await start({ required: false, secrets: TENANTS });
    await expect(h.client().transfer({ ...seedRequest, room_name: "open-room" })).resolves.toMatchObject({
      status: "completed",
    });
    await expect(h.client().transfer(seedRequest)).resolves.toMatchObject({ status: "completed" });
    await expect(failureOf(h.client("wrong").transfer(seedRequest))).resolves.toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
    });
    await expect(h.client(a.secret).transfer(seedRequest)).resolves.toMatchObject({ status: "completed" });
    await expect(
      failureOf(h.client(a.secret).transfer({ ...seedRequest, room_name: "open-room" })),
    ).resolves.toMatchObject({
      status: 404,
      code: "ROOM_NOT_FOUND",
    });
  });

  it("without secrets: tokens are ignored and every room is allowed (compatible mode)", async () => {
    await start({ required: false, secrets: [] });
    await expect(h.client("anything").transfer(seedRequest)).resolves.toMatchObject({ status: "completed" });
    const response = await h.postJson({ ...seedRequest, room_name: "open-room" }, {}, "/sip/transfer?api_key=whatever");
    expect(response.status).toBe(200);
  });
});

describe("secrets never reach the logs", () => {
  it("neither the Authorization header nor api_key appear in any log line", async () => {
    await start({ required: true, secrets: TENANTS });
    await h.client(a.secret).transfer(seedRequest);
    await h.postJson(seedRequest, {}, `/sip/transfer?api_key=${a.secret}&x=1`);
    await h.postJson(seedRequest, { headers: { authorization: "Bearer wrong-token-123" } });
    await h.postJson(seedRequest, {}, "/sip/transfer?api_key=wrong-key-456");
    const text = h.logLines.join("\n");
    expect(h.logLines.length).toBeGreaterThan(3);
    for (const secret of [a.secret, TENANTS[1]!.secret, "wrong-token-123", "wrong-key-456"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain("api_key");
    expect(text).toContain('"url":"/sip/transfer"');
  });
});

describe("X-Request-Id", () => {
  it("is on every response, echoing a well-formed incoming id", async () => {
    await start({ required: true, secrets: TENANTS });
    const own = await h.request("/health", { headers: { "x-request-id": "trace-123" } });
    expect(own.headers.get("x-request-id")).toBe("trace-123");
    const made = await h.request("/health", { headers: { "x-request-id": "bad id with spaces" } });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    for (const response of [
      await h.postJson(seedRequest),
      await h.request("/nope"),
      await h.request("/health", { method: "DELETE" }),
    ]) {
      expect(response.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("unknown routes and methods answer in the error body shape", async () => {
    await start({ required: false, secrets: [] });
    const missing = await h.request("/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "No such route", code: "NOT_FOUND" });
    const method = await h.request("/sip/transfer", { method: "GET" });
    expect(method.status).toBe(405);
    expect(await method.json()).toMatchObject({ code: "METHOD_NOT_ALLOWED" });
  });
});

describe("routing is exact", () => {
  it("does not treat /SIP/TRANSFER or /sip/transfer/ as /sip/transfer", async () => {
    await start({ required: false, secrets: [] });
    for (const path of ["/SIP/TRANSFER", "/sip/transfer/"]) {
      const response = await h.postJson(seedRequest, {}, path);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(h.standIn.calls).toHaveLength(0);
  });

  it("rejects unknown query parameters like unknown body fields", async () => {
    await start({ required: false, secrets: [] });
    const response = await h.postJson(seedRequest, {}, "/sip/transfer?dry_run=1");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "INVALID_REQUEST",
      details: { issues: [{ path: "/query/dry_run" }] },
    });
  });
});

describe("rotating a tenant's key", () => {
  it('"secret": ["new", "old"] lets either key in as the same tenant, so clients can move one at a time', async () => {
    const next = SECRETS_IN_TESTS["tenant-a's next API secret (a key rotation)"];
    const config = loadConfig({
      AUTH_API_SECRETS_JSON: JSON.stringify([
        { id: a.id, secret: [next, a.secret] },
        { id: "tenant-b", secret: TENANTS[1]!.secret },
      ]),
    });
    h = await startHarness({ auth: config.auth });
    h.seedRoom(JSON.stringify({ auth_id: a.id }));
    const started = await h.client(a.secret).transfer(seedRequest);
    // The same tenant under either key: the new key reads what the old one started.
    await expect(h.client(next).getTransfer(started.transfer_id)).resolves.toMatchObject({
      transfer_id: started.transfer_id,
    });
    expect((await h.client(next).listTransfers()).transfers).toHaveLength(1);
    // Another tenant still sees nothing of it.
    expect((await failureOf(h.client(TENANTS[1]!.secret).getTransfer(started.transfer_id))).status).toBe(404);
    // Once the old key is dropped from the list, it is refused.
    await h.close();
    h = await startHarness({
      auth: loadConfig({ AUTH_API_SECRETS_JSON: JSON.stringify([{ id: a.id, secret: next }]) }).auth,
    });
    expect((await failureOf(h.client(a.secret).listTransfers())).status).toBe(401);
    expect((await h.client(next).listTransfers()).transfers).toEqual([]);
  });
});
