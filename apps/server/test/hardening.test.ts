import { afterEach, describe, expect, it, vi } from "vitest";
import { type Harness, TENANTS, seedRequest, startHarness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

describe("what load balancers send to the public routes", () => {
  it.each([
    ["HEAD", "/health"],
    ["HEAD", "/openapi.yaml"],
    ["GET", "/health?probe=1"],
    ["HEAD", "/health?probe=1&lb=eu-1"],
    ["GET", "/openapi.yaml?v=2"],
    ["HEAD", "/ready"],
    ["HEAD", "/openapi.json"],
  ])("%s %s answers 200 without a token, even when tokens are required", async (method, path) => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const response = await h.request(path, { method });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    if (method === "HEAD") expect(await response.text()).toBe("");
  });

  it("API routes still refuse unknown query parameters", async () => {
    h = await startHarness();
    expect((await h.request("/sip/transfers?probe=1")).status).toBe(400);
  });
});

describe("the edges of the request check", () => {
  it("HEAD only where the spec has it: 405 with Allow on the API's GET routes, nothing logged as a broken answer", async () => {
    h = await startHarness();
    for (const path of ["/sip/transfers", "/sip/transfers/tr_AAAAAAAAAAAAAAAAAAAAAA"]) {
      const response = await h.request(path, { method: "HEAD" });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET");
    }
    expect(h.logs().filter((line) => String(line["msg"]).includes("does not match spec"))).toEqual([]);
  });

  it("a path parameter that is not valid percent-encoding is 400, not 500", async () => {
    h = await startHarness();
    const response = await h.request("/sip/transfers/%ZZ");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
  });

  it("a JSON body sent as another media type (application/merge-patch+json) is 415, as the spec takes application/json only", async () => {
    h = await startHarness();
    h.seedRoom();
    const response = await h.postJson(seedRequest, { headers: { "content-type": "application/merge-patch+json" } });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(h.standIn.calls).toEqual([]);
  });
});

describe("answers are never sniffed or cached", () => {
  it("every answer, success or error, carries nosniff and no-store", async () => {
    h = await startHarness();
    h.seedRoom();
    const answers = [
      await h.request("/health"),
      await h.postJson(seedRequest),
      await h.postJson({ ...seedRequest, transfer_to: "abc" }),
      await h.request("/sip/transfers"),
      await h.request("/nowhere"),
    ];
    for (const response of answers) {
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      expect(response.headers.get("cache-control"), response.url).toBe("no-store");
    }
  });
});

describe("conflicting credentials", () => {
  const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
  it.each([
    ["a Bearer token and an api_key (two tenants)", { authorization: `Bearer ${a.secret}` }, `?api_key=${b.secret}`],
    ["a Bearer token and the same token as api_key", { authorization: `Bearer ${a.secret}` }, `?api_key=${a.secret}`],
    ["two api_key values", {}, `?api_key=${a.secret}&api_key=${b.secret}`],
  ])("401 for %s, whatever the mode", async (_label, headers, query) => {
    for (const required of [true, false]) {
      h = await startHarness({ auth: { required, secrets: TENANTS } });
      const response = await h.postJson(seedRequest, { headers }, `/sip/transfer${query}`);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: "Send one API token, in the Authorization header or in api_key, not several",
        code: "UNAUTHORIZED",
      });
      expect(h.standIn.calls).toHaveLength(0);
      await h.close();
    }
    h = await startHarness();
  });

  it("401 for two Authorization headers", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const { connect } = await import("node:net");
    const port = Number(new URL(h.baseUrl).port);
    const status = await new Promise<number>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () =>
        socket.write(
          `GET /sip/transfers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${a.secret}\r\nAuthorization: Bearer ${b.secret}\r\nConnection: close\r\n\r\n`,
        ),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1])));
      socket.on("error", reject);
    });
    expect(status).toBe(401);
  });
});

describe("Content-Encoding", () => {
  it("decodes gzip, deflate and br bodies; refuses what does not decode with 400, never 500", async () => {
    const { brotliCompressSync, deflateSync, gzipSync } = await import("node:zlib");
    h = await startHarness();
    h.seedRoom();
    const json = JSON.stringify(seedRequest);
    const send = (encoding: string, body: Buffer) =>
      h.request("/sip/transfer", {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": encoding },
        body: new Uint8Array(body),
      });
    for (const [encoding, body] of [
      ["gzip", gzipSync(json)],
      ["deflate", deflateSync(json)],
      ["br", brotliCompressSync(json)],
    ] as const) {
      expect((await send(encoding, body)).status, encoding).toBe(200);
    }
    for (const encoding of ["gzip", "deflate", "br"]) {
      const response = await send(encoding, Buffer.from("this is not compressed"));
      expect(response.status, encoding).toBe(400);
      expect(await response.json()).toEqual({
        error: "Invalid request: the body could not be decoded as its Content-Encoding says",
        code: "INVALID_REQUEST",
      });
    }
    expect(h.logs().filter((line) => Number(line["level"]) >= 50)).toEqual([]);
  });

  it("applies the size limit to the decoded body (a small gzip bomb is 413)", async () => {
    const { gzipSync } = await import("node:zlib");
    h = await startHarness();
    const bomb = gzipSync(Buffer.alloc(10_000_000, 32));
    expect(bomb.length).toBeLessThan(20_000);
    const response = await h.request("/sip/transfer", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: bomb,
    });
    expect(response.status).toBe(413);
  });

  it("an encoding it does not know is 415", async () => {
    h = await startHarness();
    const response = await h.request("/sip/transfer", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "compress" },
      body: "x",
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
  });
});

describe("answers stay small", () => {
  it("1,700 unknown fields: the first 20 issues, a count, a short message", async () => {
    h = await startHarness();
    const body = { ...seedRequest, ...Object.fromEntries(Array.from({ length: 1700 }, (_, i) => [`k${i}`, 1])) };
    const response = await h.postJson(body);
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(3000);
    const answer = JSON.parse(text) as { error: string; details: { issues: unknown[]; issue_count: number } };
    expect(answer.details.issues).toHaveLength(20);
    expect(answer.details.issue_count).toBe(1700);
    expect(answer.error).toMatch(/^Invalid request: k0 is not a known field; .*; and 1695 more$/);
  });

  it("a field name of kilobytes is cut in the answer", async () => {
    h = await startHarness();
    const response = await h.postJson({ ...seedRequest, ["x".repeat(10_000)]: 1 });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(500);
  });
});

describe("upstream text never reaches a client", () => {
  const internal = "10.20.30.40";
  it.each([
    [
      "a Twirp error's message",
      "TransferSIPParticipant",
      { fail: { code: "internal" as const, msg: `dial tcp ${internal}:5060: connection refused` } },
      500,
    ],
    [
      "a proxy's HTML page on the transfer",
      "TransferSIPParticipant",
      { raw: { status: 502, body: `<html>upstream ${internal} down</html>`, contentType: "text/html" } },
      200,
    ],
    [
      "a proxy's HTML page on a lookup",
      "ListRooms",
      { raw: { status: 502, body: `<html>upstream ${internal} down</html>`, contentType: "text/html" } },
      500,
    ],
    [
      "a SIP reason that is not a reason phrase",
      "TransferSIPParticipant",
      {
        fail: {
          code: "internal" as const,
          msg: "x",
          meta: { sip_status_code: "500", sip_status: `<html>${internal}</html>${"x".repeat(100)}` },
        },
      },
      500,
    ],
  ] as const)("%s stays in the log", async (_label, method, behaviour, status) => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave(method, behaviour);
    const response = await h.postJson(seedRequest);
    const text = await response.text();
    expect(response.status).toBe(status);
    expect(text).not.toContain(internal);
    expect(text).not.toContain("html");
    const id = JSON.parse(text) as { transfer_id?: string; details?: { transfer_id?: string } };
    const transferId = id.transfer_id ?? id.details?.transfer_id;
    if (transferId) expect(await (await h.request(`/sip/transfers/${transferId}`)).text()).not.toContain(internal);
    expect(h.logLines.join("\n")).toContain(internal);
  });

  it("a SIP reason phrase passes through", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "resource_exhausted", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const response = await h.postJson(seedRequest);
    expect(await response.json()).toMatchObject({
      error: "SIP transfer failed: 486 Busy Here",
      details: { sip_status_code: 486, sip_status: "Busy Here" },
    });
  });
});

describe("failed authentications are rate-limited per client address", () => {
  const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
  const get = (authorization?: string) =>
    h!.request("/sip/transfers", authorization ? { headers: { authorization } } : {});
  it("past the limit further failed attempts answer 429 RATE_LIMITED with Retry-After; public routes still answer", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS, failureLimit: 3, failureWindowMs: 60_000 } });
    h.seedRoom(JSON.stringify({ auth_id: a.id }));
    // Successes do not count.
    for (let i = 0; i < 5; i += 1) expect((await get(`Bearer ${a.secret}`)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await get("Bearer wrong-token-123")).status).toBe(401);
    for (const authorization of ["Bearer wrong-token-123", "Bearer another-wrong-token", undefined]) {
      const limited = await get(authorization);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(await limited.json()).toEqual({
        error: "Too many failed authentications from this address; retry later",
        code: "RATE_LIMITED",
      });
    }
    expect((await h.request("/health")).status).toBe(200);
    expect(h.standIn.calls).toHaveLength(0);
  });

  it("never refuses a valid token: 20 wrong tokens from an address (the default limit) do not lock out its tenants", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    for (let i = 0; i < 20; i += 1) expect((await get(`Bearer wrong-token-${i}`)).status).toBe(401);
    expect((await get("Bearer wrong-token-20")).status).toBe(429);
    // Same address, still inside the window: every tenant with its valid token is served.
    for (const tenant of [a, b, a]) {
      const served = await get(`Bearer ${tenant.secret}`);
      expect(served.status).toBe(200);
      expect(served.headers.get("retry-after")).toBeNull();
    }
    expect((await h.request(`/sip/transfers?api_key=${encodeURIComponent(b.secret)}`)).status).toBe(200);
    // ...while the guessing stays refused.
    expect((await get("Bearer wrong-token-21")).status).toBe(429);
    expect(h.violations).toEqual([]);
  });

  it("the window ends and the address may try again", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS, failureLimit: 1, failureWindowMs: 60_000 } });
    // The limiter reads its window from the clock (Date): a frozen one, moved on by the test.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const start = Date.now();
      expect((await get("Bearer wrong-token-123")).status).toBe(401);
      expect((await get("Bearer wrong-token-123")).status).toBe(429);
      vi.setSystemTime(start + 59_999);
      const refused = await get("Bearer wrong-token-123");
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("1");
      vi.setSystemTime(start + 60_000);
      expect((await get("Bearer wrong-token-123")).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("a secret in any query parameter stays out of logs and answers", () => {
  const [a] = TENANTS as [(typeof TENANTS)[0]];
  it.each(["API_KEY", "api_key[]", "Api_Key", "token"])("?%s=<secret>", async (name) => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    for (const path of [
      `/sip/transfers?${encodeURIComponent(name)}=${a.secret}`,
      `/sip/transfer?${encodeURIComponent(name)}=${a.secret}`,
    ]) {
      const response = await h.request(path, {
        method: path.endsWith("transfers") || path.includes("transfers?") ? "GET" : "POST",
      });
      expect(await response.text()).not.toContain(a.secret);
    }
    expect(h.logLines.length).toBeGreaterThan(1);
    expect(h.logLines.join("\n")).not.toContain(a.secret);
  });
});
