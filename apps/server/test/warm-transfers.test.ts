import type { WarmTransfer, WarmTransferList, WarmTransferResponse } from "@sip-transfer/api-types";
import { verifyWebhook } from "@sip-transfer/client";
import { loadSpec, specValidator, startWebhookReceiver } from "@sip-transfer/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, startHarness } from "./harness.js";
import { SECRETS_IN_TESTS } from "./secrets.js";

// The warm transfers resource over HTTP, against the LiveKit stand-in (which models permissions,
// mutes and dials): what a caller of the API sees, and what the hold does to the caller in LiveKit.

const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
const ROOM = "call-room-123";
const CALLER = "sip_participant_456";
const request = {
  room_name: ROOM,
  participant_identity: CALLER,
  transfer_to: "+15551234567",
  agent_identity: "agent_1",
};

let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness({ auth: { required: true, secrets: TENANTS }, ...options });
  h.standIn.addRoom({
    name: ROOM,
    metadata: JSON.stringify({ auth_id: a.id }),
    participants: [
      { identity: CALLER, kind: "SIP", attributes: { "sip.callStatus": "active" } },
      { identity: "agent_1", kind: "AGENT" },
    ],
  });
  return h;
}

const post = (path: string, body: unknown, token = a.secret, headers: Record<string, string> = {}) =>
  h.postJson(body, { headers: { authorization: `Bearer ${token}`, ...headers } }, path);
const get = async <T>(path: string, token = a.secret) => {
  const response = await h.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as T };
};
/** The caller as LiveKit holds them now: hears (can subscribe) and is heard (track unmuted). */
const caller = () => {
  const p = h.standIn.participant(ROOM, CALLER);
  return p && { hears: p.permission!.canSubscribe, heard: p.tracks!.every((t) => !t.muted) };
};
/** Waits until the record has left `status` (the dial runs in the background). */
async function recordAfter(id: string, status: string) {
  let record: WarmTransfer | undefined;
  await expect
    .poll(async () => {
      record = (await get<WarmTransfer>(`/sip/warm-transfers/${id}`)).body;
      return record.status;
    })
    .not.toBe(status);
  return record!;
}

describe("POST /sip/warm-transfers", () => {
  it("201 dialing with Location; the caller is on hold and the supervisor is dialled through the trunk; then consulting", async () => {
    await harness();
    const response = await post("/sip/warm-transfers", request);
    expect(response.status).toBe(201);
    const body = (await response.json()) as WarmTransferResponse;
    expect(body).toEqual({
      warm_transfer_id: expect.stringMatching(/^wt_[A-Za-z0-9_-]{22}$/),
      status: "dialing",
      room_name: ROOM,
      participant_identity: CALLER,
      transfer_to: "tel:+15551234567",
      consult_identity: `consult_${body.warm_transfer_id}`,
    });
    expect(response.headers.get("location")).toBe(`/sip/warm-transfers/${body.warm_transfer_id}`);
    // The hold came before the dial, and the dial went through the configured trunk.
    expect(caller()).toEqual({ hears: false, heard: false });
    const [dial] = await h.standIn.waitForCalls("CreateSIPParticipant");
    const names = h.standIn.calls.map((c) => c.method);
    expect(names.indexOf("CreateSIPParticipant")).toBeGreaterThan(names.lastIndexOf("MutePublishedTrack"));
    expect(dial!.body).toMatchObject({
      sipTrunkId: "ST_harnessTrunk",
      sipCallTo: "+15551234567",
      roomName: ROOM,
      participantIdentity: body.consult_identity,
      waitUntilAnswered: true,
    });

    const consulting = await recordAfter(body.warm_transfer_id, "dialing");
    expect(consulting).toMatchObject({ status: "consulting", agent_identity: "agent_1" });
    expect(consulting.answered_at).toBeDefined();
    expect(caller()).toEqual({ hears: false, heard: false });
  });

  it("complete: caller off hold, the agent leaves, the supervisor stays; complete again is 409 with the status", async () => {
    await harness();
    const { warm_transfer_id: id } = (await (
      await post("/sip/warm-transfers", request)
    ).json()) as WarmTransferResponse;
    await recordAfter(id, "dialing");
    const response = await post(`/sip/warm-transfers/${id}/complete`, undefined);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ warm_transfer_id: id, status: "completed" });
    expect(caller()).toEqual({ hears: true, heard: true });
    expect(h.standIn.participant(ROOM, "agent_1")).toBeUndefined();
    expect(h.standIn.participant(ROOM, `consult_${id}`)).toBeDefined();
    // The rest of the caller's permission was kept.
    expect(h.standIn.participant(ROOM, CALLER)!.permission).toEqual({
      canSubscribe: true,
      canPublish: true,
      canPublishData: true,
      canUpdateMetadata: true,
    });
    const again = await post(`/sip/warm-transfers/${id}/complete`, undefined);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      code: "WARM_TRANSFER_NOT_CONSULTING",
      details: { status: "completed" },
    });
    const audit = h.logs().find((line) => line["audit"] === "warm_transfer_ended");
    expect(audit).toMatchObject({ warm_transfer_id: id, status: "completed", tenant: a.id });
  });

  it("cancel while ringing: the leg is removed, the caller restored, and the record says cancelled", async () => {
    await harness();
    h.standIn.behave("CreateSIPParticipant", { hang: true });
    const { warm_transfer_id: id } = (await (
      await post("/sip/warm-transfers", request)
    ).json()) as WarmTransferResponse;
    await h.standIn.callReceived("CreateSIPParticipant");
    const early = await post(`/sip/warm-transfers/${id}/complete`, undefined);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: "WARM_TRANSFER_NOT_CONSULTING", details: { status: "dialing" } });

    const cancelled = await post(`/sip/warm-transfers/${id}/cancel`, undefined);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    expect(caller()).toEqual({ hears: true, heard: true });
    expect(h.standIn.callsTo("RemoveParticipant").map((c) => c.body["identity"])).toEqual([`consult_${id}`]);
    // Cancelling again is safe.
    expect((await post(`/sip/warm-transfers/${id}/cancel`, undefined)).status).toBe(200);
  });

  it("a busy supervisor: the record ends failed, reason busy with the SIP status, caller restored", async () => {
    await harness();
    h.standIn.behave("CreateSIPParticipant", {
      fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const { warm_transfer_id: id } = (await (
      await post("/sip/warm-transfers", request)
    ).json()) as WarmTransferResponse;
    const failed = await recordAfter(id, "dialing");
    expect(failed).toMatchObject({
      status: "failed",
      error: { code: "WARM_TRANSFER_FAILED", reason: "busy", sip_status_code: 486, sip_status: "Busy Here" },
    });
    expect(caller()).toEqual({ hears: true, heard: true });
    const cancel = await post(`/sip/warm-transfers/${id}/cancel`, undefined);
    expect(cancel.status).toBe(409);
    expect(await cancel.json()).toMatchObject({ code: "WARM_TRANSFER_ENDED", details: { status: "failed" } });
  });

  it("one transfer per caller: a warm transfer in progress refuses a cold one and another warm one (409 with its id)", async () => {
    await harness();
    h.standIn.behave("CreateSIPParticipant", { hang: true });
    const { warm_transfer_id: id } = (await (
      await post("/sip/warm-transfers", request)
    ).json()) as WarmTransferResponse;
    const warm = await post("/sip/warm-transfers", request);
    expect(warm.status).toBe(409);
    expect(await warm.json()).toMatchObject({ code: "TRANSFER_IN_PROGRESS", details: { warm_transfer_id: id } });
    const cold = await post("/sip/transfer", {
      room_name: ROOM,
      participant_identity: CALLER,
      transfer_to: "+15557654321",
    });
    expect(cold.status).toBe(409);
    expect(await cold.json()).toMatchObject({ code: "TRANSFER_IN_PROGRESS", details: { warm_transfer_id: id } });
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
  });

  it("a cold transfer in progress refuses a warm one (409 naming it), and the agent may not be the caller (400)", async () => {
    await harness({ transferWaitMs: 0 });
    h.standIn.behave("TransferSIPParticipant", { hang: true });
    const cold = await post("/sip/transfer", {
      room_name: ROOM,
      participant_identity: CALLER,
      transfer_to: "+15557654321",
    });
    const { transfer_id } = (await cold.json()) as { transfer_id: string };
    const warm = await post("/sip/warm-transfers", request);
    expect(warm.status).toBe(409);
    expect(await warm.json()).toMatchObject({ code: "TRANSFER_IN_PROGRESS", details: { transfer_id } });
    expect(h.standIn.callsTo("MutePublishedTrack")).toHaveLength(0);
    const self = await post("/sip/warm-transfers", { ...request, agent_identity: CALLER });
    expect(self.status).toBe(400);
    expect(await self.json()).toMatchObject({
      code: "INVALID_REQUEST",
      details: { issues: [{ path: "/body/agent_identity" }] },
    });
  });

  it("refusals change nothing: SIP URI 400, no trunk 500, remote unmute off 500, another tenant's room 404", async () => {
    await harness({ sipOutboundTrunkId: null });
    const noTrunk = await post("/sip/warm-transfers", request);
    expect(noTrunk.status).toBe(500);
    expect(await noTrunk.json()).toMatchObject({ code: "SIP_TRUNK_NOT_CONFIGURED" });
    await h.close();

    await harness();
    const sipUri = await post("/sip/warm-transfers", { ...request, transfer_to: "sip:boss@pbx.example.com" });
    expect(sipUri.status).toBe(400);
    expect(await sipUri.json()).toMatchObject({ code: "INVALID_PHONE_NUMBER" });
    const ringing = await post("/sip/warm-transfers", { ...request, ringing_timeout: 61 });
    expect(ringing.status).toBe(400);
    const otherTenant = await post("/sip/warm-transfers", request, b.secret);
    expect(otherTenant.status).toBe(404);
    expect(await otherTenant.json()).toMatchObject({ code: "ROOM_NOT_FOUND" });
    h.standIn.setRemoteUnmute(false);
    const noUnmute = await post("/sip/warm-transfers", request);
    expect(noUnmute.status).toBe(500);
    expect(await noUnmute.json()).toMatchObject({ code: "LIVEKIT_REMOTE_UNMUTE_DISABLED" });
    expect(caller()).toEqual({ hears: true, heard: true });
    expect(h.standIn.callsTo("CreateSIPParticipant")).toHaveLength(0);
    expect((await get<WarmTransferList>("/sip/warm-transfers")).body).toEqual({
      warm_transfers: [],
      next_cursor: null,
    });
  });

  it("records are the tenant's: another tenant gets 404 for get, complete and cancel; the list has its own", async () => {
    await harness();
    const { warm_transfer_id: id } = (await (
      await post("/sip/warm-transfers", request)
    ).json()) as WarmTransferResponse;
    await recordAfter(id, "dialing");
    for (const path of [`/sip/warm-transfers/${id}/complete`, `/sip/warm-transfers/${id}/cancel`]) {
      const refused = await post(path, undefined, b.secret);
      expect(refused.status).toBe(404);
      expect(await refused.json()).toMatchObject({ code: "WARM_TRANSFER_NOT_FOUND" });
    }
    expect((await get(`/sip/warm-transfers/${id}`, b.secret)).status).toBe(404);
    expect((await get<WarmTransferList>("/sip/warm-transfers", b.secret)).body.warm_transfers).toEqual([]);
    const mine = (await get<WarmTransferList>(`/sip/warm-transfers?participant_identity=${CALLER}`)).body;
    expect(mine.warm_transfers.map((w) => w.warm_transfer_id)).toEqual([id]);
    expect((await get<WarmTransferList>("/sip/warm-transfers?status=completed")).body.warm_transfers).toEqual([]);
  });

  it("Idempotency-Key: a retry gets the first answer, replayed, and no second dial", async () => {
    await harness();
    const headers = { "idempotency-key": "warm-key-1" };
    const first = await post("/sip/warm-transfers", request, a.secret, headers);
    expect(first.status).toBe(201);
    const second = await post("/sip/warm-transfers", request, a.secret, headers);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    expect(h.standIn.callsTo("CreateSIPParticipant")).toHaveLength(1);
  });

  it("the watch: a supervisor who hangs up mid-consult gets the caller restored and the record failed", async () => {
    await harness();
    const { warm_transfer_id: id } = (await (
      await post("/sip/warm-transfers", request)
    ).json()) as WarmTransferResponse;
    await recordAfter(id, "dialing");
    h.standIn.removeParticipant(ROOM, `consult_${id}`);
    expect(await h.parts.warmTransfers.watch()).toBe(1);
    expect((await get<WarmTransfer>(`/sip/warm-transfers/${id}`)).body).toMatchObject({
      status: "failed",
      error: { reason: "supervisor_left" },
    });
    expect(caller()).toEqual({ hears: true, heard: true });
  });

  it("warm_transfer.* webhooks: each end is delivered once to the tenant's receiver, signed, with the record", async () => {
    const receiver = await startWebhookReceiver();
    const secret = SECRETS_IN_TESTS["tenant-a's webhook secret"];
    try {
      await harness({
        webhooks: {
          targetFor: (tenant) => (tenant === a.id ? { url: `${receiver.url}/hooks`, secret } : undefined),
          pollIntervalMs: 50,
        },
      });
      // One completes, then one fails busy.
      const { warm_transfer_id: first } = (await (
        await post("/sip/warm-transfers", request)
      ).json()) as WarmTransferResponse;
      await recordAfter(first, "dialing");
      await post(`/sip/warm-transfers/${first}/complete`, undefined);
      h.standIn.behave("CreateSIPParticipant", {
        fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486" } },
      });
      const { warm_transfer_id: second } = (await (
        await post("/sip/warm-transfers", { ...request, agent_identity: undefined })
      ).json()) as WarmTransferResponse;
      const received = await receiver.waitFor(2);
      const validate = specValidator(loadSpec());
      const events = received.map((r) => verifyWebhook(r.rawBody, r.headers as Record<string, string>, secret));
      expect(events.map((e) => [e.type, "warm_transfer_id" in e.data ? e.data.warm_transfer_id : undefined])).toEqual([
        ["warm_transfer.completed", first],
        ["warm_transfer.failed", second],
      ]);
      expect(received[0]!.headers["webhook-id"]).toBe(`msg_${first}`);
      const schemas = ["WarmTransferCompletedEvent", "WarmTransferFailedEvent"];
      events.forEach((event, i) =>
        expect(validate({ $ref: `#/components/schemas/${schemas[i]}` }, event).errors).toBe("No errors"),
      );
      expect((events[1]!.data as unknown as WarmTransfer).error).toMatchObject({
        reason: "busy",
        sip_status_code: 486,
      });
      // Once the store says delivered (one attempt each), nothing can claim them again: two requests in all.
      for (const id of [first, second]) {
        await expect
          .poll(async () => (await h.store.getWarmTransfer(id))?.webhook)
          .toEqual({ status: "delivered", attempts: 1 });
      }
      expect(receiver.received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it("/ready warns when LiveKit does not know SIP_OUTBOUND_TRUNK_ID, and stops once the trunk exists", async () => {
    await harness();
    const { checkReadiness } = await import("../src/readiness.js");
    const deps = { store: h.store, livekit: h.parts.livekit, outboundTrunkId: "ST_configured1" };
    const missing = await checkReadiness(deps);
    expect(missing).toMatchObject({ store: "ok", livekit: "ok" });
    expect(missing.warnings).toEqual([
      expect.stringMatching(/^SIP_OUTBOUND_TRUNK_ID is not an outbound trunk LiveKit knows/),
    ]);
    h.standIn.addOutboundTrunk("ST_configured1");
    expect((await checkReadiness(deps)).warnings).toBeUndefined();
  });
});
