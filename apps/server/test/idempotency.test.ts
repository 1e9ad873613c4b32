import { afterEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, seedRequest, startHarness } from "./harness.js";

const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

/** POST /sip/transfer with an Idempotency-Key; returns what a client sees. */
async function post(key: string | undefined, body: unknown = seedRequest, headers: Record<string, string> = {}) {
  const response = await h.postJson(body, { headers: { ...(key === undefined ? {} : { "idempotency-key": key }), ...headers } });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    replayed: response.headers.get("idempotent-replayed"),
    location: response.headers.get("location"),
    requestId: response.headers.get("x-request-id"),
  };
}

describe("Idempotency-Key", () => {
  it("the same key and body answer the stored answer again, marked replayed, without a second REFER", async () => {
    h = await startHarness();
    h.seedRoom();
    const first = await post("key-1");
    expect(first).toMatchObject({ status: 200, replayed: null });
    // The same fields in another order and spacing are the same request.
    const reordered = `{ "transfer_to": "+15551234567",  "participant_identity": "sip_participant_456", "room_name": "call-room-123" }`;
    const again = await post("key-1", reordered);
    expect(again).toMatchObject({ status: 200, body: first.body, replayed: "true", location: first.location });
    expect(again.requestId).not.toBe(first.requestId);
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
    // A Structured Field string is the same key.
    expect(await post('"key-1"')).toMatchObject({ status: 200, replayed: "true" });
  });

  it("the same key with another body is 422 IDEMPOTENCY_KEY_REUSED, and nothing is sent", async () => {
    h = await startHarness();
    h.seedRoom();
    await post("key-2");
    const other = await post("key-2", { ...seedRequest, transfer_to: "+15557654321" });
    expect(other).toMatchObject({ status: 422, body: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
  });

  it("the same key while the first request is still being answered is 409 IDEMPOTENCY_KEY_IN_USE", async () => {
    h = await startHarness({ transferWaitMs: 2000 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 400 });
    const first = post("key-3");
    await h.standIn.waitForCalls("GetParticipant");
    const during = await post("key-3");
    expect(during).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    expect((await first).status).toBe(200);
    expect(await post("key-3")).toMatchObject({ status: 200, replayed: "true" });
  });

  it("keeps a TRANSFER_FAILED answer: a retry gets the same 500, not a second REFER", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { fail: { code: "permission_denied", meta: { sip_status_code: "603", sip_status: "Decline" } } });
    const first = await post("key-4");
    expect(first).toMatchObject({ status: 500, body: { code: "TRANSFER_FAILED" } });
    h.standIn.behave("TransferSIPParticipant", {});
    expect(await post("key-4")).toMatchObject({ status: 500, body: first.body, replayed: "true" });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
  });

  it.each([
    ["a missing room (404)", (hh: Harness) => hh.standIn.removeRoom("call-room-123")],
    ["LiveKit failing during the lookups (LIVEKIT_UNAVAILABLE)", (hh: Harness) => hh.standIn.behave("ListRooms", { fail: { code: "unavailable" } })],
    ["another transfer of the participant (409 TRANSFER_IN_PROGRESS)", async (hh: Harness) => {
      hh.standIn.behave("TransferSIPParticipant", { latencyMs: 300 });
      await hh.client().transfer({ ...seedRequest, transfer_to: "+15557654321" });
    }],
  ] as const)("a refusal that is safe to retry does not use the key up: %s", async (_label, refuse) => {
    h = await startHarness({ transferWaitMs: 0 });
    h.seedRoom();
    await refuse(h);
    const refused = await post("key-5");
    expect(refused.status).toBeGreaterThanOrEqual(400);
    h.standIn.reset();
    h.seedRoom();
    await h.app.locals.transfers.stop(0); // end whatever the refusal left running
    const retried = await post("key-5");
    expect(retried).toMatchObject({ status: 200, replayed: null });
  });

  it("a request refused by its body or number does not use the key up either", async () => {
    h = await startHarness();
    h.seedRoom();
    expect((await post("key-6", { ...seedRequest, transfer_to: "abc" })).status).toBe(400);
    expect(await post("key-6")).toMatchObject({ status: 200, replayed: null });
  });

  it("keys belong to the tenant: another tenant's same key is another key", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const sip = { identity: "sip_participant_456", kind: "SIP" as const };
    h.standIn.addRoom({ name: "room-a", metadata: JSON.stringify({ auth_id: a.id }), participants: [sip] });
    h.standIn.addRoom({ name: "room-b", metadata: JSON.stringify({ auth_id: b.id }), participants: [sip] });
    const mine = await post("shared-key", { ...seedRequest, room_name: "room-a" }, { authorization: `Bearer ${a.secret}` });
    const theirs = await post("shared-key", { ...seedRequest, room_name: "room-b" }, { authorization: `Bearer ${b.secret}` });
    expect(mine).toMatchObject({ status: 200, replayed: null });
    expect(theirs).toMatchObject({ status: 200, replayed: null });
    expect(theirs.body["transfer_id"]).not.toBe(mine.body["transfer_id"]);
  });

  it.each([
    ["over 255 characters", "k".repeat(256)],
    ["a control character", "key\twith-tab"],
    ["empty quotes", '""'],
  ])("400 INVALID_REQUEST for a key with %s", async (_label, key) => {
    h = await startHarness();
    h.seedRoom();
    const answer = await post(key);
    expect(answer).toMatchObject({
      status: 400,
      body: { code: "INVALID_REQUEST", error: "Invalid request: header idempotency-key must be 1 to 255 printable ASCII characters", details: { issues: [{ path: "/headers/idempotency-key", message: "must be 1 to 255 printable ASCII characters" }] } },
    });
    expect(h.standIn.calls).toHaveLength(0);
  });

  it("accepts a key of exactly 255 printable characters", async () => {
    h = await startHarness();
    h.seedRoom();
    expect((await post(`${"k".repeat(254)}~`)).status).toBe(200);
  });

  it("the typed client's retries reuse its key: a lost answer does not send a second REFER", async () => {
    h = await startHarness();
    h.seedRoom();
    let calls = 0;
    const lossy: typeof fetch = async (input, init) => {
      calls += 1;
      const response = await fetch(input, init);
      if (calls === 1) throw new TypeError("fetch failed: the answer was lost on the way back");
      return response;
    };
    const { createSipTransferClient } = await import("@sip-transfer/client");
    const client = createSipTransferClient({ baseUrl: h.baseUrl, fetch: lossy, retries: 2 });
    const answer = await client.transfer(seedRequest);
    expect(answer.status).toBe("completed");
    expect(calls).toBe(2);
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
  });
});
