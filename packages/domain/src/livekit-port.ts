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
