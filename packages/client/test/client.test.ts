import { afterEach, describe, expect, it, vi } from "vitest";
import { SipTransferError, createSipTransferClient } from "../src/index.js";

const body = {
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "+15551234567",
};

type Answer = (request: Request) => Response | Promise<Response>;

function clientAnswering(answer: Answer, token?: string, options: { retries?: number; timeoutMs?: number } = {}) {
  const seen: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request);
    return answer(request);
  };
  return { client: createSipTransferClient({ baseUrl: "http://sip.test/", token, fetch, ...options }), seen };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req-1", ...headers },
  });

describe("createSipTransferClient().transfer", () => {
  it("POSTs the body as JSON to /sip/transfer and resolves to the 200 body", async () => {
    const ok = {
      transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
      status: "initiated",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
    };
    const { client, seen } = clientAnswering(() => json(200, ok));
    await expect(client.transfer(body)).resolves.toEqual(ok);
    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://sip.test/sip/transfer");
    expect(request.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await request.json()).toEqual(body);
    expect(request.headers.get("authorization")).toBeNull();
  });

  it("sends the token as a Bearer header", async () => {
    const { client, seen } = clientAnswering(
      () =>
        json(200, {
          transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
          status: "completed",
          room_name: "r",
          participant_identity: "p",
          transfer_to: "tel:1234",
        }),
      "s3cret",
    );
    await client.transfer(body);
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer s3cret");
  });

  it("rejects with SipTransferError carrying status, code, message, details and request id", async () => {
    const { client } = clientAnswering(() =>
      json(500, {
        error: "SIP transfer failed: 486 Busy Here",
        code: "TRANSFER_FAILED",
        details: { sip_status_code: 486, sip_status: "Busy Here" },
      }),
    );
    const error = await client.transfer(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipTransferError);
    expect(error).toMatchObject({
      name: "SipTransferError",
      status: 500,
      code: "TRANSFER_FAILED",
      message: "SIP transfer failed: 486 Busy Here",
      details: { sip_status_code: 486, sip_status: "Busy Here" },
      requestId: "req-1",
    });
  });

  it.each([
    ["an empty body", () => new Response(null, { status: 502, statusText: "Bad Gateway" })],
    [
      "an empty body with Content-Length 0",
      () => new Response("", { status: 503, headers: { "content-length": "0" } }),
    ],
    [
      "an HTML body",
      () => new Response("<html>proxy error</html>", { status: 504, headers: { "content-type": "text/html" } }),
    ],
    ["a JSON body of another shape", () => json(500, { message: "nope" })],
  ])("rejects with UNEXPECTED_RESPONSE for an error with %s", async (_name, answer) => {
    const { client } = clientAnswering(answer);
    const error = await client.transfer(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipTransferError);
    expect((error as SipTransferError).code).toBe("UNEXPECTED_RESPONSE");
    expect((error as SipTransferError).status).toBeGreaterThanOrEqual(500);
    expect((error as SipTransferError).message).toMatch(/^HTTP 50\d/);
  });

  it("rejects with UNEXPECTED_RESPONSE when a 200 body is not JSON or not the documented shape", async () => {
    for (const answer of [
      () => new Response("ok", { status: 200, headers: { "content-type": "text/plain" } }),
      () => json(200, { status: "queued" }),
    ]) {
      const { client } = clientAnswering(answer);
      const error = await client.transfer(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SipTransferError);
      expect((error as SipTransferError).code).toBe("UNEXPECTED_RESPONSE");
    }
  });

  it("rejects with NETWORK_ERROR (status 0) when no response arrives", async () => {
    const { client } = clientAnswering(() => {
      throw new TypeError("fetch failed");
    });
    const error = await client.transfer(body, { idempotencyKey: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipTransferError);
    expect(error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
    expect((error as Error).message).toContain("fetch failed");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("rejects with NETWORK_ERROR against a real closed port", async () => {
    const client = createSipTransferClient({ baseUrl: "http://127.0.0.1:9", retries: 0 });
    await expect(client.transfer(body)).rejects.toMatchObject({ code: "NETWORK_ERROR", status: 0 });
  });

  it("passes the AbortSignal through and rejects with ABORTED", async () => {
    const controller = new AbortController();
    const { client, seen } = clientAnswering(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    );
    const pending = client.transfer(body, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "ABORTED", status: 0 });
    expect(seen[0]!.signal.aborted).toBe(true);
  });

  it("keeps the raw openapi-fetch client reachable", async () => {
    const { client } = clientAnswering(() => json(200, { status: "ok" }));
    const { data } = await client.raw.GET("/health");
    expect(data).toEqual({ status: "ok" });
  });
});

const record = (status: string) => ({
  transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
  status,
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "tel:+15551234567",
  created_at: "2026-11-25T18:00:00.000Z",
  updated_at: "2026-11-25T18:00:00.000Z",
  request_id: "req-1",
});
const okBody = {
  transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
  status: "initiated",
  room_name: "r",
  participant_identity: "p",
  transfer_to: "tel:1234",
};

describe("idempotent retries", () => {
  it("sends a fresh Idempotency-Key per call and reuses it for its own retries", async () => {
    let answers = 0;
    const { client, seen } = clientAnswering(
      () => {
        answers += 1;
        if (answers === 1) throw new TypeError("fetch failed");
        if (answers === 2) return json(503, { error: "store down", code: "STORE_UNAVAILABLE" }, { "retry-after": "0" });
        if (answers === 3) return json(409, { error: "busy", code: "IDEMPOTENCY_KEY_IN_USE" }, { "retry-after": "0" });
        return json(200, okBody);
      },
      undefined,
      { retries: 3 },
    );
    await expect(client.transfer(body)).resolves.toEqual(okBody);
    const keys = seen.map((request) => request.headers.get("idempotency-key"));
    expect(keys).toHaveLength(4);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    await client.transfer(body);
    expect(seen[4]!.headers.get("idempotency-key")).not.toBe(keys[0]);
  });

  it("gives up after its retries with the last error", async () => {
    const { client, seen } = clientAnswering(
      () => json(503, { error: "store down", code: "STORE_UNAVAILABLE" }, { "retry-after": "0" }),
      undefined,
      {
        retries: 2,
      },
    );
    await expect(client.transfer(body)).rejects.toMatchObject({
      status: 503,
      code: "STORE_UNAVAILABLE",
      retryAfterSeconds: 0,
    });
    expect(seen).toHaveLength(3);
  });

  it("sends the caller's key, or none with idempotencyKey: false", async () => {
    const { client, seen } = clientAnswering(() => json(200, okBody));
    await client.transfer(body, { idempotencyKey: "job-42" });
    await client.transfer(body, { idempotencyKey: false });
    expect(seen.map((r) => r.headers.get("idempotency-key"))).toEqual(["job-42", null]);
  });

  it("never retries an outcome or a refusal", async () => {
    for (const [status, code] of [
      [500, "TRANSFER_FAILED"],
      [409, "TRANSFER_IN_PROGRESS"],
      [404, "ROOM_NOT_FOUND"],
      [422, "IDEMPOTENCY_KEY_REUSED"],
    ] as const) {
      const { client, seen } = clientAnswering(() => json(status, { error: "no", code }));
      await expect(client.transfer(body)).rejects.toMatchObject({ status, code });
      expect(seen, code).toHaveLength(1);
    }
  });

  it("without a key, does not retry when the request may have reached the server", async () => {
    const { client, seen } = clientAnswering(() => {
      throw new TypeError("fetch failed");
    });
    await expect(client.transfer(body, { idempotencyKey: false })).rejects.toMatchObject({ code: "NETWORK_ERROR" });
    expect(seen).toHaveLength(1);
  });
});

describe("records", () => {
  it("getTransfer GETs /sip/transfers/{id} (encoded) and resolves to the record", async () => {
    const { client, seen } = clientAnswering(() => json(200, record("completed")));
    await expect(client.getTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ")).resolves.toEqual(record("completed"));
    await client.getTransfer("a/b?c").catch(() => undefined);
    expect(seen.map((r) => new URL(r.url).pathname)).toEqual([
      "/sip/transfers/tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
      "/sip/transfers/a%2Fb%3Fc",
    ]);
  });

  it("listTransfers sends the filters as the query", async () => {
    const { client, seen } = clientAnswering(() => json(200, { transfers: [record("failed")], next_cursor: "abc" }));
    await expect(
      client.listTransfers({ room_name: "call-room-123", status: "failed", limit: 5, cursor: "xyz" }),
    ).resolves.toEqual({
      transfers: [record("failed")],
      next_cursor: "abc",
    });
    expect(Object.fromEntries(new URL(seen[0]!.url).searchParams)).toEqual({
      room_name: "call-room-123",
      status: "failed",
      limit: "5",
      cursor: "xyz",
    });
  });

  it("waitForTransfer polls with backoff until the record is no longer initiated", async () => {
    const statuses = ["initiated", "initiated", "initiated", "unknown"];
    const { client, seen } = clientAnswering(() => json(200, record(statuses[Math.min(seen.length - 1, 3)]!)));
    await expect(client.waitForTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ", { intervalMs: 5 })).resolves.toMatchObject({
      status: "unknown",
    });
    expect(seen).toHaveLength(4);
  });

  it("waitForTransfer rejects with TIMEOUT while the record stays initiated", async () => {
    const { client } = clientAnswering(() => json(200, record("initiated")));
    await expect(
      client.waitForTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ", { timeoutMs: 60, intervalMs: 10 }),
    ).rejects.toMatchObject({
      status: 0,
      code: "TIMEOUT",
    });
  });

  it("waitForTransfer stops when aborted", async () => {
    const { client } = clientAnswering(() => json(200, record("initiated")));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(
      client.waitForTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ", { intervalMs: 1000, signal: controller.signal }),
    ).rejects.toMatchObject({ code: "ABORTED" });
  });
});

const warm = (status: string) => ({
  warm_transfer_id: "wt_4fQ2mX9cLp7Rz1Kd8NvB3w",
  status,
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "tel:+15551234567",
  consult_identity: "consult_wt_4fQ2mX9cLp7Rz1Kd8NvB3w",
  created_at: "2026-11-25T18:00:00.000Z",
  updated_at: "2026-11-25T18:00:00.000Z",
  request_id: "req-1",
});

describe("warm transfers", () => {
  it("warmTransfer POSTs /sip/warm-transfers and retries with one Idempotency-Key, so it never dials twice", async () => {
    const created = {
      warm_transfer_id: "wt_4fQ2mX9cLp7Rz1Kd8NvB3w",
      status: "dialing",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
      consult_identity: "consult_wt_4fQ2mX9cLp7Rz1Kd8NvB3w",
    };
    const { client, seen } = clientAnswering(
      () =>
        seen.length === 1
          ? json(503, { error: "store down", code: "STORE_UNAVAILABLE" }, { "retry-after": "0" })
          : json(201, created),
      undefined,
      { retries: 2 },
    );
    await expect(client.warmTransfer({ ...body, agent_identity: "agent_1" })).resolves.toEqual(created);
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /sip/warm-transfers",
      "POST /sip/warm-transfers",
    ]);
    expect(new Set(seen.map((r) => r.headers.get("idempotency-key"))).size).toBe(1);
    expect(await seen[1]!.json()).toEqual({ ...body, agent_identity: "agent_1" });
  });

  it("complete and cancel POST to the record's path; a refusal rejects with its code and details", async () => {
    const { client, seen } = clientAnswering((request) =>
      request.url.endsWith("/complete")
        ? json(409, {
            error: "not consulting",
            code: "WARM_TRANSFER_NOT_CONSULTING",
            details: { status: "dialing" },
          })
        : json(200, warm("cancelled")),
    );
    await expect(client.completeWarmTransfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w")).rejects.toMatchObject({
      status: 409,
      code: "WARM_TRANSFER_NOT_CONSULTING",
      details: { status: "dialing" },
    });
    await expect(client.cancelWarmTransfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w")).resolves.toMatchObject({
      status: "cancelled",
    });
    expect(seen.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /sip/warm-transfers/wt_4fQ2mX9cLp7Rz1Kd8NvB3w/complete",
      "POST /sip/warm-transfers/wt_4fQ2mX9cLp7Rz1Kd8NvB3w/cancel",
    ]);
  });

  it("waitForWarmTransfer waits until answered by default, or until ended (the clock faked)", async () => {
    vi.useFakeTimers();
    try {
      const statuses = ["dialing", "dialing", "consulting", "consulting", "completed"];
      const { client, seen } = clientAnswering(() => json(200, warm(statuses[Math.min(seen.length - 1, 4)]!)));
      const answered = client.waitForWarmTransfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w", { intervalMs: 250 });
      await vi.advanceTimersByTimeAsync(250 + 500);
      await expect(answered).resolves.toMatchObject({ status: "consulting" });
      const ended = client.waitForWarmTransfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w", { intervalMs: 250, until: "ended" });
      await vi.advanceTimersByTimeAsync(250);
      await expect(ended).resolves.toMatchObject({ status: "completed" });
      expect(seen).toHaveLength(5);

      const stuck = clientAnswering(() => json(200, warm("dialing")));
      const timedOut = stuck.client
        .waitForWarmTransfer("wt_4fQ2mX9cLp7Rz1Kd8NvB3w", { timeoutMs: 60_000 })
        .catch((error: unknown) => error);
      let settled = false;
      void timedOut.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(59_999);
      expect(settled).toBe(false);
      expect(stuck.seen.length).toBeGreaterThan(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(timedOut).resolves.toMatchObject({
        code: "TIMEOUT",
        message: expect.stringMatching(/still dialing/),
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("the request timeout (timeoutMs)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  /** A server that never answers: the request ends only when its signal aborts it. */
  const silent: Answer = (request) =>
    new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
  const transferred = {
    transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
    status: "initiated",
    room_name: "call-room-123",
    participant_identity: "sip_participant_456",
    transfer_to: "tel:+15551234567",
  };

  it("gives a request up after 30 s by default, as NETWORK_ERROR", async () => {
    vi.useFakeTimers();
    const { client } = clientAnswering(silent);
    let settled = false;
    const failure = client.getTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ").catch((error: unknown) => {
      settled = true;
      return error;
    });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await failure;
    expect(error).toBeInstanceOf(SipTransferError);
    expect(error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
    expect((error as Error).message).toContain("within 30000 ms");
  });

  it("transfer retries a request given up, with the same Idempotency-Key", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { client, seen } = clientAnswering(
      (request) => (++calls === 1 ? silent(request) : json(200, transferred)),
      undefined,
      { timeoutMs: 5000, retries: 1 },
    );
    const answer = client.transfer(body);
    await vi.advanceTimersByTimeAsync(5000 + 200);
    await expect(answer).resolves.toEqual(transferred);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers.get("idempotency-key")).toBe(seen[0]!.headers.get("idempotency-key"));
  });

  it("works where AbortSignal.any does not exist (Node 20.0–20.2, older browsers), the caller's signal included", async () => {
    const any = AbortSignal.any;
    // @ts-expect-error: taken away for this test, as those runtimes lack it
    delete AbortSignal.any;
    try {
      const { client } = clientAnswering(() => json(200, transferred));
      const controller = new AbortController();
      await expect(client.transfer(body, { signal: controller.signal })).resolves.toEqual(transferred);
      const hanging = clientAnswering(silent, undefined, { timeoutMs: 60_000 }).client;
      const aborted = hanging.getTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ", { signal: controller.signal });
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ code: "ABORTED" });
    } finally {
      AbortSignal.any = any;
    }
  });

  it("Infinity, like 0, means no limit (a timer cannot wait that long)", async () => {
    vi.useFakeTimers();
    const { client } = clientAnswering(silent, undefined, { timeoutMs: Number.POSITIVE_INFINITY });
    let settled = false;
    void client.getTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ").catch(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(settled).toBe(false);
  });

  it("the caller's own signal still aborts first (ABORTED); 0 means no limit", async () => {
    vi.useFakeTimers();
    const { client } = clientAnswering(silent, undefined, { timeoutMs: 0 });
    const controller = new AbortController();
    let settled = false;
    const failure = client.listTransfers({}, { signal: controller.signal }).catch((error: unknown) => {
      settled = true;
      return error;
    });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(settled).toBe(false);
    controller.abort();
    await expect(failure).resolves.toMatchObject({ code: "ABORTED" });
  });
});
