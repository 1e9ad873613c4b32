import { describe, expect, it, vi } from "vitest";
import {
  type BackgroundTransfer,
  LiveKitUnavailableError,
  type LiveKitPort,
  TransferFailedError,
  transferCall,
} from "../src/index.js";

interface FakeOptions {
  metadata?: string | undefined;
  roomExists?: boolean;
  participantKind?: string | undefined;
  findRoom?: () => Promise<never>;
  findParticipant?: () => Promise<never>;
  transfer?: () => Promise<void>;
}

function fakeLiveKit(options: FakeOptions = {}) {
  const calls: string[] = [];
  const port: LiveKitPort = {
    async findRoom(name) {
      calls.push(`findRoom ${name}`);
      if (options.findRoom) return options.findRoom();
      return options.roomExists === false ? undefined : { name, metadata: options.metadata ?? "" };
    },
    async findParticipant(room, identity) {
      calls.push(`findParticipant ${room} ${identity}`);
      if (options.findParticipant) return options.findParticipant();
      const kind = "participantKind" in options ? options.participantKind : "SIP";
      return kind === undefined ? undefined : { identity, kind, isSip: kind === "SIP" };
    },
    async transferSipParticipant(room, identity, to) {
      calls.push(`transfer ${room} ${identity} ${to}`);
      return options.transfer ? options.transfer() : undefined;
    },
  };
  return { port, calls };
}

const input = { roomName: "call-room-123", participantIdentity: "sip_participant_456", transferTo: "+15551234567" };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

describe("transferCall", () => {
  it("transfers and answers completed when LiveKit finishes within the window", async () => {
    const { port, calls } = fakeLiveKit();
    await expect(transferCall({ livekit: port, waitMs: 1000 }, { ...input, roomName: "  call-room-123 " })).resolves.toEqual({
      status: "completed",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
    });
    expect(calls).toEqual([
      "findRoom call-room-123",
      "findParticipant call-room-123 sip_participant_456",
      "transfer call-room-123 sip_participant_456 tel:+15551234567",
    ]);
  });

  it("decides in the seed's order", async () => {
    const unavailable = () => Promise.reject(new LiveKitUnavailableError());
    const cases: [string, Parameters<typeof fakeLiveKit>[0] | "unconfigured", Partial<typeof input> & { authId?: string }, string][] = [
      ["empty field before phone", {}, { roomName: " ", transferTo: "nope" }, "INVALID_REQUEST"],
      ["bad number before missing room", { roomExists: false }, { transferTo: "abc" }, "INVALID_PHONE_NUMBER"],
      ["bad number before LiveKit configured", "unconfigured", { transferTo: "abc" }, "INVALID_PHONE_NUMBER"],
      ["LiveKit configured before room", "unconfigured", {}, "LIVEKIT_NOT_CONFIGURED"],
      ["missing room before missing participant", { roomExists: false, participantKind: undefined }, {}, "ROOM_NOT_FOUND"],
      ["inaccessible room before missing participant", { metadata: '{"auth_id":"b"}', participantKind: undefined }, { authId: "a" }, "ROOM_NOT_FOUND"],
      ["inaccessible room before LiveKit failing on participant", { metadata: "", findParticipant: unavailable }, { authId: "a" }, "ROOM_NOT_FOUND"],
      ["room lookup failure", { findRoom: unavailable }, {}, "LIVEKIT_UNAVAILABLE"],
      ["participant lookup failure", { findParticipant: unavailable }, {}, "LIVEKIT_UNAVAILABLE"],
      ["missing participant", { participantKind: undefined }, {}, "PARTICIPANT_NOT_FOUND"],
      ["non-SIP participant", { participantKind: "STANDARD" }, {}, "PARTICIPANT_NOT_FOUND"],
      ["own room", { metadata: '{"auth_id":"a"}' }, { authId: "a" }, "OK"],
    ];
    for (const [label, options, override, code] of cases) {
      const livekit = options === "unconfigured" ? undefined : fakeLiveKit(options).port;
      expect(await codeOf(transferCall({ livekit, waitMs: 100 }, { ...input, ...override })), label).toBe(code);
    }
  });

  it("turns an unexpected lookup failure into LIVEKIT_UNAVAILABLE", async () => {
    const { port } = fakeLiveKit({ findRoom: () => Promise.reject(new TypeError("fetch failed")) });
    const error = await transferCall({ livekit: port, waitMs: 100 }, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveKitUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("never transfers when a check fails", async () => {
    const { port, calls } = fakeLiveKit({ participantKind: "AGENT" });
    await expect(transferCall({ livekit: port, waitMs: 100 }, input)).rejects.toThrow("is not a SIP participant");
    expect(calls.some((call) => call.startsWith("transfer"))).toBe(false);
  });

  it("answers TRANSFER_FAILED with SIP details when LiveKit fails within the window", async () => {
    const { port } = fakeLiveKit({
      transfer: () => Promise.reject(new TransferFailedError({ reason: "x", sipStatusCode: 486, sipStatus: "Busy Here" })),
    });
    const error = await transferCall({ livekit: port, waitMs: 1000 }, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferFailedError);
    expect(error).toMatchObject({ code: "TRANSFER_FAILED", details: { sip_status_code: 486, sip_status: "Busy Here" } });
    expect((error as Error).message).toBe("SIP transfer failed: 486 Busy Here");
  });

  it("answers initiated after the window and follows the transfer to its end", async () => {
    vi.useFakeTimers();
    try {
      let finish!: (ok: boolean) => void;
      const { port } = fakeLiveKit({
        transfer: () =>
          new Promise<void>((resolve, reject) => {
            finish = (ok) => (ok ? resolve() : reject(new Error("boom")));
          }),
      });
      const background: BackgroundTransfer[] = [];
      const answer = transferCall({ livekit: port, waitMs: 2000, onBackgroundTransfer: (t) => background.push(t) }, input);
      await vi.advanceTimersByTimeAsync(1999);
      expect(background).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await expect(answer).resolves.toMatchObject({ status: "initiated", transfer_to: "tel:+15551234567" });
      expect(background).toHaveLength(1);
      finish(false);
      const outcome = await background[0]!.settled;
      expect(outcome.status).toBe("failed");
      expect(outcome.status === "failed" && outcome.error).toBeInstanceOf(TransferFailedError);
    } finally {
      vi.useRealTimers();
    }
  });

  it("normalises national numbers with the default region", async () => {
    const { port, calls } = fakeLiveKit();
    const answer = await transferCall({ livekit: port, waitMs: 100, phone: { defaultRegion: "GB" } }, { ...input, transferTo: "07123 456789" });
    expect(answer.transfer_to).toBe("tel:+447123456789");
    expect(calls.at(-1)).toBe("transfer call-room-123 sip_participant_456 tel:+447123456789");
  });
});
