import { SipTransferError, createSipTransferClient } from "@sip-transfer/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPrism, startPrism } from "../src/prism.js";
import { loadSpec, responseExamples } from "@sip-transfer/testkit";

const seedRequest = {
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "+15551234567",
};

const transferExamples = responseExamples(loadSpec()).filter((e) => e.path === "/sip/transfer");

let prism: RunningPrism;
beforeAll(async () => {
  prism = await startPrism();
}, 40_000);
afterAll(async () => {
  await prism?.stop();
});

function clientPreferring(prefer?: string) {
  return createSipTransferClient({ baseUrl: prism.url, headers: prefer ? { Prefer: prefer } : {}, retries: 0 });
}

const recordExamples = responseExamples(loadSpec()).filter(
  (e) => e.path !== "/sip/transfer" && e.path.startsWith("/sip/"),
);

describe("the typed client against the Prism mock (pnpm mock)", () => {
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
    // The spec's 400, not its 422 (which means an Idempotency-Key reused): patched Prism looks for 400 first.
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });

  it.each(recordExamples.map((e) => [`${e.method.toUpperCase()} ${e.path} ${e.status} ${e.name}`, e] as const))(
    "%s reaches the typed client",
    async (_label, example) => {
      const client = clientPreferring(`code=${example.status}, example=${example.name}`);
      const call =
        example.path === "/sip/transfers"
          ? client.listTransfers({ limit: 5 })
          : client.getTransfer("tr_9q3NcK2xYb7Lm4Pz0aW1eQ");
      if (example.status === 200) {
        await expect(call).resolves.toEqual(example.value);
      } else {
        const body = example.value as { error: string; code: string };
        await expect(call).rejects.toMatchObject({ status: example.status, code: body.code, message: body.error });
      }
    },
  );

  describe("robust against what a frontend may send by mistake (patched Prism, patches/)", () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${prism.url}/sip/transfer`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
        signal: AbortSignal.timeout(5000),
      });

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
      const response = await post(JSON.stringify({ ...seedRequest, 名前: "x", "emoji😀": 1 }));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
      const violations = response.headers.get("sl-violations");
      expect(violations).not.toBeNull();
      expect(JSON.stringify(JSON.parse(violations!))).toContain("名前");
      await expect(clientPreferring().transfer(seedRequest)).resolves.toMatchObject({ status: "initiated" });
    });
  });
});

// Last in this file: it stops the mock the tests above share.
describe("stopping the mock", () => {
  it("leaves nothing running: its port refuses connections", async () => {
    await prism.stop();
    await expect(fetch(`${prism.url}/health`)).rejects.toThrow();
  });
});
