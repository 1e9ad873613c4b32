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

const recordExamples = responseExamples(loadSpec()).filter((e) => e.path !== "/sip/transfer" && e.path.startsWith("/sip/"));

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
      expect(error).toMatchObject({ status: example.status, code: body.code, message: body.error, details: body.details });
      expect((error as SipTransferError).requestId).toBeTruthy();
    },
  );

  it("answers a request that breaks the contract with an error, loudly (--errors)", async () => {
    const bad = { ...seedRequest, unknown_field: true } as unknown as typeof seedRequest;
    const error = await clientPreferring().transfer(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipTransferError);
    expect((error as SipTransferError).status).toBeGreaterThanOrEqual(400);
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
});
