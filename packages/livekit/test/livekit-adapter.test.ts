import { LiveKitUnavailableError, TransferFailedError } from "@sip-transfer/domain";
import { type LiveKitStandIn, startLiveKitStandIn } from "@sip-transfer/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLiveKitAdapter } from "../src/index.js";

let standIn: LiveKitStandIn;
let adapter: ReturnType<typeof createLiveKitAdapter>;

beforeEach(async () => {
  standIn = await startLiveKitStandIn();
  adapter = createLiveKitAdapter({ url: standIn.url, apiKey: standIn.apiKey, apiSecret: standIn.apiSecret, lookupTimeoutSeconds: 1 });
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
    expect(await adapter.findParticipant("call-room-123", "sip_1")).toEqual({ identity: "sip_1", kind: "SIP", isSip: true });
    expect(await adapter.findParticipant("call-room-123", "agent")).toEqual({ identity: "agent", kind: "AGENT", isSip: false });
    expect(await adapter.findParticipant("call-room-123", "web")).toEqual({ identity: "web", kind: "STANDARD", isSip: false });
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

  it("maps a SIP failure to TransferFailedError with the SIP status", async () => {
    standIn.behave("TransferSIPParticipant", {
      fail: { code: "permission_denied", msg: "declined", meta: { sip_status_code: "603", sip_status: "Decline" } },
    });
    const error = await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferFailedError);
    expect(error).toMatchObject({ sipStatusCode: 603, sipStatus: "Decline", details: { sip_status_code: 603, sip_status: "Decline" } });
  });

  it("maps other transfer failures to TransferFailedError without SIP details", async () => {
    standIn.behave("TransferSIPParticipant", { fail: { code: "deadline_exceeded", msg: "no NOTIFY" } });
    const error = await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferFailedError);
    expect((error as TransferFailedError).details).toBeUndefined();
    expect((error as Error).message).toContain("deadline_exceeded");
    standIn.behave("TransferSIPParticipant", { fail: { code: "internal", meta: { sip_status_code: "not-a-number" } } });
    const odd = await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234").catch((e: unknown) => e);
    expect(odd).toMatchObject({ sipStatusCode: undefined });
  });
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
    standIn.behave("GetParticipant", { errorContentType: "application/json; charset=utf-8", fail: { code: "internal" } });
    await expect(adapter.findParticipant("call-room-123", "sip_1")).rejects.toBeInstanceOf(LiveKitUnavailableError);
  });

  it("still reads the SIP status of a failed transfer", async () => {
    standIn.behave("TransferSIPParticipant", {
      errorContentType: "application/json; charset=utf-8",
      fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const error = await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferFailedError);
    expect(error).toMatchObject({ sipStatusCode: 486, sipStatus: "Busy Here", message: "SIP transfer failed: 486 Busy Here" });
  });
});

it("takes a 2xx answer to the transfer as success even when its body is not JSON", async () => {
  standIn.behave("TransferSIPParticipant", { raw: { status: 200, body: "", contentType: "text/plain" } });
  await expect(adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234")).resolves.toBeUndefined();
  standIn.behave("TransferSIPParticipant", { raw: { status: 500, body: "", contentType: "text/plain" } });
  await expect(adapter.transferSipParticipant("call-room-123", "sip_1", "tel:1234")).rejects.toBeInstanceOf(TransferFailedError);
});
