import { ParticipantInfo_Kind, TrackType } from "@livekit/protocol";
import {
  LiveKitUnavailableError,
  type LiveKitParticipant,
  type LiveKitPort,
  type LiveKitRoom,
  type LiveKitTransferResult,
  type SipDialResult,
  type WarmTransferLiveKitPort,
} from "@sip-transfer/domain";
import { RoomServiceClient, ServerError, SipCallError, SipClient } from "livekit-server-sdk";
import { rpcTarget, tracedRpc } from "./tracing.js";
import { TwirpTransport, useTwirpTransport } from "./twirp-transport.js";

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
export function createLiveKitAdapter(settings: LiveKitSettings): LiveKitPort & WarmTransferLiveKitPort {
  const options = { requestTimeout: settings.lookupTimeoutSeconds ?? 10, failover: false };
  const rooms = new RoomServiceClient(settings.url, settings.apiKey, settings.apiSecret, options);
  const sip = new SipClient(settings.url, settings.apiKey, settings.apiSecret, options);
  // Both clients' calls travel over node:http, not fetch: a fifth of a transfer's CPU time less.
  const transport = new TwirpTransport(settings.url, options.requestTimeout);
  useTwirpTransport(rooms, transport);
  useTwirpTransport(sip, transport);
  // Each call is a CLIENT span of the traced request making it (none when tracing is off).
  const target = rpcTarget(settings.url);
  const roomService = <T>(method: string, call: () => Promise<T>) =>
    tracedRpc(target, "livekit.RoomService", method, call, errorType);
  /** A RoomService call whose not_found answer is `notFound`; any other failure is LiveKitUnavailableError. */
  const roomCall = async <T, N>(method: string, call: () => Promise<T>, notFound: N): Promise<T | N> => {
    try {
      return await roomService(method, call);
    } catch (error) {
      if (error instanceof ServerError && isNotFound(error)) return notFound;
      throw new LiveKitUnavailableError(error);
    }
  };
  // A dial's call waits for the answer: the ringing, and a margin for the room join and the INVITE.
  const dialTimeoutS = (ringingTimeoutS: number) => ringingTimeoutS + DIAL_MARGIN_S;

  return {
    // The SDK gives a transfer call at least the ringing timeout + 2 s (its dialRequestTimeout).
    transferTimeoutMs: (transferOptions) =>
      Math.max(options.requestTimeout, (transferOptions?.ringingTimeoutS ?? settings.ringingTimeoutSeconds ?? 30) + 2) *
      1000,

    async findRoom(roomName): Promise<LiveKitRoom | undefined> {
      let found;
      try {
        found = await roomService("ListRooms", () => rooms.listRooms([roomName]));
      } catch (error) {
        throw new LiveKitUnavailableError(error);
      }
      const room = found.find((candidate) => candidate.name === roomName);
      return room ? { name: room.name, metadata: room.metadata } : undefined;
    },

    async findParticipant(roomName, identity): Promise<LiveKitParticipant | undefined> {
      let participant;
      try {
        participant = await roomService("GetParticipant", () => rooms.getParticipant(roomName, identity));
      } catch (error) {
        if (error instanceof ServerError && isNotFound(error)) return undefined;
        throw new LiveKitUnavailableError(error);
      }
      const kind = ParticipantInfo_Kind[participant.kind] ?? String(participant.kind);
      return { identity: participant.identity, kind, isSip: participant.kind === ParticipantInfo_Kind.SIP };
    },

    dialTimeoutMs: (ringingTimeoutS) => dialTimeoutS(ringingTimeoutS) * 1000,

    async callerState(roomName, identity) {
      const participant = await roomCall("GetParticipant", () => rooms.getParticipant(roomName, identity), undefined);
      if (!participant) return undefined;
      return {
        canSubscribe: participant.permission?.canSubscribe ?? true,
        audioTracks: participant.tracks
          .filter((track) => track.type === TrackType.AUDIO)
          .map((track) => ({ sid: track.sid, muted: track.muted })),
      };
    },

    async setCanSubscribe(roomName, identity, canSubscribe) {
      // LiveKit replaces the whole permission: read it, change only can_subscribe, write it back.
      const participant = await roomCall("GetParticipant", () => rooms.getParticipant(roomName, identity), undefined);
      if (!participant) return "not_found";
      if (!participant.permission)
        throw new LiveKitUnavailableError(new Error("LiveKit answered a participant without its permission"));
      if (participant.permission.canSubscribe === canSubscribe) return "ok";
      const permission = { ...participant.permission, canSubscribe };
      const updated = await roomCall(
        "UpdateParticipant",
        () => rooms.updateParticipant(roomName, identity, { permission }),
        undefined,
      );
      return updated ? "ok" : "not_found";
    },

    async setTrackMuted(roomName, identity, trackSid, muted) {
      try {
        await roomService("MutePublishedTrack", () => rooms.mutePublishedTrack(roomName, identity, trackSid, muted));
        return "ok";
      } catch (error) {
        if (error instanceof ServerError && isNotFound(error)) return "not_found";
        // livekit-server: `remote unmute not enabled` (room.enable_remote_unmute is off).
        if (error instanceof ServerError && error.code === "failed_precondition" && /unmute/i.test(error.message))
          return "remote_unmute_disabled";
        throw new LiveKitUnavailableError(error);
      }
    },

    async dialSipParticipant(dial): Promise<SipDialResult> {
      try {
        await tracedRpc(
          target,
          "livekit.SIP",
          "CreateSIPParticipant",
          () =>
            sip.createSipParticipant(dial.trunkId, dial.number, dial.roomName, {
              participantIdentity: dial.identity,
              waitUntilAnswered: true,
              ringingTimeout: dial.ringingTimeoutS,
              timeout: dialTimeoutS(dial.ringingTimeoutS),
              ...(dial.headers === undefined ? {} : { headers: { ...dial.headers } }),
            }),
          errorType,
        );
        return { outcome: "answered" };
      } catch (error) {
        return dialResult(error);
      }
    },

    async removeParticipant(roomName, identity) {
      const removed = await roomCall(
        "RemoveParticipant",
        () => rooms.removeParticipant(roomName, identity).then(() => true),
        false,
      );
      return removed ? "removed" : "not_found";
    },

    async outboundTrunkExists(trunkId) {
      try {
        const trunks = await tracedRpc(
          target,
          "livekit.SIP",
          "ListSIPOutboundTrunk",
          () => sip.listSipOutboundTrunk({ trunkIds: [trunkId] }),
          errorType,
        );
        // A missing trunk comes back as an empty item in its place.
        return trunks.some((trunk) => trunk?.sipTrunkId === trunkId);
      } catch (error) {
        throw new LiveKitUnavailableError(error);
      }
    },

    async participantIdentities(roomName) {
      const participants = await roomCall("ListParticipants", () => rooms.listParticipants(roomName), undefined);
      return participants?.map((participant) => participant.identity);
    },

    async transferSipParticipant(roomName, identity, transferTo, transferOptions = {}): Promise<LiveKitTransferResult> {
      const ringingTimeout = transferOptions.ringingTimeoutS ?? settings.ringingTimeoutSeconds;
      try {
        await tracedRpc(
          target,
          "livekit.SIP",
          "TransferSIPParticipant",
          () =>
            sip.transferSipParticipant(roomName, identity, transferTo, {
              ...(ringingTimeout === undefined ? {} : { ringingTimeout }),
              ...(transferOptions.playDialtone === undefined ? {} : { playDialtone: transferOptions.playDialtone }),
              ...(transferOptions.headers === undefined ? {} : { headers: { ...transferOptions.headers } }),
            }),
          errorType,
        );
        return { outcome: "completed" };
      } catch (error) {
        return transferResult(error);
      }
    },
  };
}

/** Seconds a dial's call is given beyond the ringing: livekit-sip joins the room before it sends the INVITE. */
const DIAL_MARGIN_S = 15;

/**
 * What a failed dial (CreateSIPParticipant, waiting until answered) means, as measured on
 * livekit-server v1.13.5 and livekit-sip v1.8.0 (packages/e2e/test/warm-transfer-dial.e2e.test.ts):
 * a SIP status when the phone gave one (486 as resource_exhausted, 603 as permission_denied), else
 * `canceled` "sip request timed out" when it rang out (also when the ringing leg was removed), or
 * "transaction failed to complete" when the trunk never answered.
 */
function dialResult(error: unknown): SipDialResult {
  if (error instanceof ServerError) {
    const sipStatusCode = validSipCode(
      error instanceof SipCallError
        ? error.sipStatusCode
        : error.metadata?.["sip_status_code"] === undefined
          ? undefined
          : Number(error.metadata["sip_status_code"]),
    );
    const sipStatus = validSipStatus(
      error instanceof SipCallError ? error.sipStatus : (error.metadata?.["sip_status"] as string | undefined),
    );
    const detail = `${error.message}${error.code ? ` (${error.code})` : ""}`;
    if (sipStatusCode !== undefined)
      return { outcome: "failed", reason: reasonOfSipStatus(sipStatusCode), sipStatusCode, sipStatus, detail };
    if (error.code === "canceled" && /sip request timed out/i.test(error.message))
      return { outcome: "failed", reason: "no_answer", detail };
    if (error.code === "canceled" && /transaction failed to complete/i.test(error.message))
      return { outcome: "failed", reason: "trunk_failure", detail };
    if (error.code === "not_found" || error.code === "invalid_argument" || error.code === "failed_precondition")
      return { outcome: "failed", reason: "trunk_failure", detail };
    return { outcome: "unknown", detail };
  }
  return { outcome: "unknown", detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

function reasonOfSipStatus(code: number): Extract<SipDialResult, { outcome: "failed" }>["reason"] {
  if (code === 486 || code === 600) return "busy";
  if (code === 603 || code === 607 || code === 608) return "declined";
  if (code >= 500 && code < 600) return "trunk_failure";
  return "unavailable";
}

/**
 * A failed call's `error.type` on its span: the Twirp code (`not_found`, `permission_denied`, …),
 * the network's (`ECONNREFUSED`) or the error's name (`TimeoutError`). Never its message.
 */
function errorType(error: unknown): string {
  if (error instanceof ServerError) return error.code ?? `http_${error.status}`;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof cause === "string") return cause;
  return error instanceof Error ? error.name : "unknown";
}

function isNotFound(error: ServerError): boolean {
  const { code } = error;
  // A Twirp server answers 404 only with not_found or bad_route, and bad_route always has its code.
  return code === "not_found" || (code === undefined && error.status === 404);
}

/**
 * What a failed transfer call means, learned from LiveKit's source: the SIP status in the Twirp
 * metadata comes first (486 arrives as resource_exhausted, 603 as permission_denied, 5xx as
 * failed_precondition); then LiveKit's refusals; a timeout, a cut-off call or a REFER whose SIP
 * transaction ended without an answer is never a failure, because LiveKit does not withdraw a
 * REFER it sent.
 *
 * The unanswered REFER, in livekit-sip v1.8.0: `sendRefer` (pkg/sip/protocol.go) waits in
 * `sipResponse` (pkg/sip/outbound.go), which answers `psrpc.Canceled` with
 * `transactionTimeoutError` ("transaction failed to complete (N intermediate responses)",
 * pkg/sip/errors.go) as soon as the client transaction is done without a final response it read;
 * livekit-server passes the psrpc error on as Twirp `canceled` (HTTP 408). It comes after Timer F
 * (32 s), on a transport error, or at once when the phone's answer lands before sipgo's client
 * transaction has set its timers (the answer is then dropped: see packages/e2e/sipp/accept-refer.xml).
 */
function transferResult(error: unknown): LiveKitTransferResult {
  // The SDK parses a 2xx answer as JSON and throws SyntaxError when it is not: not LiveKit's answer.
  if (error instanceof SyntaxError) return { outcome: "unknown", reason: "not_livekit", detail: error.message };
  if (error instanceof SipCallError) {
    return {
      outcome: "failed",
      sipStatusCode: validSipCode(error.sipStatusCode),
      sipStatus: validSipStatus(error.sipStatus),
      detail: error.message,
    };
  }
  if (error instanceof ServerError) {
    // Read by twirp-transport.ts from any JSON answer (`application/json; charset=utf-8` too).
    const { code, metadata: meta, message: msg } = error;
    const detail = `${msg}${code ? ` (${code})` : ""}`;
    const sipCode = validSipCode(meta?.["sip_status_code"] === undefined ? undefined : Number(meta["sip_status_code"]));
    if (sipCode !== undefined)
      return { outcome: "failed", sipStatusCode: sipCode, sipStatus: validSipStatus(meta?.["sip_status"]), detail };
    if (code === "deadline_exceeded") return { outcome: "unknown", reason: "timeout", detail };
    // livekit-sip's REFER transaction ended without a final answer it read: "transaction failed
    // to complete (N intermediate responses)", Twirp canceled. The REFER was on the wire, so the
    // phone may act on it (LiveKit itself classes it "indeterminate"): never a failure.
    if (code === "canceled" && /transaction failed to complete/i.test(msg))
      return { outcome: "unknown", reason: "refer_unanswered", detail };
    // livekit-sip's own wait ran out: for the NOTIFY after a 202 ("refer canceled", TransferCall in
    // pkg/sip/inbound.go) or for the answer ("sip request timed out", sipResponse).
    if (code === "canceled" && /^(refer canceled|sip request timed out)/i.test(msg))
      return { outcome: "unknown", reason: "timeout", detail };
    if (code === "canceled") return { outcome: "unknown", reason: "cancelled", detail };
    if (code === "failed_precondition" && /non[- ]established call/i.test(msg))
      return { outcome: "refused", reason: "call_not_active", detail };
    if (/already being transferred/i.test(msg)) return { outcome: "refused", reason: "already_transferring", detail };
    // Not a Twirp answer (a proxy's error page): LiveKit may have received the call.
    if (code === undefined)
      return { outcome: "unknown", reason: "not_livekit", detail: `HTTP ${error.status}: ${msg.slice(0, 500)}` };
    return { outcome: "failed", sipStatusCode: undefined, sipStatus: undefined, detail };
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { outcome: "unknown", reason: "timeout", detail: "LiveKit did not answer in time" };
  }
  // Refused before anything was sent: no REFER can have gone out.
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (
    typeof cause === "string" &&
    ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"].includes(cause)
  ) {
    return {
      outcome: "failed",
      sipStatusCode: undefined,
      sipStatus: undefined,
      detail: `LiveKit could not be reached (${cause})`,
    };
  }
  return {
    outcome: "unknown",
    reason: "connection_lost",
    detail: error instanceof Error ? error.message : String(error),
  };
}

/**
 * The SIP reason phrase as clients may see it: printable ASCII, at most 64 characters. Anything
 * else (an HTML page, a stack trace) is not a reason phrase and stays in the log only.
 */
function validSipStatus(status: string | undefined): string | undefined {
  const trimmed = status?.trim();
  return trimmed && /^[\x20-\x7E]{1,64}$/.test(trimmed) ? trimmed : undefined;
}

function validSipCode(code: number | undefined): number | undefined {
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 699 ? code : undefined;
}
