import { ParticipantInfo_Kind } from "@livekit/protocol";
import {
  LiveKitUnavailableError,
  type LiveKitParticipant,
  type LiveKitPort,
  type LiveKitRoom,
  TransferFailedError,
} from "@sip-transfer/domain";
import { RoomServiceClient, ServerError, SipCallError, SipClient } from "livekit-server-sdk";

export interface LiveKitSettings {
  /** LiveKit server URL, `https://…`, `http://…`, `wss://…` or `ws://…`. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Timeout for the room and participant lookups, in seconds (default 10). */
  lookupTimeoutSeconds?: number;
  /** How long LiveKit lets the transfer target ring, in seconds (LiveKit's default: 30). */
  ringingTimeoutSeconds?: number;
}

/**
 * The LiveKit port on livekit-server-sdk. Create one per process: the SDK clients are reused for
 * every request.
 */
export function createLiveKitAdapter(settings: LiveKitSettings): LiveKitPort {
  const options = { requestTimeout: settings.lookupTimeoutSeconds ?? 10, failover: false };
  const rooms = new RoomServiceClient(settings.url, settings.apiKey, settings.apiSecret, options);
  const sip = new SipClient(settings.url, settings.apiKey, settings.apiSecret, options);

  return {
    async findRoom(roomName): Promise<LiveKitRoom | undefined> {
      let found;
      try {
        found = await rooms.listRooms([roomName]);
      } catch (error) {
        throw new LiveKitUnavailableError(error);
      }
      const room = found.find((candidate) => candidate.name === roomName);
      return room ? { name: room.name, metadata: room.metadata } : undefined;
    },

    async findParticipant(roomName, identity): Promise<LiveKitParticipant | undefined> {
      let participant;
      try {
        participant = await rooms.getParticipant(roomName, identity);
      } catch (error) {
        if (error instanceof ServerError && error.code === "not_found") return undefined;
        throw new LiveKitUnavailableError(error);
      }
      const kind = ParticipantInfo_Kind[participant.kind] ?? String(participant.kind);
      return { identity: participant.identity, kind, isSip: participant.kind === ParticipantInfo_Kind.SIP };
    },

    async transferSipParticipant(roomName, identity, transferTo): Promise<void> {
      try {
        await sip.transferSipParticipant(roomName, identity, transferTo, {
          ...(settings.ringingTimeoutSeconds === undefined ? {} : { ringingTimeout: settings.ringingTimeoutSeconds }),
        });
      } catch (error) {
        throw transferFailure(error);
      }
    },
  };
}

function transferFailure(error: unknown): TransferFailedError {
  if (error instanceof SipCallError) {
    return new TransferFailedError({
      reason: error.message,
      sipStatusCode: validSipCode(error.sipStatusCode),
      sipStatus: error.sipStatus || undefined,
      cause: error,
    });
  }
  if (error instanceof ServerError) {
    const code = error.code ? ` (${error.code})` : "";
    return new TransferFailedError({ reason: `${error.message}${code}`, cause: error });
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new TransferFailedError({ reason: "LiveKit did not answer in time", cause: error });
  }
  return new TransferFailedError({ reason: "LiveKit could not be reached", cause: error });
}

function validSipCode(code: number | undefined): number | undefined {
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 699 ? code : undefined;
}
