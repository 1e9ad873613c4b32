import type { TransferOptions } from "./transfer-order.js";

/** What the transfer use case needs from LiveKit. Implemented by @sip-transfer/livekit. */
export interface LiveKitPort {
  /**
   * The room with exactly this name, or undefined when there is none.
   * Throws LiveKitUnavailableError when LiveKit cannot answer.
   */
  findRoom(roomName: string): Promise<LiveKitRoom | undefined>;
  /**
   * The participant, or undefined when the room or the participant does not exist.
   * Throws LiveKitUnavailableError when LiveKit cannot answer.
   */
  findParticipant(roomName: string, identity: string): Promise<LiveKitParticipant | undefined>;
  /**
   * Runs LiveKit's TransferSIPParticipant to `transferTo` (a `tel:`, `sip:` or `sips:` URI) with
   * `options`, and resolves with what LiveKit said when the call returns, which can take 30 s or
   * more. Never rejects.
   */
  transferSipParticipant(
    roomName: string,
    identity: string,
    transferTo: string,
    options?: TransferOptions,
  ): Promise<LiveKitTransferResult>;
  /** The longest a transfer call with these options can take before the adapter gives up on it (ms). */
  transferTimeoutMs(options?: TransferOptions): number;
}

/**
 * What LiveKit's transfer call said:
 * - `completed`: LiveKit answered success;
 * - `failed`: LiveKit reported a failure (the SIP status when the phone gave one), or the request
 *   never reached LiveKit (so no REFER was sent);
 * - `refused`: LiveKit refused to start: the call is not established, or it is already being
 *   transferred elsewhere;
 * - `unknown`: no outcome: the call timed out or was cut off, the answer was not LiveKit's, or
 *   LiveKit sent the REFER and its SIP transaction ended without an answer LiveKit read
 *   (`refer_unanswered`: the phone may still carry out the transfer).
 * `detail` is for logs (LiveKit's own words), not for clients.
 */
export type LiveKitTransferResult =
  | { outcome: "completed" }
  | { outcome: "failed"; sipStatusCode?: number | undefined; sipStatus?: string | undefined; detail: string }
  | { outcome: "refused"; reason: "call_not_active" | "already_transferring"; detail: string }
  | {
      outcome: "unknown";
      reason: "timeout" | "cancelled" | "refer_unanswered" | "connection_lost" | "not_livekit";
      detail: string;
    };

export interface LiveKitRoom {
  name: string;
  /** The room's metadata string, "" when it has none. */
  metadata: string;
}

export interface LiveKitParticipant {
  identity: string;
  /** LiveKit's participant kind, e.g. "SIP", "STANDARD", "AGENT". */
  kind: string;
  isSip: boolean;
}

/**
 * What a warm transfer needs from LiveKit beyond the transfer's lookups. Every method but
 * `dialSipParticipant` throws LiveKitUnavailableError when LiveKit cannot answer.
 */
export interface WarmTransferLiveKitPort {
  /** The caller's `can_subscribe` and audio tracks, or undefined when the participant is gone. */
  callerState(roomName: string, identity: string): Promise<CallerState | undefined>;
  /**
   * Sets the participant's `can_subscribe`, keeping every other field of its permission (read,
   * then write the whole permission back: LiveKit replaces it). `not_found`: the participant is gone.
   */
  setCanSubscribe(roomName: string, identity: string, canSubscribe: boolean): Promise<"ok" | "not_found">;
  /**
   * Mutes or unmutes one of the participant's tracks. `remote_unmute_disabled`: LiveKit refuses to
   * unmute (its `room.enable_remote_unmute` is off); `not_found`: the participant or track is gone.
   */
  setTrackMuted(
    roomName: string,
    identity: string,
    trackSid: string,
    muted: boolean,
  ): Promise<"ok" | "not_found" | "remote_unmute_disabled">;
  /**
   * Dials `number` through the outbound trunk into the room as `identity`, and resolves once the
   * phone answered or the dial failed (up to the ringing timeout and a margin). Never rejects.
   */
  dialSipParticipant(dial: SipDial): Promise<SipDialResult>;
  /** Removes a participant (a ringing SIP leg gets CANCEL, an answered one BYE). */
  removeParticipant(roomName: string, identity: string): Promise<"removed" | "not_found">;
  /** The identities in the room, or undefined when the room is gone. */
  participantIdentities(roomName: string): Promise<string[] | undefined>;
  /** The longest a dial with this ringing timeout can take before the adapter gives up on it (ms). */
  dialTimeoutMs(ringingTimeoutS: number): number;
  /** Whether LiveKit has an outbound trunk with this id. */
  outboundTrunkExists(trunkId: string): Promise<boolean>;
}

export interface CallerState {
  canSubscribe: boolean;
  audioTracks: { sid: string; muted: boolean }[];
}

export interface SipDial {
  roomName: string;
  trunkId: string;
  /** The number or extension, as the trunk dials it (`+15551234567`, `1234`). */
  number: string;
  identity: string;
  ringingTimeoutS: number;
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * How a dial ended. `failed.reason` is told from the SIP status when LiveKit gives one (busy: 486,
 * 600; declined: 603, 607, 608; other 4xx/6xx: unavailable; 5xx: trunk_failure), else from LiveKit's
 * answer: `no_answer` when it gave up ringing (which is also what it says when the leg was removed
 * while ringing), `trunk_failure` when the trunk did not answer or is unknown. `unknown`: the answer
 * was lost (timeout, connection): the leg may be up.
 */
export type SipDialResult =
  | { outcome: "answered" }
  | {
      outcome: "failed";
      reason: "busy" | "declined" | "no_answer" | "unavailable" | "trunk_failure";
      sipStatusCode?: number | undefined;
      sipStatus?: string | undefined;
      detail: string;
    }
  | { outcome: "unknown"; detail: string };
