import { describe, expect, it } from "vitest";
import {
  InvalidPhoneNumberError,
  InvalidTransferOptionError,
  LiveKitNotConfiguredError,
  LiveKitRemoteUnmuteDisabledError,
  LiveKitUnavailableError,
  type LiveKitPort,
  ParticipantNotFoundError,
  RoomNotFoundError,
  type SipDial,
  type SipDialResult,
  SipTrunkNotConfiguredError,
  TransferInProgressError,
  TransferService,
  type WarmTransferLiveKitPort,
  WarmTransferEndedError,
  WarmTransferNotConsultingError,
  WarmTransferNotFoundError,
  type WarmTransferRecord,
  WarmTransferService,
  type WarmTransferServiceDeps,
  parseTransferOrder,
  parseWarmTransferOrder,
} from "../src/index.js";
import { memoryStore } from "../src/testing/memory-store.js";

interface Party {
  isSip: boolean;
  canSubscribe: boolean;
  /** The rest of the permission, which a hold must leave as it was. */
  canPublishData: boolean;
  tracks: { sid: string; muted: boolean }[];
}

/**
 * A LiveKit room in memory: who is in it, what each may hear (can_subscribe) and whether each is
 * heard (mute). Dials wait until the test answers them. `fail` makes the named method throw as an
 * unreachable LiveKit would.
 */
function fakeLiveKit(options: { remoteUnmute?: boolean } = {}) {
  const room = "call-room-123";
  const parties = new Map<string, Party>();
  const fail = new Set<string>();
  const calls: string[] = [];
  const dials: { dial: SipDial; resolve: (result: SipDialResult) => void }[] = [];
  const dialArrivals: (() => void)[] = [];
  const check = (method: string) => {
    calls.push(method);
    if (fail.has(method)) throw new TypeError("fetch failed");
  };
  const party = (identity: string, sip = true): Party => ({
    isSip: sip,
    canSubscribe: true,
    canPublishData: true,
    tracks: [{ sid: `TR_${identity}`, muted: false }],
  });
  parties.set("caller", party("caller"));
  parties.set("agent", party("agent", false));
  const port: LiveKitPort & WarmTransferLiveKitPort = {
    transferTimeoutMs: () => 32_000,
    dialTimeoutMs: (ringing) => ringing * 1000 + 15_000,
    async findRoom(name) {
      check("findRoom");
      return name === room ? { name, metadata: '{"auth_id":"tenant-a"}' } : undefined;
    },
    async findParticipant(name, identity) {
      check("findParticipant");
      const p = name === room ? parties.get(identity) : undefined;
      return p && { identity, kind: p.isSip ? "SIP" : "STANDARD", isSip: p.isSip };
    },
    // A REFER that LiveKit never answers: the cold transfer holds the lock for the whole test.
    transferSipParticipant: () => new Promise(() => {}),
    async callerState(_room, identity) {
      check("callerState");
      const p = parties.get(identity);
      return p && { canSubscribe: p.canSubscribe, audioTracks: p.tracks.map((t) => ({ ...t })) };
    },
    async setCanSubscribe(_room, identity, canSubscribe) {
      check("setCanSubscribe");
      const p = parties.get(identity);
      if (!p) return "not_found";
      p.canSubscribe = canSubscribe;
      return "ok";
    },
    async setTrackMuted(_room, identity, sid, muted) {
      check("setTrackMuted");
      const track = parties.get(identity)?.tracks.find((t) => t.sid === sid);
      if (!track) return "not_found";
      if (!muted && options.remoteUnmute === false) return "remote_unmute_disabled";
      track.muted = muted;
      return "ok";
    },
    dialSipParticipant(dial) {
      check("dialSipParticipant");
      // The leg is in the room while it rings (livekit-sip joins before it sends the INVITE).
      parties.set(dial.identity, party(dial.identity));
      return new Promise((resolve) => {
        dials.push({ dial, resolve });
        for (const arrived of dialArrivals.splice(0)) arrived();
      });
    },
    async removeParticipant(_room, identity) {
      check("removeParticipant");
      return parties.delete(identity) ? "removed" : "not_found";
    },
    async participantIdentities(name) {
      check("participantIdentities");
      return name === room ? [...parties.keys()] : undefined;
    },
    outboundTrunkExists: async (id) => id === "ST_outbound",
  };
  /** Ends the oldest dial with `result`, then lets the service do all it does with it. */
  const answerDial = async (result: SipDialResult) => {
    if (dials.length === 0) await new Promise<void>((resolve) => dialArrivals.push(resolve));
    const { dial, resolve } = dials.shift()!;
    if (result.outcome !== "answered") parties.delete(dial.identity);
    resolve(result);
    await settle();
  };
  /** The caller as the hold left them: hears (can subscribe) and is heard (not muted). */
  const caller = () => {
    const p = parties.get("caller");
    return p && { hears: p.canSubscribe, heard: p.tracks.every((t) => !t.muted), canPublishData: p.canPublishData };
  };
  return { port, parties, fail, calls, dials, answerDial, caller };
}

/** Every reaction to a settled promise of the fakes (all promises, no clock) has run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const input = {
  roomName: "call-room-123",
  participantIdentity: "caller",
  transferTo: "+15551234567",
  agentIdentity: "agent",
};
const context = { tenantId: "tenant-a", requestId: "req-1" };

function setUp(overrides: Partial<WarmTransferServiceDeps> & { remoteUnmute?: boolean } = {}) {
  const livekit = fakeLiveKit({ remoteUnmute: overrides.remoteUnmute ?? true });
  const store = memoryStore();
  let now = 1_000_000;
  const ended: WarmTransferRecord[] = [];
  const service = new WarmTransferService({
    livekit: livekit.port,
    store,
    trunkFor: () => "ST_outbound",
    consultTimeoutMs: 600_000,
    now: () => now,
    onEnded: (record) => ended.push(record),
    ...overrides,
  });
  const start = () => service.start(parseWarmTransferOrder(input), context);
  return { livekit, store, service, start, ended, advance: (ms: number) => (now += ms) };
}

describe("WarmTransferService", () => {
  it("puts the caller on hold before dialling, and consulting once the supervisor answers", async () => {
    const { livekit, service, start } = setUp();
    const started = await start();
    expect(started).toMatchObject({
      status: "dialing",
      transferTo: "tel:+15551234567",
      consultIdentity: `consult_${started.id}`,
      agentIdentity: "agent",
      trunkId: "ST_outbound",
      hold: { canSubscribe: true, mutedTrackSids: ["TR_caller"] },
    });
    expect(started.id).toMatch(/^wt_[A-Za-z0-9_-]{22}$/);
    // On hold (hears nothing, is not heard) before the dial, with the rest of the permission kept.
    expect(livekit.caller()).toEqual({ hears: false, heard: false, canPublishData: true });
    const holdDone = livekit.calls.lastIndexOf("setTrackMuted");
    expect(livekit.calls.indexOf("dialSipParticipant")).toBeGreaterThan(holdDone);
    expect(livekit.dials[0]!.dial).toMatchObject({
      roomName: "call-room-123",
      trunkId: "ST_outbound",
      number: "+15551234567",
      identity: started.consultIdentity,
      ringingTimeoutS: 30,
    });

    await livekit.answerDial({ outcome: "answered" });
    const consulting = await service.get(started.id, "tenant-a");
    expect(consulting).toMatchObject({ status: "consulting", answeredAt: 1_000_000, deadlineAt: 1_600_000 });
    // Still on hold during the consult.
    expect(livekit.caller()).toEqual({ hears: false, heard: false, canPublishData: true });
  });

  it("complete: the caller hears and is heard again, the agent leaves, the supervisor stays", async () => {
    const { livekit, service, start, ended } = setUp();
    const { id } = await start();
    await livekit.answerDial({ outcome: "answered" });
    const completed = await service.complete(id, "tenant-a");
    expect(completed).toMatchObject({ status: "completed", endedAt: 1_000_000 });
    expect(completed.error).toBeUndefined();
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect([...livekit.parties.keys()].sort()).toEqual(["caller", `consult_${id}`].sort());
    expect(ended.map((r) => r.status)).toEqual(["completed"]);
    // The lock is free: a cold transfer of the caller may start now.
    await expect(service.complete(id, "tenant-a")).rejects.toThrow(WarmTransferNotConsultingError);
  });

  it("complete is refused while dialing, and for another tenant's record", async () => {
    const { service, start } = setUp();
    const { id } = await start();
    await expect(service.complete(id, "tenant-a")).rejects.toMatchObject({
      constructor: WarmTransferNotConsultingError,
      status: "dialing",
    });
    await expect(service.complete(id, "tenant-b")).rejects.toThrow(WarmTransferNotFoundError);
    await expect(service.cancel(id, undefined)).rejects.toThrow(WarmTransferNotFoundError);
  });

  it("cancel while consulting: the supervisor's leg ends and the caller hears the agent again", async () => {
    const { livekit, service, start, ended } = setUp();
    const { id } = await start();
    await livekit.answerDial({ outcome: "answered" });
    const cancelled = await service.cancel(id, "tenant-a");
    expect(cancelled.status).toBe("cancelled");
    expect(livekit.parties.has(`consult_${id}`)).toBe(false);
    expect(livekit.parties.has("agent")).toBe(true);
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    // Safe to retry; a later watch changes nothing.
    expect((await service.cancel(id, "tenant-a")).status).toBe("cancelled");
    expect(await service.watch()).toBe(0);
    expect(ended.map((r) => r.status)).toEqual(["cancelled"]);
    await expect(service.complete(id, "tenant-a")).rejects.toThrow(WarmTransferNotConsultingError);
  });

  it("cancel while ringing ends it cancelled, though LiveKit then answers the dial exactly as for no answer", async () => {
    const { livekit, service, start, ended } = setUp();
    const { id } = await start();
    const cancelled = await service.cancel(id, "tenant-a");
    expect(cancelled.status).toBe("cancelled");
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    await livekit.answerDial({ outcome: "failed", reason: "no_answer", detail: "sip request timed out" });
    expect((await service.get(id, "tenant-a")).status).toBe("cancelled");
    expect(ended).toHaveLength(1);
  });

  it("a supervisor who answers just as the cancel is stored is hung up, and the record ends cancelled", async () => {
    const { livekit, service, store, start } = setUp();
    const { id } = await start();
    // The cancel's intent is stored; its LiveKit steps fail (LiveKit unreachable) before it ends the record.
    livekit.fail.add("removeParticipant");
    await expect(service.cancel(id, "tenant-a")).rejects.toThrow();
    expect(store.warmRecords.get(id)).toMatchObject({ status: "dialing", ending: { status: "cancelled" } });
    livekit.fail.clear();
    await livekit.answerDial({ outcome: "answered" });
    expect((await service.get(id, "tenant-a")).status).toBe("cancelled");
    expect(livekit.parties.has(`consult_${id}`)).toBe(false);
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
  });

  it.each([
    [{ outcome: "failed", reason: "busy", sipStatusCode: 486, sipStatus: "Busy Here", detail: "" }, "busy", 486],
    [{ outcome: "failed", reason: "declined", sipStatusCode: 603, detail: "" }, "declined", 603],
    [{ outcome: "failed", reason: "no_answer", detail: "sip request timed out" }, "no_answer", undefined],
    [{ outcome: "failed", reason: "trunk_failure", sipStatusCode: 503, detail: "" }, "trunk_failure", 503],
    [{ outcome: "unknown", detail: "timeout" }, "unavailable", undefined],
  ] as const)("a dial that ends %o fails as %s, with the caller restored", async (result, reason, sipStatusCode) => {
    const { livekit, service, start, ended } = setUp();
    const { id } = await start();
    await livekit.answerDial(result);
    const record = await service.get(id, "tenant-a");
    expect(record).toMatchObject({ status: "failed", error: { code: "WARM_TRANSFER_FAILED", reason } });
    expect(record.error?.sipStatusCode).toBe(sipStatusCode);
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect(livekit.parties.has(`consult_${id}`)).toBe(false);
    expect(ended).toHaveLength(1);
  });

  it("the supervisor hangs up during the consult: the watch restores the caller", async () => {
    const { livekit, service, start } = setUp();
    const { id } = await start();
    await livekit.answerDial({ outcome: "answered" });
    expect(await service.watch()).toBe(0);
    livekit.parties.delete(`consult_${id}`);
    expect(await service.watch()).toBe(1);
    expect(await service.get(id, "tenant-a")).toMatchObject({
      status: "failed",
      error: { reason: "supervisor_left" },
    });
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
  });

  it("the caller hangs up: the supervisor's leg ends (ringing or consulting)", async () => {
    for (const answered of [false, true]) {
      const { livekit, service, start } = setUp();
      const { id } = await start();
      if (answered) await livekit.answerDial({ outcome: "answered" });
      livekit.parties.delete("caller");
      expect(await service.watch()).toBe(1);
      expect(await service.get(id, "tenant-a")).toMatchObject({ status: "failed", error: { reason: "caller_left" } });
      expect(livekit.parties.has(`consult_${id}`)).toBe(false);
    }
  });

  it("a record past its deadline (its replica died mid-consult) is restored by another replica's watch", async () => {
    const first = setUp();
    const { id } = await first.start();
    await first.livekit.answerDial({ outcome: "answered" });
    // Another replica: same store, same LiveKit, nothing in memory about this record.
    let now = 1_000_000;
    const other = new WarmTransferService({
      livekit: first.livekit.port,
      store: first.store,
      trunkFor: () => "ST_outbound",
      consultTimeoutMs: 600_000,
      now: () => now,
    });
    expect(await other.watch()).toBe(0);
    expect(first.livekit.caller()).toEqual({ hears: false, heard: false, canPublishData: true });
    now += 600_000;
    expect(await other.watch()).toBe(1);
    expect(await other.get(id, "tenant-a")).toMatchObject({ status: "failed", error: { reason: "expired" } });
    expect(first.livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect(first.livekit.parties.has(`consult_${id}`)).toBe(false);
  });

  it("LiveKit unreachable while restoring: the record stays open, and the next watch restores the caller and ends it as the dial said", async () => {
    const { livekit, service, start, ended } = setUp();
    const { id } = await start();
    livekit.fail.add("setCanSubscribe");
    await livekit.answerDial({ outcome: "failed", reason: "busy", sipStatusCode: 486, detail: "" });
    expect(await service.get(id, "tenant-a")).toMatchObject({ status: "dialing", ending: { status: "failed" } });
    expect(livekit.caller()).toEqual({ hears: false, heard: false, canPublishData: true });
    // Still unreachable: nothing changes, nothing is lost.
    expect(await service.watch()).toBe(0);
    livekit.fail.clear();
    expect(await service.watch()).toBe(1);
    expect(await service.get(id, "tenant-a")).toMatchObject({
      status: "failed",
      error: { reason: "busy", sipStatusCode: 486 },
    });
    expect((await service.get(id, "tenant-a")).ending).toBeUndefined();
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect(ended).toHaveLength(1);
    // A cancel after it failed is refused with its status.
    await expect(service.cancel(id, "tenant-a")).rejects.toMatchObject({
      constructor: WarmTransferEndedError,
      status: "failed",
    });
  });

  it("a complete that LiveKit cuts short is stored, and a retry (or the watch) carries it out", async () => {
    const { livekit, service, start } = setUp();
    const { id } = await start();
    await livekit.answerDial({ outcome: "answered" });
    livekit.fail.add("setTrackMuted");
    await expect(service.complete(id, "tenant-a")).rejects.toThrow();
    await expect(service.cancel(id, "tenant-a")).rejects.toThrow();
    livekit.fail.clear();
    // The cancel came second: the complete stands.
    expect((await service.complete(id, "tenant-a")).status).toBe("completed");
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect(livekit.parties.has("agent")).toBe(false);
    expect(livekit.parties.has(`consult_${id}`)).toBe(true);
  });

  it("refuses before any change: no LiveKit, no trunk, unknown room or participant, no remote unmute", async () => {
    await expect(setUp({ livekit: undefined }).start()).rejects.toThrow(LiveKitNotConfiguredError);
    await expect(setUp({ trunkFor: () => undefined }).start()).rejects.toThrow(SipTrunkNotConfiguredError);
    const noUnmute = setUp({ remoteUnmute: false });
    await expect(noUnmute.start()).rejects.toThrow(LiveKitRemoteUnmuteDisabledError);
    expect(noUnmute.livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect(noUnmute.store.warmRecords.size).toBe(0);
    const other = setUp();
    await expect(other.service.start(parseWarmTransferOrder({ ...input, roomName: "other" }), context)).rejects.toThrow(
      RoomNotFoundError,
    );
    await expect(
      other.service.start(
        parseWarmTransferOrder({ ...input, participantIdentity: "agent", agentIdentity: undefined }),
        context,
      ),
    ).rejects.toThrow(ParticipantNotFoundError);
    const down = setUp();
    down.livekit.fail.add("findRoom");
    await expect(down.start()).rejects.toThrow(LiveKitUnavailableError);
    expect(down.livekit.calls).not.toContain("dialSipParticipant");
  });

  it("a hold LiveKit fails half-way is undone, the record ends hold_failed, and nothing is dialled", async () => {
    const { livekit, service, store, start } = setUp();
    const realMute = livekit.port.setTrackMuted.bind(livekit.port);
    livekit.port.setTrackMuted = async (room, identity, sid, muted) => {
      if (muted) throw new TypeError("fetch failed");
      return realMute(room, identity, sid, muted);
    };
    await expect(start()).rejects.toThrow(LiveKitUnavailableError);
    const [record] = store.warmRecords.values();
    expect(record).toMatchObject({ status: "failed", error: { reason: "hold_failed" } });
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
    expect(livekit.calls).not.toContain("dialSipParticipant");
    expect((await service.list({ tenantId: "tenant-a", limit: 10 })).warmTransfers).toHaveLength(1);
  });

  it("one transfer per caller: a warm transfer blocks a cold one and another warm one, and the reverse", async () => {
    const { livekit, store, service, start } = setUp();
    const { id } = await start();
    await expect(start()).rejects.toMatchObject({ constructor: TransferInProgressError, warmTransferId: id });
    const transfers = new TransferService({ livekit: livekit.port, store, waitMs: 0 });
    const cold = parseTransferOrder({ ...input, transferTo: "+15557654321" });
    await expect(transfers.transferCall(cold, context)).rejects.toMatchObject({
      constructor: TransferInProgressError,
      warmTransferId: id,
    });
    // Another tenant does not learn the id.
    await expect(transfers.transferCall(cold, { ...context, tenantId: undefined })).rejects.toMatchObject({
      constructor: TransferInProgressError,
      warmTransferId: undefined,
    });
    await service.cancel(id, "tenant-a");
    await transfers.transferCall(cold, context);
    await expect(start()).rejects.toThrow(TransferInProgressError);
  });

  it("checks the request like a transfer, but dials numbers only and rings at most 60 s", () => {
    expect(() => parseWarmTransferOrder({ ...input, transferTo: "sip:boss@pbx.example.com" })).toThrow(
      InvalidPhoneNumberError,
    );
    expect(() => parseWarmTransferOrder({ ...input, ringingTimeoutS: 61 })).toThrow(InvalidTransferOptionError);
    expect(parseWarmTransferOrder({ ...input, transferTo: "1234", ringingTimeoutS: 60 })).toMatchObject({
      transferTo: "tel:1234",
      number: "1234",
      ringingTimeoutS: 60,
    });
    expect(() => parseWarmTransferOrder({ ...input, agentIdentity: "  " })).toThrow();
  });

  it("two starts at once: the second is refused before it reads or changes the caller (the hold stands)", async () => {
    const { livekit, start } = setUp();
    const results = await Promise.allSettled([start(), start()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(TransferInProgressError);
    // One probe (unmute), one mute: the refused start never touched the caller.
    expect(livekit.calls.filter((c) => c === "setTrackMuted")).toHaveLength(2);
    expect(livekit.calls.filter((c) => c === "callerState")).toHaveLength(1);
    expect(livekit.caller()).toEqual({ hears: false, heard: false, canPublishData: true });
  });

  it("a supervisor who answers after the record was cancelled (the leg was not in the room yet) is hung up", async () => {
    const { livekit, service, start } = setUp();
    const { id } = await start();
    // The cancel comes before livekit-sip has put the leg in the room.
    livekit.parties.delete(`consult_${id}`);
    await service.cancel(id, "tenant-a");
    livekit.parties.set(`consult_${id}`, {
      isSip: true,
      canSubscribe: true,
      canPublishData: true,
      tracks: [],
    });
    await livekit.answerDial({ outcome: "answered" });
    expect(livekit.parties.has(`consult_${id}`)).toBe(false);
    expect((await service.get(id, "tenant-a")).status).toBe("cancelled");
  });

  it("complete after the supervisor hung up (before the watch saw it) keeps the agent and restores the caller", async () => {
    const { livekit, service, start } = setUp();
    const { id } = await start();
    await livekit.answerDial({ outcome: "answered" });
    livekit.parties.delete(`consult_${id}`);
    await expect(service.complete(id, "tenant-a")).rejects.toMatchObject({
      constructor: WarmTransferNotConsultingError,
      status: "failed",
    });
    expect(await service.get(id, "tenant-a")).toMatchObject({ status: "failed", error: { reason: "supervisor_left" } });
    expect(livekit.parties.has("agent")).toBe(true);
    expect(livekit.caller()).toEqual({ hears: true, heard: true, canPublishData: true });
  });

  it("the agent named must not be the caller (completing would hang the caller up)", () => {
    expect(() => parseWarmTransferOrder({ ...input, agentIdentity: "caller" })).toThrow(InvalidTransferOptionError);
  });

  it("a restore LiveKit keeps refusing is given up 10 minutes past the deadline: the record ends, the lock is freed", async () => {
    const { livekit, service, start, advance, ended } = setUp();
    const { id } = await start();
    livekit.fail.add("setCanSubscribe");
    await livekit.answerDial({ outcome: "failed", reason: "busy", sipStatusCode: 486, detail: "" });
    advance(60_000 + 30_000);
    expect(await service.watch()).toBe(0);
    expect((await service.get(id, "tenant-a")).status).toBe("dialing");
    advance(10 * 60_000);
    expect(await service.watch()).toBe(1);
    expect(await service.get(id, "tenant-a")).toMatchObject({ status: "failed", error: { reason: "busy" } });
    expect(ended).toHaveLength(1);
    livekit.fail.clear();
    await expect(start()).resolves.toMatchObject({ status: "dialing" });
  });
});
