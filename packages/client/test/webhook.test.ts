import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { type TransferEvent, WebhookVerificationError, verifyWebhook } from "../src/index.js";

const secret = `whsec_${randomBytes(32).toString("base64")}`;
const event: TransferEvent = {
  type: "transfer.failed",
  timestamp: "2026-11-25T18:00:01.020Z",
  data: {
    transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
    status: "failed",
    room_name: "call-room-123",
    participant_identity: "sip_participant_456",
    transfer_to: "tel:+15551234567",
    created_at: "2026-11-25T18:00:00.000Z",
    updated_at: "2026-11-25T18:00:01.020Z",
    ended_at: "2026-11-25T18:00:01.020Z",
    error: {
      code: "TRANSFER_FAILED",
      message: "SIP transfer failed: 603 Decline",
      sip_status_code: 603,
      sip_status: "Decline",
    },
    request_id: "3f1c2a9e",
  },
};
const body = JSON.stringify(event);

function signed(payload = body, options: { key?: string; at?: Date; id?: string } = {}) {
  const at = options.at ?? new Date();
  const id = options.id ?? "msg_9q3NcK2xYb7Lm4Pz0aW1eQ";
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(options.key ?? secret).sign(id, at, payload),
  };
}

describe("verifyWebhook", () => {
  it("returns the typed event for a body signed with the secret, given as a string, bytes, Headers or Node headers", () => {
    const headers = signed();
    expect(verifyWebhook(body, headers, secret)).toEqual(event);
    expect(verifyWebhook(Buffer.from(body), headers, secret)).toEqual(event);
    expect(verifyWebhook(new TextEncoder().encode(body), new Headers(headers), secret)).toEqual(event);
    const nodeStyle = {
      "Webhook-Id": headers["webhook-id"],
      "webhook-timestamp": [headers["webhook-timestamp"]],
      "webhook-signature": headers["webhook-signature"],
      host: undefined,
    };
    expect(verifyWebhook(body, nodeStyle, secret)).toEqual(event);
  });

  it("accepts one matching signature among several (a secret being rotated)", () => {
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    const headers = signed();
    const both = {
      ...headers,
      "webhook-signature": `${signed(body, { key: other })["webhook-signature"]} ${headers["webhook-signature"]}`,
    };
    expect(verifyWebhook(body, both, secret)).toEqual(event);
  });

  it.each([
    [
      "another secret",
      () => [body, signed(body, { key: `whsec_${randomBytes(32).toString("base64")}` })],
      /No matching signature/,
    ],
    ["a changed body", () => [body.replace("603", "200"), signed()], /No matching signature/],
    ["re-serialised JSON", () => [JSON.stringify(JSON.parse(body), null, 2), signed()], /No matching signature/],
    ["another webhook-id", () => [body, { ...signed(), "webhook-id": "msg_other" }], /No matching signature/],
    [
      "a timestamp 10 minutes old (a replay)",
      () => [body, signed(body, { at: new Date(Date.now() - 600_000) })],
      /too old/,
    ],
    ["a timestamp 10 minutes ahead", () => [body, signed(body, { at: new Date(Date.now() + 600_000) })], /too new/],
    ["no signature header", () => [body, { ...signed(), "webhook-signature": undefined }], /Missing required headers/],
    [
      "a signed body that is not a sip-transfer event",
      () => [
        '{"type":"invoice.paid","timestamp":"x","data":{}}',
        signed('{"type":"invoice.paid","timestamp":"x","data":{}}'),
      ],
      /not a sip-transfer event/,
    ],
  ] as const)("refuses %s with WebhookVerificationError", (_case, make, message) => {
    const [payload, headers] = make() as [string, Record<string, string | undefined>];
    let thrown: unknown;
    try {
      verifyWebhook(payload, headers, secret);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WebhookVerificationError);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe("verifyWebhook with a secret that is not a webhook secret", () => {
  it.each(["", "whsec_", "whsec_!!!not-base64", "abc"])(
    "throws WebhookVerificationError (a receiver answers 4xx, not 500) for %j",
    (badSecret) => {
      const headers = { "webhook-id": "msg_1", "webhook-timestamp": "1", "webhook-signature": "v1,x" };
      let thrown: unknown;
      try {
        verifyWebhook("{}", headers, badSecret);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(WebhookVerificationError);
      expect((thrown as Error).message).toMatch(/webhook secret/);
    },
  );
});
