import { AccessToken, RoomServiceClient, ServerError, SipCallError, SipClient } from "livekit-server-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LiveKitStandIn, startLiveKitStandIn } from "../src/index.js";

let standIn: LiveKitStandIn;
let rooms: RoomServiceClient;
let sip: SipClient;
const options = { failover: false, requestTimeout: 2 };

beforeEach(async () => {
  standIn = await startLiveKitStandIn();
  rooms = new RoomServiceClient(standIn.url, standIn.apiKey, standIn.apiSecret, options);
  sip = new SipClient(standIn.url, standIn.apiKey, standIn.apiSecret, options);
  standIn.addRoom({
    name: "call-room-123",
    metadata: '{"auth_id":"tenant-a"}',
    participants: [
      { identity: "sip_participant_456", kind: "SIP", attributes: { "sip.callStatus": "active" } },
      { identity: "web", kind: "STANDARD" },
    ],
  });
  standIn.addRoom({ name: "other", metadata: "" });
});
afterEach(() => standIn.close());

describe("the LiveKit stand-in, as livekit-server-sdk sees it", () => {
  it("lists rooms by name with their metadata", async () => {
    const found = await rooms.listRooms(["call-room-123"]);
    expect(found.map((r) => [r.name, r.metadata])).toEqual([["call-room-123", '{"auth_id":"tenant-a"}']]);
    expect((await rooms.listRooms()).map((r) => r.name).sort()).toEqual(["call-room-123", "other"]);
    expect(await rooms.listRooms(["nope"])).toEqual([]);
  });

  it("gets participants with their kind, and answers not_found like LiveKit", async () => {
    const participant = await rooms.getParticipant("call-room-123", "sip_participant_456");
    expect(participant.identity).toBe("sip_participant_456");
    expect(participant.kind).toBe(3); // ParticipantInfo_Kind.SIP
    expect(participant.attributes).toEqual({ "sip.callStatus": "active" });
    expect((await rooms.listParticipants("call-room-123")).map((p) => p.identity)).toEqual([
      "sip_participant_456",
      "web",
    ]);
    for (const [room, identity] of [
      ["call-room-123", "nobody"],
      ["no-room", "sip_participant_456"],
    ] as const) {
      const error = await rooms.getParticipant(room, identity).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ status: 404, code: "not_found" });
    }
  });

  it("transfers a SIP participant and records the call with its grants", async () => {
    await sip.transferSipParticipant("call-room-123", "sip_participant_456", "tel:+15551234567");
    const [call] = standIn.callsTo("TransferSIPParticipant");
    expect(call).toMatchObject({
      service: "SIP",
      status: 200,
      body: { roomName: "call-room-123", participantIdentity: "sip_participant_456", transferTo: "tel:+15551234567" },
      grants: { video: { roomAdmin: true, room: "call-room-123" }, sip: { call: true } },
    });
  });

  it("refuses a token signed with another secret (401 unauthenticated)", async () => {
    const wrong = new RoomServiceClient(standIn.url, standIn.apiKey, "other-secret", options);
    await expect(wrong.listRooms()).rejects.toMatchObject({ status: 401, code: "unauthenticated" });
    const wrongKey = new RoomServiceClient(standIn.url, "other-key", standIn.apiSecret, options);
    await expect(wrongKey.listRooms()).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a token without the needed grant (403 permission_denied)", async () => {
    const token = new AccessToken(standIn.apiKey, standIn.apiSecret);
    token.addGrant({ roomAdmin: true, room: "some-other-room" });
    const scoped = new RoomServiceClient(standIn.url, undefined, undefined, { ...options, token: await token.toJwt() });
    await expect(scoped.getParticipant("call-room-123", "web")).rejects.toMatchObject({
      status: 403,
      code: "permission_denied",
    });
  });

  it("scripts Twirp failures with SIP metadata, which the SDK turns into SipCallError", async () => {
    standIn.behave("TransferSIPParticipant", {
      fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const error = await sip
      .transferSipParticipant("call-room-123", "sip_participant_456", "tel:1234")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SipCallError);
    expect((error as SipCallError).sipStatusCode).toBe(486);
    expect((error as SipCallError).sipStatus).toBe("Busy Here");
    expect((error as SipCallError).status).toBe(429);
  });

  it("scripts latency and hangs", async () => {
    standIn.behave("ListRooms", { latencyMs: 60 });
    const started = performance.now();
    await rooms.listRooms();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    standIn.behave("ListRooms", { hang: true });
    const quick = new RoomServiceClient(standIn.url, standIn.apiKey, standIn.apiSecret, {
      failover: false,
      requestTimeout: 0.2,
    });
    await expect(quick.listRooms()).rejects.toThrow();
    expect(standIn.callsTo("ListRooms").at(-1)?.endedAt).toBeUndefined();
  });

  it("tells when a call arrives, before it is answered (its latency still to come), or at once for one that already did", async () => {
    standIn.behave("TransferSIPParticipant", { latencyMs: 300 });
    let answered = false;
    const arrived = standIn.callReceived("TransferSIPParticipant").then((call) => ({ call, answered }));
    const transfer = sip.transferSipParticipant("call-room-123", "sip_participant_456", "tel:+15551234567").then(() => {
      answered = true;
    });
    const { call, answered: answeredThen } = await arrived;
    expect(answeredThen).toBe(false);
    expect(call).toMatchObject({ method: "TransferSIPParticipant", body: { transferTo: "tel:+15551234567" } });
    expect(call.endedAt).toBeUndefined();
    await transfer;
    expect(await standIn.callReceived("TransferSIPParticipant")).toBe(call);
    await expect(standIn.callReceived("TransferSIPParticipant", 2, 50)).rejects.toThrow(
      "timed out waiting for call 2 to TransferSIPParticipant; saw 1",
    );
  });

  it("refuses a transfer target that is not tel:, sip: or sips:", async () => {
    await expect(
      sip.transferSipParticipant("call-room-123", "sip_participant_456", "+15551234567"),
    ).rejects.toMatchObject({
      code: "invalid_argument",
    });
  });
});
