import { describe, expect, it } from "vitest";
import { SipTransferError, createSipTransferClient } from "../src/index.js";

const body = {
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "+15551234567",
};

type Answer = (request: Request) => Response | Promise<Response>;

function clientAnswering(answer: Answer, token?: string) {
  const seen: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request);
    return answer(request);
  };
  return { client: createSipTransferClient({ baseUrl: "http://sip.test/", token, fetch }), seen };
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json", "x-request-id": "req-1", ...headers },
  });

describe("createSipTransferClient().transfer", () => {
  it("POSTs the body as JSON to /sip/transfer and resolves to the 200 body", async () => {
    const ok = { status: "initiated", room_name: "call-room-123", participant_identity: "sip_participant_456", transfer_to: "tel:+15551234567" };
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
    const { client, seen } = clientAnswering(() => json(200, { status: "completed", room_name: "r", participant_identity: "p", transfer_to: "tel:1234" }), "s3cret");
    await client.transfer(body);
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer s3cret");
  });

  it("rejects with SipTransferError carrying status, code, message, details and request id", async () => {
    const { client } = clientAnswering(() =>
      json(500, { error: "SIP transfer failed: 486 Busy Here", code: "TRANSFER_FAILED", details: { sip_status_code: 486, sip_status: "Busy Here" } }),
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
    ["an empty body with Content-Length 0", () => new Response("", { status: 503, headers: { "content-length": "0" } })],
    ["an HTML body", () => new Response("<html>proxy error</html>", { status: 504, headers: { "content-type": "text/html" } })],
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
    const error = await client.transfer(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipTransferError);
    expect(error).toMatchObject({ status: 0, code: "NETWORK_ERROR" });
    expect((error as Error).message).toContain("fetch failed");
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("rejects with NETWORK_ERROR against a real closed port", async () => {
    const client = createSipTransferClient({ baseUrl: "http://127.0.0.1:9" });
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
