import type { Transfer } from "@sip-transfer/api-types";
import { LIVEKIT_TRANSFER_ANSWERS } from "@sip-transfer/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, failureOf, seedRequest, startHarness } from "./harness.js";

const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const sip = { identity: "sip_participant_456", kind: "SIP" as const };

async function withTenants(transferWaitMs = 2000) {
  h = await startHarness({ auth: { required: true, secrets: TENANTS }, transferWaitMs });
  h.standIn.addRoom({
    name: "room-a",
    metadata: JSON.stringify({ auth_id: a.id }),
    participants: [sip, { identity: "sip_2", kind: "SIP" }],
  });
  h.standIn.addRoom({ name: "room-b", metadata: JSON.stringify({ auth_id: b.id }), participants: [sip] });
}

describe("a transfer's record", () => {
  it("the 200 carries transfer_id and Location; the record there has every field", async () => {
    h = await startHarness();
    h.seedRoom();
    const response = await h.postJson(seedRequest, { headers: { "x-request-id": "req-record-1" } });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { transfer_id: string };
    expect(answer.transfer_id).toMatch(/^tr_[A-Za-z0-9_-]{22}$/);
    expect(response.headers.get("location")).toBe(`/sip/transfers/${answer.transfer_id}`);

    const record = (await (await h.request(response.headers.get("location")!)).json()) as Transfer;
    expect(record).toEqual({
      transfer_id: answer.transfer_id,
      status: "completed",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
      created_at: expect.stringMatching(RFC3339_UTC),
      updated_at: expect.stringMatching(RFC3339_UTC),
      ended_at: expect.stringMatching(RFC3339_UTC),
      request_id: "req-record-1",
    });
    expect(Date.parse(record.ended_at!)).toBeGreaterThanOrEqual(Date.parse(record.created_at));
    expect(record.updated_at).toBe(record.ended_at);
  });

  it("500 TRANSFER_FAILED carries details.transfer_id; that record says failed with the SIP status", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "permission_denied", msg: "declined", meta: { sip_status_code: "603", sip_status: "Decline" } },
    });
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({
      status: 500,
      code: "TRANSFER_FAILED",
      details: { sip_status_code: 603, sip_status: "Decline" },
    });
    const id = error.details!["transfer_id"] as string;
    expect(await h.client().getTransfer(id)).toMatchObject({
      status: "failed",
      error: {
        code: "TRANSFER_FAILED",
        message: "SIP transfer failed: 603 Decline",
        sip_status_code: 603,
        sip_status: "Decline",
      },
    });
  });

  it.each([
    ["LiveKit's own timeout (deadline_exceeded)", { fail: { code: "deadline_exceeded" as const, msg: "no NOTIFY" } }],
    ["a cancelled call", { fail: { code: "canceled" as const, msg: "context canceled" } }],
    ["a 2xx that is not Twirp JSON", { raw: { status: 200, body: "OK", contentType: "text/plain" } }],
    ["a proxy's 502 page", { raw: { status: 502, body: "<html>bad gateway</html>", contentType: "text/html" } }],
  ])("%s is unknown, never failed or completed: 200 unknown, and the record says so", async (_label, behaviour) => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", behaviour);
    const answer = await h.client().transfer(seedRequest);
    expect(answer.status).toBe("unknown");
    expect(await h.client().getTransfer(answer.transfer_id)).toMatchObject({
      status: "unknown",
      error: { code: "OUTCOME_UNKNOWN" },
    });
    // LiveKit's words stay in the log.
    expect(h.logs().find((l) => l["msg"] === "transfer ended")).toMatchObject({
      outcome: "unknown",
      livekit: expect.any(String),
    });
  });

  it('LiveKit\'s unanswered REFER (Twirp canceled, "transaction failed to complete") reads unknown and says so, never "cut off"', async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { fail: LIVEKIT_TRANSFER_ANSWERS.referUnanswered });
    const answer = await h.client().transfer(seedRequest);
    expect(answer.status).toBe("unknown");
    const record = await h.client().getTransfer(answer.transfer_id);
    expect(record).toMatchObject({
      status: "unknown",
      error: {
        code: "OUTCOME_UNKNOWN",
        message: expect.stringMatching(/^LiveKit sent the REFER and reported no answer to it/),
      },
    });
    expect(record.error!.message).not.toMatch(/cut off/);
    expect(h.logs().find((l) => l["msg"] === "transfer ended")).toMatchObject({
      outcome: "unknown",
      livekit: "transaction failed to complete (0 intermediate responses) (canceled)",
    });
  });

  it("a record left initiated past its deadline (its replica died) reads unknown, and frees the participant", async () => {
    h = await startHarness();
    h.seedRoom();
    const createdAt = Date.now() - 120_000;
    await h.store.startTransfer({
      id: "tr_fromAReplicaThatDied0",
      tenantId: undefined,
      status: "initiated",
      roomName: "call-room-123",
      participantIdentity: "sip_participant_456",
      transferTo: "tel:+15557654321",
      createdAt,
      updatedAt: createdAt,
      deadlineAt: createdAt + 62_000,
      requestId: "gone",
    });
    expect(await h.client().getTransfer("tr_fromAReplicaThatDied0")).toMatchObject({
      status: "unknown",
      error: { code: "OUTCOME_UNKNOWN" },
    });
    await expect(h.client().transfer(seedRequest)).resolves.toMatchObject({ status: "completed" });
  });

  it("one audit line per ended transfer: request id, tenant, room, participant, destination, outcome, SIP status, duration", async () => {
    await withTenants();
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "resource_exhausted", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const response = await h.postJson(
      { ...seedRequest, room_name: "room-a" },
      { headers: { authorization: `Bearer ${a.secret}`, "x-request-id": "req-audit" } },
    );
    expect(response.status).toBe(500);
    const lines = h.logs().filter((l) => l["msg"] === "transfer ended");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      requestId: "req-audit",
      tenant: "tenant-a",
      room_name: "room-a",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
      outcome: "failed",
      sip_status_code: 486,
      sip_status: "Busy Here",
      durationMs: expect.any(Number),
    });
  });
});

describe("tenants and records", () => {
  it("another tenant's transfer answers exactly like an unknown one", async () => {
    await withTenants();
    const mine = await h.client(a.secret).transfer({ ...seedRequest, room_name: "room-a" });
    const ask = async (token: string, id: string) => {
      const response = await h.request(`/sip/transfers/${id}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
    };
    expect((await ask(a.secret, mine.transfer_id)).status).toBe(200);
    const foreign = await ask(b.secret, mine.transfer_id);
    const unknown = await ask(b.secret, "tr_AAAAAAAAAAAAAAAAAAAAAA");
    expect(foreign.status).toBe(404);
    expect(JSON.parse(foreign.body)).toEqual({
      error: `Transfer '${mine.transfer_id}' not found`,
      code: "TRANSFER_NOT_FOUND",
    });
    expect(foreign).toEqual({ ...unknown, body: unknown.body.replace("tr_AAAAAAAAAAAAAAAAAAAAAA", mine.transfer_id) });
    expect((await h.client(b.secret).listTransfers()).transfers).toEqual([]);
  });
});

describe("GET /sip/transfers", () => {
  it("lists the caller's transfers newest first, filtered, in pages linked by next_cursor", async () => {
    await withTenants();
    const client = h.client(a.secret);
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const participant = i % 2 === 0 ? "sip_participant_456" : "sip_2";
      if (i === 3)
        h.standIn.behave("TransferSIPParticipant", {
          fail: { code: "permission_denied", meta: { sip_status_code: "603" } },
        });
      const made1 = await client
        .transfer({ ...seedRequest, room_name: "room-a", participant_identity: participant })
        .catch((e: { details: { transfer_id: string } }) => ({
          transfer_id: e.details.transfer_id,
        }));
      h.standIn.behave("TransferSIPParticipant", {});
      made.push(made1.transfer_id);
    }
    await h.client(b.secret).transfer({ ...seedRequest, room_name: "room-b" });

    const all = await client.listTransfers();
    expect(all.transfers.map((t) => t.transfer_id)).toEqual([...made].reverse());
    expect(all.next_cursor).toBeNull();

    const pages: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i += 1) {
      const page = await client.listTransfers({ limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page.transfers.map((t) => t.transfer_id));
      if (page.next_cursor === null) break;
      cursor = page.next_cursor;
    }
    expect(pages).toEqual([[made[4], made[3]], [made[2], made[1]], [made[0]]]);

    expect((await client.listTransfers({ participant_identity: "sip_2" })).transfers.map((t) => t.transfer_id)).toEqual(
      [made[3], made[1]],
    );
    expect((await client.listTransfers({ status: "failed" })).transfers.map((t) => t.transfer_id)).toEqual([made[3]]);
    expect((await client.listTransfers({ room_name: "room-b" })).transfers).toEqual([]);
  });

  it.each([
    ["limit=0", "/query/limit"],
    ["limit=101", "/query/limit"],
    ["limit=ten", "/query/limit"],
    ["status=running", "/query/status"],
    ["cursor=not-a-cursor", "/query/cursor"],
    ["cursor=eyJ4IjoxfQ", "/query/cursor"],
    ["colour=blue", "/query/colour"],
  ])("400 INVALID_REQUEST for ?%s", async (query, path) => {
    h = await startHarness();
    const response = await h.request(`/sip/transfers?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: "INVALID_REQUEST",
      details: { issues: [expect.objectContaining({ path })] },
    });
  });
});

describe("one transfer per participant", () => {
  it("while one runs: the same destination answers that transfer (no second REFER); another answers 409 with its id", async () => {
    h = await startHarness({ transferWaitMs: 0 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 400 });
    const first = await h.client().transfer(seedRequest);
    expect(first.status).toBe("initiated");
    const again = await h.client().transfer({ ...seedRequest, transfer_to: "+1 (555) 123-4567" });
    expect(again).toEqual(first);
    const other = await failureOf(h.client().transfer({ ...seedRequest, transfer_to: "+15557654321" }));
    expect(other).toMatchObject({
      status: 409,
      code: "TRANSFER_IN_PROGRESS",
      message: "Participant 'sip_participant_456' in room 'call-room-123' is already being transferred",
      details: { transfer_id: first.transfer_id },
    });
    await h.client().waitForTransfer(first.transfer_id, { intervalMs: 20 });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(1);
    // Once it has ended, the participant may be transferred again.
    const next = await h.client().transfer({ ...seedRequest, transfer_to: "+15557654321" });
    expect(next).toMatchObject({ status: "initiated", transfer_to: "tel:+15557654321" });
    expect(next.transfer_id).not.toBe(first.transfer_id);
  });

  it("LiveKit's 'already being transferred elsewhere' is the same 409", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "invalid_argument", msg: "call already being transferred elsewhere" },
    });
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({ status: 409, code: "TRANSFER_IN_PROGRESS" });
    expect(error.details).toBeUndefined();
  });

  it("LiveKit's 'can't transfer non established call' is 409 CALL_NOT_ACTIVE, and the record says why", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", {
      fail: { code: "failed_precondition", msg: "can't transfer non established call" },
    });
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({
      status: 409,
      code: "CALL_NOT_ACTIVE",
      details: { transfer_id: expect.stringMatching(/^tr_/) },
    });
    expect(await h.client().getTransfer(error.details!["transfer_id"] as string)).toMatchObject({
      status: "failed",
      error: { code: "CALL_NOT_ACTIVE" },
    });
  });
});
