import { LiveKitUnavailableError, ParticipantNotFoundError, RoomNotFoundError, TransferError } from "./errors.js";
import type { LiveKitPort } from "./livekit-port.js";
import { mayAccessRoom } from "./room-access-policy.js";

/**
 * The lookups every transfer (cold or warm) starts with: the room exists and the caller may use it
 * (RoomNotFoundError), and the participant exists and is a SIP participant
 * (ParticipantNotFoundError). Both are read at once (one round trip), then decided in the
 * contract's order: room, then participant. LiveKitUnavailableError when LiveKit cannot answer.
 */
export async function lookUpCaller(
  livekit: LiveKitPort,
  roomName: string,
  participantIdentity: string,
  tenantId: string | undefined,
): Promise<void> {
  const [room, participant] = await Promise.allSettled([
    livekit.findRoom(roomName),
    livekit.findParticipant(roomName, participantIdentity),
  ]);
  if (room.status === "rejected") throw asUnavailable(room.reason);
  if (!room.value || !mayAccessRoom(room.value.metadata, tenantId)) throw new RoomNotFoundError(roomName);
  if (participant.status === "rejected") throw asUnavailable(participant.reason);
  if (!participant.value) throw new ParticipantNotFoundError(roomName, participantIdentity, "missing");
  if (!participant.value.isSip) throw new ParticipantNotFoundError(roomName, participantIdentity, "not_sip");
}

function asUnavailable(error: unknown): TransferError {
  return error instanceof TransferError ? error : new LiveKitUnavailableError(error);
}
