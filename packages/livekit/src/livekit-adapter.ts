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
        if (error instanceof ServerError && isNotFound(error)) return undefined;
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
        // The SDK parses a 2xx answer as JSON and throws SyntaxError when it is not. A 2xx is
        // Twirp's success, and TransferSIPParticipant returns nothing we need.
        if (error instanceof SyntaxError) return;
        throw transferFailure(error);
      }
    },
  };
}

/**
 * The Twirp error's code and metadata. The SDK reads them only when the answer's Content-Type is
 * exactly `application/json`; behind a proxy (or a server) that adds `; charset=utf-8` they stay
 * in the message as the raw JSON body, so read them from there too.
 */
function twirp(error: ServerError): { code: string | undefined; meta: Record<string, string> | undefined; msg: string } {
  if (error.code !== undefined || error.metadata !== undefined) {
    return { code: error.code, meta: error.metadata, msg: error.message };
  }
  try {
    const body = JSON.parse(error.message) as { code?: unknown; msg?: unknown; meta?: unknown };
    const meta = body.meta && typeof body.meta === "object" ? (body.meta as Record<string, string>) : undefined;
    return {
      code: typeof body.code === "string" ? body.code : undefined,
      meta,
      msg: typeof body.msg === "string" ? body.msg : error.message,
    };
  } catch {
    return { code: undefined, meta: undefined, msg: error.message };
  }
}

function isNotFound(error: ServerError): boolean {
  const { code } = twirp(error);
  // A Twirp server answers 404 only with not_found or bad_route, and bad_route always has its code.
  return code === "not_found" || (code === undefined && error.status === 404);
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
    const { code, meta, msg } = twirp(error);
    const sipCode = meta?.["sip_status_code"];
    return new TransferFailedError({
      reason: `${msg}${code ? ` (${code})` : ""}`,
      sipStatusCode: validSipCode(sipCode === undefined ? undefined : Number(sipCode)),
      sipStatus: meta?.["sip_status"] || undefined,
      cause: error,
    });
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new TransferFailedError({ reason: "LiveKit did not answer in time", cause: error });
  }
  return new TransferFailedError({ reason: "LiveKit could not be reached", cause: error });
}

function validSipCode(code: number | undefined): number | undefined {
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 699 ? code : undefined;
}
