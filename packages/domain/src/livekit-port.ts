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
   * Runs LiveKit's TransferSIPParticipant to `transferTo` (a `tel:` URI). Resolves when LiveKit
   * reports the transfer done, which can take 30 s or more. Throws TransferFailedError.
   */
  transferSipParticipant(roomName: string, identity: string, transferTo: string): Promise<void>;
}

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
