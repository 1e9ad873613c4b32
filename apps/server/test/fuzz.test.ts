import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, TENANTS, seedRequest, startHarness } from "./harness.js";

// Whatever a caller sends, the answer is a documented status with the contract's error body (the
// spec-checking fetch records any other answer), LiveKit is only asked about well-formed requests,
// and the process keeps serving.
let h: Harness;
beforeAll(async () => {
  // Wrong tokens are part of the fuzz: the failed-authentication limit is not what it tests.
  h = await startHarness({ auth: { required: false, secrets: TENANTS, failureLimit: 1_000_000 }, transferWaitMs: 50 });
  h.seedRoom(JSON.stringify({ auth_id: "tenant-a" }));
});
afterAll(async () => {
  await h.close();
});

const DOCUMENTED = new Set([200, 400, 401, 403, 404, 413, 415, 500]);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "",
    " ",
    "tel:",
    "+",
    "++1",
    "+15551234567",
    "07123456789",
    "1234",
    "call-room-123",
    "sip_participant_456",
    "\u0000",
    "%00",
    "../../etc/passwd",
    "__proto__",
  ),
);
const fieldValue = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
);
const body = fc.oneof(
  fc.record({ room_name: fieldValue, participant_identity: fieldValue, transfer_to: fieldValue }, { requiredKeys: [] }),
  fc.record({ room_name: text, participant_identity: text, transfer_to: text }),
  fc.dictionary(text, fieldValue, { maxKeys: 5 }),
  fc.jsonValue(),
);

describe("fuzzing POST /sip/transfer", () => {
  it("answers every JSON body with a documented status and the error body shape", async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom(undefined, "Bearer secret-a-0123456789", "Bearer nope"),
        async (value, authorization) => {
          const response = await h.postJson(value === undefined ? "null" : JSON.stringify(value), {
            headers: authorization ? { authorization } : {},
          });
          expect(DOCUMENTED.has(response.status), `status ${response.status}`).toBe(true);
          const answer = (await response.json()) as Record<string, unknown>;
          if (response.status !== 200) expect(typeof answer["code"]).toBe("string");
        },
      ),
      { numRuns: 300 },
    );
    expect(h.violations).toEqual([]);
  }, 60_000);

  it("answers raw bytes and odd content types without falling over", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 256 }),
        fc.constantFrom(
          "application/json",
          "application/json; charset=utf-16",
          "text/plain",
          "application/merge-patch+json",
          "multipart/form-data; boundary=x",
          "",
        ),
        async (bytes, type) => {
          const response = await h.request("/sip/transfer", {
            method: "POST",
            headers: type ? { "content-type": type } : {},
            body: bytes,
          });
          expect(DOCUMENTED.has(response.status), `status ${response.status}`).toBe(true);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 200 },
    );
    expect(h.violations).toEqual([]);
    const health = await h.request("/health");
    expect(health.status).toBe(200);
  }, 60_000);

  it("still transfers after the storm", async () => {
    await expect(h.client("secret-a-0123456789").transfer(seedRequest)).resolves.toMatchObject({ status: "completed" });
  });
});
