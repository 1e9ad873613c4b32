import { createHash } from "node:crypto";
import { StoreUnavailableError } from "@sip-transfer/domain";
import { createSqliteStore } from "@sip-transfer/store";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson } from "@sip-transfer/http-contract";
import { type Harness, TENANTS, seedRequest, startHarness } from "./harness.js";

const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

/** POST /sip/transfer with an Idempotency-Key; returns what a client sees. */
async function post(key: string | undefined, body: unknown = seedRequest, headers: Record<string, string> = {}) {
  const response = await h.postJson(body, {
    headers: { ...(key === undefined ? {} : { "idempotency-key": key }), ...headers },
  });
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
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "permission_denied", meta: { sip_status_code: "603", sip_status: "Decline" } },
    });
    const first = await post("key-4");
    expect(first).toMatchObject({ status: 500, body: { code: "TRANSFER_FAILED" } });
    h.standIn.behave("TransferSIPParticipant", {});
    expect(await post("key-4")).toMatchObject({ status: 500, body: first.body, replayed: "true" });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
  });

  it.each([
    ["a missing room (404)", (hh: Harness) => hh.standIn.removeRoom("call-room-123")],
    [
      "LiveKit failing during the lookups (LIVEKIT_UNAVAILABLE)",
      (hh: Harness) => hh.standIn.behave("ListRooms", { fail: { code: "unavailable" } }),
    ],
    [
      "another transfer of the participant (409 TRANSFER_IN_PROGRESS)",
      async (hh: Harness) => {
        hh.standIn.behave("TransferSIPParticipant", { latencyMs: 300 });
        await hh.client().transfer({ ...seedRequest, transfer_to: "+15557654321" });
      },
    ],
  ] as const)("a refusal that is safe to retry does not use the key up: %s", async (_label, refuse) => {
    h = await startHarness({ transferWaitMs: 0 });
    h.seedRoom();
    await refuse(h);
    const refused = await post("key-5");
    expect(refused.status).toBeGreaterThanOrEqual(400);
    h.standIn.reset();
    h.seedRoom();
    await h.parts.transfers.stop(0); // end whatever the refusal left running
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
    const mine = await post(
      "shared-key",
      { ...seedRequest, room_name: "room-a" },
      { authorization: `Bearer ${a.secret}` },
    );
    const theirs = await post(
      "shared-key",
      { ...seedRequest, room_name: "room-b" },
      { authorization: `Bearer ${b.secret}` },
    );
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
      body: {
        code: "INVALID_REQUEST",
        error: "Invalid request: header idempotency-key must be 1 to 255 printable ASCII characters",
        details: {
          issues: [{ path: "/headers/idempotency-key", message: "must be 1 to 255 printable ASCII characters" }],
        },
      },
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

describe("Idempotency-Key when its answer cannot be stored", () => {
  /** SQLite in memory on a clock the test moves, whose completeIdempotencyKey fails while `failing` (SQLITE_BUSY). */
  function flakyStore() {
    let clock = Date.now();
    const store = createSqliteStore({ path: ":memory:", now: () => clock });
    const complete = store.completeIdempotencyKey.bind(store);
    const state = { failing: true, attempts: 0 };
    store.completeIdempotencyKey = async (...args) => {
      state.attempts += 1;
      if (state.failing)
        throw new StoreUnavailableError(
          Object.assign(new Error("database is locked"), { code: "ERR_SQLITE_ERROR", errcode: 5 }),
        );
      return complete(...args);
    };
    return { store, state, now: () => clock, advance: (ms: number) => void (clock += ms) };
  }

  it("past the key's lease, a retry is answered from the transfer the key started, never with a second REFER", async () => {
    const flaky = flakyStore();
    h = await startHarness({ store: flaky.store, now: flaky.now });
    h.seedRoom();
    const first = await post("unkept-key");
    expect(first).toMatchObject({ status: 200, replayed: null, body: { status: "completed" } });
    expect(
      h
        .logs()
        .some(
          (line) => line["msg"] === "could not store the answer for the Idempotency-Key; retrying in the background",
        ),
    ).toBe(true);
    // While its lease runs (the first request could still be answering): in use.
    expect(await post("unkept-key")).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    flaky.advance(10 * 60_000); // the lease (wait window + 60 s) has run out
    const retried = await post("unkept-key");
    expect(retried).toMatchObject({ status: 200, replayed: "true", location: first.location, body: first.body });
    // Another body with the key is still a reuse.
    expect(await post("unkept-key", { ...seedRequest, transfer_to: "+15557654321" })).toMatchObject({
      status: 422,
      body: { code: "IDEMPOTENCY_KEY_REUSED" },
    });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
    await flaky.store.close();
  });

  it("a TRANSFER_FAILED answer not stored: past the lease, a retry gets the same 500 from the record, not a second REFER", async () => {
    const flaky = flakyStore();
    h = await startHarness({ store: flaky.store, now: flaky.now });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "permission_denied", meta: { sip_status_code: "603", sip_status: "Decline" } },
    });
    const first = await post("unkept-failure");
    expect(first).toMatchObject({ status: 500, body: { code: "TRANSFER_FAILED" } });
    h.standIn.behave("TransferSIPParticipant", {});
    flaky.advance(10 * 60_000);
    expect(await post("unkept-failure")).toMatchObject({ status: 500, replayed: "true", body: first.body });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
    await flaky.store.close();
  });

  it("the answer is stored by a background retry once the store is back: a retry then replays it", async () => {
    const flaky = flakyStore();
    h = await startHarness({ store: flaky.store });
    h.seedRoom();
    const first = await post("late-key");
    expect(first.status).toBe(200);
    flaky.state.failing = false;
    await expect
      .poll(() => h.logs().some((line) => line["msg"] === "stored the answer for the Idempotency-Key after retries"), {
        timeout: 3000,
      })
      .toBe(true);
    expect(await post("late-key")).toMatchObject({ status: 200, replayed: "true", body: first.body });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
    await flaky.store.close();
  });

  it("a request that never reached its transfer (the claim's record was never made) frees the key when its lease runs out", async () => {
    let clock = Date.now();
    const store = createSqliteStore({ path: ":memory:", now: () => clock });
    // A request that claimed the key and died before it made its record.
    const fingerprint = createHash("sha256").update(canonicalJson(seedRequest)).digest("base64url");
    await store.claimIdempotencyKey("-", "orphan-key", fingerprint, 62_000, {
      id: "tr_neverMadeAAAAAAAAAAAA",
      keepMs: 86_400_000,
    });
    h = await startHarness({ store, now: () => clock });
    h.seedRoom();
    expect(await post("orphan-key")).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    clock += 10 * 60_000;
    expect(await post("orphan-key")).toMatchObject({ status: 200, replayed: null });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
    await store.close();
  });
});
