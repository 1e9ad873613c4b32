import { LiveKitUnavailableError } from "@sip-transfer/domain";
import { LIVEKIT_TRANSFER_ANSWERS, type LiveKitStandIn, freePort, startLiveKitStandIn } from "@sip-transfer/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLiveKitAdapter } from "../src/index.js";

let standIn: LiveKitStandIn;
let adapter: ReturnType<typeof createLiveKitAdapter>;

beforeEach(async () => {
  standIn = await startLiveKitStandIn();
  adapter = createLiveKitAdapter({
    url: standIn.url,
    apiKey: standIn.apiKey,
    apiSecret: standIn.apiSecret,
    lookupTimeoutSeconds: 1,
  });
  standIn.addRoom({
    name: "call-room-123",
    metadata: '{"auth_id":"tenant-a"}',
    participants: [
      { identity: "sip_1", kind: "SIP" },
      { identity: "agent", kind: "AGENT" },
      { identity: "web", kind: "STANDARD" },
    ],
  });
  // A room whose name is a prefix of another: lookups must match the exact name.
  standIn.addRoom({ name: "call-room-1234", metadata: "other" });
});
afterEach(() => standIn.close());

describe("createLiveKitAdapter", () => {
  it("finds a room by its exact name, with metadata, as plain JSON-safe values", async () => {
    const room = await adapter.findRoom("call-room-123");
    expect(room).toEqual({ name: "call-room-123", metadata: '{"auth_id":"tenant-a"}' });
    expect(() => JSON.stringify(room)).not.toThrow();
    expect(await adapter.findRoom("missing")).toBeUndefined();
  });

  it("finds participants with their kind; not_found means missing", async () => {
    expect(await adapter.findParticipant("call-room-123", "sip_1")).toEqual({
      identity: "sip_1",
      kind: "SIP",
      isSip: true,
    });
    expect(await adapter.findParticipant("call-room-123", "agent")).toEqual({
      identity: "agent",
      kind: "AGENT",
      isSip: false,
    });
    expect(await adapter.findParticipant("call-room-123", "web")).toEqual({
      identity: "web",
      kind: "STANDARD",
      isSip: false,
    });
    expect(await adapter.findParticipant("call-room-123", "nobody")).toBeUndefined();
    expect(await adapter.findParticipant("no-room", "sip_1")).toBeUndefined();
  });

  it.each([
    ["a Twirp internal error", { fail: { code: "internal" as const } }],
    ["a refused token", { fail: { code: "unauthenticated" as const } }],
    ["an HTML 502 from a proxy", { raw: { status: 502, body: "<html/>", contentType: "text/html" } }],
  ])("maps %s during lookups to LiveKitUnavailableError", async (_label, behaviour) => {
    standIn.behave("ListRooms", behaviour);
    standIn.behave("GetParticipant", behaviour);
    await expect(adapter.findRoom("call-room-123")).rejects.toBeInstanceOf(LiveKitUnavailableError);
    await expect(adapter.findParticipant("call-room-123", "sip_1")).rejects.toBeInstanceOf(LiveKitUnavailableError);
  });

  it("maps an unreachable LiveKit to LiveKitUnavailableError", async () => {
    const nowhere = createLiveKitAdapter({ url: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s" });
    await expect(nowhere.findRoom("r")).rejects.toBeInstanceOf(LiveKitUnavailableError);
    await expect(nowhere.findParticipant("r", "p")).rejects.toBeInstanceOf(LiveKitUnavailableError);
  });

  it("transfers with the tel: URI and a token holding the SIP call grant", async () => {
    await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:+15551234567");
    expect(standIn.callsTo("TransferSIPParticipant")[0]).toMatchObject({
      body: { roomName: "call-room-123", participantIdentity: "sip_1", transferTo: "tel:+15551234567" },
      grants: { sip: { call: true }, video: { roomAdmin: true, room: "call-room-123" } },
    });
  });

  it("passes the ringing timeout, the dial tone and the X- headers to LiveKit", async () => {
    await adapter.transferSipParticipant("call-room-123", "sip_1", "sip:queue@pbx.example.com", {
      ringingTimeoutS: 45,
      playDialtone: true,
      headers: { "X-Case-Id": "4711", "X-Queue": "billing" },
    });
    expect(standIn.callsTo("TransferSIPParticipant")[0]?.body).toMatchObject({
      transferTo: "sip:queue@pbx.example.com",
      ringingTimeout: "45s",
      playDialtone: true,
      headers: { "X-Case-Id": "4711", "X-Queue": "billing" },
    });
  });

  it("says completed when LiveKit answers the transfer with Twirp's empty JSON", async () => {
    await expect(adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234")).resolves.toEqual({
      outcome: "completed",
    });
    expect(adapter.transferTimeoutMs()).toBe(32_000); // the SDK's floor: ringing timeout (30 s) + 2 s
    expect(adapter.transferTimeoutMs({ ringingTimeoutS: 120 })).toBe(122_000);
  });

  // What each answer of LiveKit's transfer call means. The SIP status is read before the Twirp code
  // (486 comes as resource_exhausted, 603 as permission_denied, 5xx as failed_precondition).
  it.each([
    [
      "603 Decline",
      { fail: { code: "permission_denied", msg: "declined", meta: { sip_status_code: "603", sip_status: "Decline" } } },
      { outcome: "failed", sipStatusCode: 603, sipStatus: "Decline" },
    ],
    [
      "486 Busy Here",
      { fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486", sip_status: "Busy Here" } } },
      { outcome: "failed", sipStatusCode: 486, sipStatus: "Busy Here" },
    ],
    [
      "503 from the far end",
      {
        fail: {
          code: "failed_precondition",
          msg: "refer failed",
          meta: { sip_status_code: "503", sip_status: "Service Unavailable" },
        },
      },
      { outcome: "failed", sipStatusCode: 503, sipStatus: "Service Unavailable" },
    ],
    [
      "a call not established",
      { fail: { code: "failed_precondition", msg: "can't transfer non established call" } },
      { outcome: "refused", reason: "call_not_active" },
    ],
    [
      "a transfer elsewhere already running",
      { fail: { code: "invalid_argument", msg: "call already being transferred elsewhere" } },
      { outcome: "refused", reason: "already_transferring" },
    ],
    [
      "LiveKit's own timeout",
      { fail: { code: "deadline_exceeded", msg: "no NOTIFY" } },
      { outcome: "unknown", reason: "timeout" },
    ],
    [
      "a cancelled call",
      { fail: { code: "canceled", msg: "context canceled" } },
      { outcome: "unknown", reason: "cancelled" },
    ],
    [
      "livekit-sip stopping mid-transfer",
      { fail: LIVEKIT_TRANSFER_ANSWERS.sipServiceStopping },
      { outcome: "unknown", reason: "cancelled" },
    ],
    // livekit-sip's REFER transaction ended without an answer it read: the REFER went out, so the
    // phone may still act on it (LiveKit classes it indeterminate); never failed, never "cut off".
    [
      "a REFER whose SIP transaction ended unanswered",
      { fail: LIVEKIT_TRANSFER_ANSWERS.referUnanswered },
      {
        outcome: "unknown",
        reason: "refer_unanswered",
        detail: "transaction failed to complete (0 intermediate responses) (canceled)",
      },
    ],
    [
      "a 202 without a NOTIFY in time (livekit-sip's own wait)",
      { fail: LIVEKIT_TRANSFER_ANSWERS.referNotifyTimeout },
      { outcome: "unknown", reason: "timeout" },
    ],
    [
      "a REFER answered only 1xx",
      { fail: { code: "canceled", msg: "transaction failed to complete (2 intermediate responses)" } },
      { outcome: "unknown", reason: "refer_unanswered" },
    ],
    [
      "LiveKit's 603 as the real server words it",
      { fail: LIVEKIT_TRANSFER_ANSWERS.declined },
      { outcome: "failed", sipStatusCode: 603, sipStatus: "Decline" },
    ],
    [
      "LiveKit's 486 as the real server words it",
      { fail: LIVEKIT_TRANSFER_ANSWERS.busy },
      { outcome: "failed", sipStatusCode: 486, sipStatus: "Busy Here" },
    ],
    [
      "an internal error without SIP status",
      { fail: { code: "internal", msg: "boom" } },
      { outcome: "failed", sipStatusCode: undefined },
    ],
    [
      "a SIP status that is not a number",
      { fail: { code: "internal", meta: { sip_status_code: "not-a-number" } } },
      { outcome: "failed", sipStatusCode: undefined },
    ],
    [
      "a 2xx that is not JSON",
      { raw: { status: 200, body: "", contentType: "text/plain" } },
      { outcome: "unknown", reason: "not_livekit" },
    ],
    [
      "a proxy's HTML 502",
      { raw: { status: 502, body: "<html>bad gateway</html>", contentType: "text/html" } },
      { outcome: "unknown", reason: "not_livekit" },
    ],
  ] as const)("maps %s to %j", async (_label, behaviour, expected) => {
    standIn.behave("TransferSIPParticipant", behaviour);
    const result = await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234");
    expect(result).toMatchObject(expected);
    expect(result).toHaveProperty("detail");
  });

  it("says failed (nothing was sent) when LiveKit refuses the connection, unknown when the call is cut off", async () => {
    const closed = await freePort(); // nothing listens there: the connection is refused
    const nowhere = createLiveKitAdapter({ url: `http://127.0.0.1:${closed}`, apiKey: "k", apiSecret: "s" });
    await expect(nowhere.transferSipParticipant("r", "p", "tel:1234")).resolves.toMatchObject({ outcome: "failed" });
    const impatient = createLiveKitAdapter({
      url: standIn.url,
      apiKey: standIn.apiKey,
      apiSecret: standIn.apiSecret,
      lookupTimeoutSeconds: 1,
      ringingTimeoutSeconds: 1,
    });
    expect(impatient.transferTimeoutMs()).toBe(3000);
    standIn.behave("TransferSIPParticipant", { hang: true });
    await expect(impatient.transferSipParticipant("call-room-123", "sip_1", "tel:1234")).resolves.toMatchObject({
      outcome: "unknown",
      reason: "timeout",
    });
    // The call's own timeout follows the request's ringing_timeout (the SDK derives it: ringing + 2 s).
    const started = performance.now();
    await expect(
      adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234", { ringingTimeoutS: 1 }),
    ).resolves.toMatchObject({
      outcome: "unknown",
      reason: "timeout",
    });
    expect(performance.now() - started).toBeGreaterThan(2500);
    expect(performance.now() - started).toBeLessThan(5000);
  }, 15_000);
});

describe("behind something that sends Twirp errors as application/json; charset=utf-8", () => {
  // livekit-server-sdk reads a Twirp error's code and metadata only when Content-Type is exactly
  // application/json; the adapter must still tell "missing" and the SIP status apart.
  it("still reads not_found as missing", async () => {
    standIn.behave("GetParticipant", { errorContentType: "application/json; charset=utf-8" });
    expect(await adapter.findParticipant("call-room-123", "nobody")).toBeUndefined();
    expect(await adapter.findParticipant("no-room", "sip_1")).toBeUndefined();
  });

  it("still reads other errors as unavailable", async () => {
    standIn.behave("GetParticipant", {
      errorContentType: "application/json; charset=utf-8",
      fail: { code: "internal" },
    });
    await expect(adapter.findParticipant("call-room-123", "sip_1")).rejects.toBeInstanceOf(LiveKitUnavailableError);
  });

  it("still reads the SIP status of a failed transfer", async () => {
    standIn.behave("TransferSIPParticipant", {
      errorContentType: "application/json; charset=utf-8",
      fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const result = await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234");
    expect(result).toMatchObject({ outcome: "failed", sipStatusCode: 486, sipStatus: "Busy Here" });
  });

  it("still tells an unanswered REFER from a cut-off call", async () => {
    standIn.behave("TransferSIPParticipant", {
      errorContentType: "application/json; charset=utf-8",
      fail: LIVEKIT_TRANSFER_ANSWERS.referUnanswered,
    });
    await expect(adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234")).resolves.toMatchObject({
      outcome: "unknown",
      reason: "refer_unanswered",
    });
  });

  it("still reads LiveKit's refusals", async () => {
    standIn.behave("TransferSIPParticipant", {
      errorContentType: "application/json; charset=utf-8",
      fail: { code: "failed_precondition", msg: "can't transfer non established call" },
    });
    await expect(adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234")).resolves.toMatchObject({
      outcome: "refused",
      reason: "call_not_active",
    });
  });
});
