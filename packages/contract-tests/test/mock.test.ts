import { readFileSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { SipTransferError, createSipTransferClient } from "@sip-transfer/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/prism.js";
import { createSpecCheckedFetch, loadSpec, responseExamples, specPath } from "@sip-transfer/testkit";

const seedRequest = {
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "+15551234567",
};

const transferExamples = responseExamples(loadSpec()).filter((e) => e.path === "/sip/transfer");

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock();
}, 40_000);
afterAll(async () => {
  await mock?.stop();
});

// Every answer the tests below get through it is held to the contract (status, body, X-Request-Id).
let checked = createSpecCheckedFetch();
afterEach(() => {
  expect(checked.violations).toEqual([]);
  checked = createSpecCheckedFetch();
});

function clientPreferring(prefer?: string) {
  return createSipTransferClient({
    baseUrl: mock.url,
    headers: prefer ? { Prefer: prefer } : {},
    retries: 0,
    fetch: (input, init) => checked.fetch(input, init),
  });
}

const recordExamples = responseExamples(loadSpec()).filter(
  (e) => e.path !== "/sip/transfer" && e.path.startsWith("/sip/"),
);
const WARM_ID = "wt_4fQ2mX9cLp7Rz1Kd8NvB3w";

/** POST /sip/transfer with a raw body (a string is sent as it is, anything else as JSON). */
function post(body: unknown, headers: Record<string, string> = {}) {
  return checked.fetch(`${mock.url}/sip/transfer`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
}

describe("the typed client against the mock (pnpm mock)", () => {
  it("gets the seed's 200 body for the seed's request", async () => {
    await expect(clientPreferring().transfer(seedRequest)).resolves.toEqual({
      transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
      status: "initiated",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
    });
  });

  it.each(transferExamples.filter((e) => e.status === 200).map((e) => [e.name, e] as const))(
    "Prefer: code=200, example=%s resolves to that example",
    async (name, example) => {
      await expect(clientPreferring(`code=200, example=${name}`).transfer(seedRequest)).resolves.toEqual(example.value);
    },
  );

  it.each(transferExamples.filter((e) => e.status !== 200).map((e) => [`${e.status}, example=${e.name}`, e] as const))(
    "Prefer: code=%s rejects with the typed error of that example",
    async (_label, example) => {
      const error = await clientPreferring(`code=${example.status}, example=${example.name}`)
        .transfer(seedRequest)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SipTransferError);
      const body = example.value as { error: string; code: string; details?: unknown };
      expect(error).toMatchObject({
        status: example.status,
        code: body.code,
        message: body.error,
        details: body.details,
      });
      expect((error as SipTransferError).requestId).toBeTruthy();
    },
  );

  it("answers a request that breaks the contract with an error, loudly (--errors)", async () => {
    const bad = { ...seedRequest, unknown_field: true } as unknown as typeof seedRequest;
    const error = await clientPreferring()
      .transfer(bad)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipTransferError);
    // The spec's 400, not its 422 (which means an Idempotency-Key reused).
    expect(error).toMatchObject({
      status: 400,
      code: "INVALID_REQUEST",
      message: "Invalid request: unknown_field is not a known field",
    });
  });

  it.each(recordExamples.map((e) => [`${e.method.toUpperCase()} ${e.path} ${e.status} ${e.name}`, e] as const))(
    "%s reaches the typed client",
    async (_label, example) => {
      const client = clientPreferring(`code=${example.status}, example=${example.name}`);
      const calls: Record<string, () => Promise<unknown>> = {
        "/sip/transfers": () => client.listTransfers({ limit: 5 }),
        "/sip/transfers/{transfer_id}": () => client.getTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ"),
        "/sip/warm-transfers": () =>
          example.method === "post"
            ? client.warmTransfer({ ...seedRequest, agent_identity: "agent_1" })
            : client.listWarmTransfers({ limit: 5 }),
        "/sip/warm-transfers/{warm_transfer_id}": () => client.getWarmTransfer(WARM_ID),
        "/sip/warm-transfers/{warm_transfer_id}/complete": () => client.completeWarmTransfer(WARM_ID),
        "/sip/warm-transfers/{warm_transfer_id}/cancel": () => client.cancelWarmTransfer(WARM_ID),
      };
      const call = calls[example.path]!();
      if (example.status < 300) {
        await expect(call).resolves.toEqual(example.value);
      } else {
        const body = example.value as { error: string; code: string };
        await expect(call).rejects.toMatchObject({ status: example.status, code: body.code, message: body.error });
      }
    },
  );

  describe("robust against what a frontend may send by mistake", () => {
    it.each([
      ["a truncated object", '{"room_name": "call-room-123", "participant_identity"'],
      ["not JSON at all", "room_name=call-room-123"],
      ["a trailing comma", '{"room_name": "call-room-123",}'],
    ])("answers malformed JSON (%s) at once with the documented 400 INVALID_REQUEST", async (_case, body) => {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
    });

    it("survives a field name outside Latin-1 (it used to crash the mock), answering 400, and keeps serving", async () => {
      const response = await post({ ...seedRequest, 名前: "x", "emoji😀": 1 });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: "INVALID_REQUEST",
        details: {
          issues: [
            { path: "/body/名前", message: "is not a known field" },
            { path: "/body/emoji😀", message: "is not a known field" },
          ],
        },
      });
      await expect(clientPreferring().transfer(seedRequest)).resolves.toMatchObject({ status: "initiated" });
    });
  });
});

// Issue 19: every invalid request got the spec's first 400 example, "room_name must not be empty".
describe("an invalid request is told what is wrong with it, as the server tells it", () => {
  it.each([
    ["malformed JSON", '{"room_name": "call-room-123",', "Invalid request: the body is not valid JSON", undefined],
    [
      "an unknown field",
      { ...seedRequest, priority: "high" },
      "Invalid request: priority is not a known field",
      [{ path: "/body/priority", message: "is not a known field" }],
    ],
    [
      "a field of the wrong type",
      { ...seedRequest, room_name: 7 },
      "Invalid request: room_name must be a string",
      [{ path: "/body/room_name", message: "must be a string" }],
    ],
    [
      "a missing field",
      { room_name: "call-room-123", participant_identity: "sip_participant_456" },
      "Invalid request: transfer_to is required",
      [{ path: "/body/transfer_to", message: "is required" }],
    ],
    [
      "an empty field",
      { ...seedRequest, participant_identity: "  " },
      "Invalid request: participant_identity must not be empty",
      [{ path: "/body/participant_identity", message: "must not be empty" }],
    ],
    [
      "an empty object",
      {},
      "Invalid request: room_name is required; participant_identity is required; transfer_to is required",
      [
        { path: "/body/room_name", message: "is required" },
        { path: "/body/participant_identity", message: "is required" },
        { path: "/body/transfer_to", message: "is required" },
      ],
    ],
    [
      "an array",
      [seedRequest],
      "Invalid request: body must be a JSON object",
      [{ path: "/body", message: "must be a JSON object" }],
    ],
    [
      "an option out of range",
      { ...seedRequest, ringing_timeout: 0 },
      "Invalid request: ringing_timeout must be >= 1",
      [{ path: "/body/ringing_timeout", message: "must be >= 1" }],
    ],
    [
      "a SIP header of the wrong type",
      { ...seedRequest, headers: { "X-Case-Id": 4711 } },
      "Invalid request: headers/X-Case-Id must be a string",
      [{ path: "/body/headers/X-Case-Id", message: "must be a string" }],
    ],
  ])("POST /sip/transfer with %s: 400 naming it", async (_case, body, error, issues) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error,
      code: "INVALID_REQUEST",
      ...(issues ? { details: { issues } } : {}),
    });
  });

  it("names a malformed Idempotency-Key header first, then the body's problems", async () => {
    const response = await post({ room_name: "" }, { "Idempotency-Key": "x".repeat(300) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error:
        "Invalid request: header idempotency-key must be 1 to 255 printable ASCII characters; participant_identity is required; transfer_to is required; room_name must not be empty",
      code: "INVALID_REQUEST",
      details: {
        issues: [
          { path: "/headers/idempotency-key", message: "must be 1 to 255 printable ASCII characters" },
          { path: "/body/participant_identity", message: "is required" },
          { path: "/body/transfer_to", message: "is required" },
          { path: "/body/room_name", message: "must not be empty" },
        ],
      },
    });
  });

  it("no body at all: 400, the body is required", async () => {
    const response = await checked.fetch(`${mock.url}/sip/transfer`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "Invalid request: the body must be a JSON object",
      code: "INVALID_REQUEST",
      details: { issues: [{ path: "/body", message: "is required" }] },
    });
  });

  it("a body that is not JSON: 415 naming its content type", async () => {
    const response = await post("<transfer/>", { "content-type": "application/xml" });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: "Unsupported content type 'application/xml': send the body as application/json",
      code: "UNSUPPORTED_MEDIA_TYPE",
    });
  });

  it("a body over 16 KiB: 413", async () => {
    const response = await post({ ...seedRequest, room_name: "r".repeat(17 * 1024) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: "Request body is larger than 16384 bytes",
      code: "PAYLOAD_TOO_LARGE",
    });
  });

  it.each([
    [
      "limit=0",
      "Invalid request: query parameter limit must be >= 1",
      [{ path: "/query/limit", message: "must be >= 1" }],
    ],
    [
      "limit=ten",
      "Invalid request: query parameter limit must be integer",
      [{ path: "/query/limit", message: "must be integer" }],
    ],
    [
      "status=done",
      "Invalid request: query parameter status must be equal to one of the allowed values: initiated, completed, failed, unknown",
      [
        {
          path: "/query/status",
          message: "must be equal to one of the allowed values: initiated, completed, failed, unknown",
        },
      ],
    ],
    [
      "room=call-room-123",
      "Invalid request: query parameter room Unknown query parameter 'room'",
      [{ path: "/query/room", message: "Unknown query parameter 'room'" }],
    ],
  ])("GET /sip/transfers?%s: 400 naming the parameter", async (query, error, issues) => {
    const response = await checked.fetch(`${mock.url}/sip/transfers?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error, code: "INVALID_REQUEST", details: { issues } });
  });

  it("a valid query still gets the documented page", async () => {
    const response = await checked.fetch(`${mock.url}/sip/transfers?limit=5&status=completed&api_key=k`);
    expect(response.status).toBe(200);
  });

  it("its answers carry CORS headers like the forwarded ones, so a browser can read them", async () => {
    const response = await post({}, { Origin: "http://localhost:5173" });
    expect(response.status).toBe(400);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });

  it("echoes a well-formed X-Request-Id, on its own answers and Prism's", async () => {
    const refused = await post({}, { "X-Request-Id": "frontend-req-1" });
    expect(refused.headers.get("x-request-id")).toBe("frontend-req-1");
    const answered = await post(seedRequest, { "X-Request-Id": "frontend-req-2" });
    expect(answered.status).toBe(200);
    expect(answered.headers.get("x-request-id")).toBe("frontend-req-2");
  });
});

// Issue 19: Prism sent `Idempotent-Replayed: true` on every answer, a first one too.
describe("Idempotency-Key: Idempotent-Replayed only on a replay", () => {
  let keys = 0;
  const newKey = () => `mock-test-${process.pid}-${(keys += 1)}`;

  it("a first request, with or without a key, is not a replay", async () => {
    const withKey = await post(seedRequest, { "Idempotency-Key": newKey() });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get("idempotent-replayed")).toBeNull();
    const withoutKey = await post(seedRequest);
    expect(withoutKey.status).toBe(200);
    expect(withoutKey.headers.get("idempotent-replayed")).toBeNull();
  });

  it("the same key with the same body (in any order, the key quoted or not) gets the first answer again, replayed", async () => {
    const key = newKey();
    const first = await post(seedRequest, { "Idempotency-Key": key, Prefer: "code=200, example=completed" });
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const firstBody: unknown = await first.json();
    const reordered = JSON.stringify({
      transfer_to: seedRequest.transfer_to,
      participant_identity: seedRequest.participant_identity,
      room_name: seedRequest.room_name,
    });
    for (const sent of [key, `"${key}"`]) {
      const again = await post(reordered, { "Idempotency-Key": sent });
      expect(again.status).toBe(200);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(again.headers.get("location")).toBe(first.headers.get("location"));
      expect(await again.json()).toEqual(firstBody);
    }
  });

  it("a transfer that failed (500 TRANSFER_FAILED) is kept and replayed too", async () => {
    const key = newKey();
    const first = await post(seedRequest, { "Idempotency-Key": key, Prefer: "code=500, example=transfer_failed" });
    expect(first.status).toBe(500);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post(seedRequest, { "Idempotency-Key": key });
    expect(again.status).toBe(500);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toMatchObject({ code: "TRANSFER_FAILED" });
  });

  it("a refused request does not use the key up", async () => {
    const key = newKey();
    const refused = await post(seedRequest, { "Idempotency-Key": key, Prefer: "code=404, example=room_not_found" });
    expect(refused.status).toBe(404);
    const invalid = await post({ ...seedRequest, room_name: "" }, { "Idempotency-Key": key });
    expect(invalid.status).toBe(400);
    const answered = await post(seedRequest, { "Idempotency-Key": key });
    expect(answered.status).toBe(200);
    expect(answered.headers.get("idempotent-replayed")).toBeNull();
  });

  it("the same key with another body: 422 IDEMPOTENCY_KEY_REUSED", async () => {
    const key = newKey();
    expect((await post(seedRequest, { "Idempotency-Key": key })).status).toBe(200);
    const reused = await post({ ...seedRequest, transfer_to: "+15557654321" }, { "Idempotency-Key": key });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toEqual({
      error: "This Idempotency-Key was already used with another request body",
      code: "IDEMPOTENCY_KEY_REUSED",
    });
  });

  it("keys are per token: another token's same key is not a replay", async () => {
    const key = newKey();
    await post(seedRequest, { "Idempotency-Key": key, Authorization: "Bearer tenant-a" });
    const other = await post(seedRequest, { "Idempotency-Key": key, Authorization: "Bearer tenant-b" });
    expect(other.status).toBe(200);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
  });

  it("requests sent together with one key: one is answered, each other one waits (409) or is a replay", async () => {
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post(seedRequest, { "Idempotency-Key": key, "X-Request-Id": key })),
    );
    const firsts = answers.filter((a) => a.status === 200 && a.headers.get("idempotent-replayed") === null);
    expect(firsts).toHaveLength(1);
    for (const answer of answers) {
      if (answer.status === 409) {
        expect(answer.headers.get("retry-after")).toBe("1");
        expect(await answer.json()).toMatchObject({ code: "IDEMPOTENCY_KEY_IN_USE" });
      } else {
        expect(answer.status).toBe(200);
      }
    }
  });
});

// Issue 19: both answered a Prism 500.
describe("the mock forwards to its own Prism only", () => {
  it("a path that reads as another host (/.//host/…) never reaches that host, nor takes the caller's token there", async () => {
    const seen: string[] = [];
    const internal = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? ""}`);
      res.end("internal secret");
    });
    await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
    const port = (internal.address() as AddressInfo).port;
    try {
      for (const path of [
        `/.//127.0.0.1:${port}/secret`,
        `/%2e//127.0.0.1:${port}/secret`,
        `//127.0.0.1:${port}/secret`,
      ]) {
        // A raw request line: fetch would normalise the path first.
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = httpRequest(`${mock.url}/`, {
            path,
            headers: { authorization: "Bearer a-token-of-someone" },
          });
          request.on("response", (response) => {
            let body = "";
            response.on("data", (chunk: Buffer) => (body += chunk.toString()));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
          });
          request.on("error", reject);
          request.end();
        });
        expect(answer.body, path).not.toContain("internal secret");
      }
      expect(seen).toEqual([]);
    } finally {
      internal.close();
    }
  });
});

describe("the contract documents itself", () => {
  const text = readFileSync(specPath, "utf8");

  it("GET /openapi.yaml is the spec file", async () => {
    const response = await checked.fetch(`${mock.url}/openapi.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(await response.text()).toBe(text);
  });

  it("GET /openapi.json is the same document as JSON", async () => {
    const response = await checked.fetch(`${mock.url}/openapi.json?v=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(loadSpec());
  });

  it.each(["/openapi.yaml", "/openapi.json"])("HEAD %s: 200 without a body", async (path) => {
    const response = await checked.fetch(`${mock.url}${path}`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });
});

// Last in this file: it stops the mock the tests above share.
describe("stopping the mock", () => {
  it("leaves nothing running: its port and Prism's refuse connections", async () => {
    await mock.stop();
    await expect(fetch(`${mock.url}/health`)).rejects.toThrow();
    await expect(fetch(`${mock.prismUrl}/health`)).rejects.toThrow();
  });

  it("a mock killed outright (SIGKILL) takes its Prism with it", async () => {
    const killed = await startMock();
    expect((await fetch(`${killed.prismUrl}/health`)).status).toBe(200);
    await killed.kill("SIGKILL");
    await expect(fetch(`${killed.url}/health`)).rejects.toThrow();
    const deadline = Date.now() + 10_000;
    let prismAnswers = true;
    while (prismAnswers && Date.now() < deadline) {
      prismAnswers = await fetch(`${killed.prismUrl}/health`).then(
        () => true,
        () => false,
      );
      if (prismAnswers) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(prismAnswers).toBe(false);
  }, 50_000);
});
