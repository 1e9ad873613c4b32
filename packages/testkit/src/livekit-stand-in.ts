import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";

/**
 * A LiveKit stand-in at the protocol level: an HTTP server that answers the Twirp JSON requests
 * livekit-server-sdk sends (RoomService ListRooms/ListParticipants/GetParticipant, UpdateParticipant,
 * MutePublishedTrack, RemoveParticipant, and SIP TransferSIPParticipant/CreateSIPParticipant), checks the bearer JWT against the API secret and the grants as the
 * real server does, and records every call. Rooms, participants, latency and failures are scripted.
 */

export type ParticipantKind = "STANDARD" | "INGRESS" | "EGRESS" | "SIP" | "AGENT" | "CONNECTOR";

export interface StandInParticipant {
  identity: string;
  kind?: ParticipantKind;
  name?: string;
  attributes?: Record<string, string>;
  /** Its permission (default: a SIP participant's grant: subscribe, publish, data, metadata). */
  permission?: StandInPermission;
  /** Its published tracks (default: one unmuted microphone track `TR_<identity>` for a SIP participant). */
  tracks?: { sid: string; muted: boolean }[];
}

export interface StandInPermission {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  canUpdateMetadata?: boolean;
}

export interface StandInRoom {
  name: string;
  metadata?: string;
  participants?: StandInParticipant[];
}

/** A Twirp error as LiveKit sends it: `{ code, msg, meta }` with the matching HTTP status. */
export interface TwirpFailure {
  code: TwirpCode;
  msg?: string;
  meta?: Record<string, string>;
}

export type TwirpCode =
  | "canceled"
  | "unknown"
  | "invalid_argument"
  | "malformed"
  | "deadline_exceeded"
  | "not_found"
  | "bad_route"
  | "already_exists"
  | "permission_denied"
  | "unauthenticated"
  | "resource_exhausted"
  | "failed_precondition"
  | "aborted"
  | "out_of_range"
  | "unimplemented"
  | "internal"
  | "unavailable"
  | "data_loss";

const TWIRP_STATUS: Record<TwirpCode, number> = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
};

/**
 * Answers the real LiveKit gives to TransferSIPParticipant (livekit-server v1.13.5 with livekit-sip
 * v1.8.0), word for word, to script with `behave("TransferSIPParticipant", { fail: … })`.
 */
export const LIVEKIT_TRANSFER_ANSWERS = {
  /** The phone answered the REFER 603 Decline: permission_denied with the SIP status in the metadata. */
  declined: {
    code: "permission_denied",
    msg: "sip status: 603: Decline",
    meta: { sip_status_code: "603", sip_status: "Decline" },
  },
  /** The NOTIFY reported 486 Busy Here: resource_exhausted with the SIP status. */
  busy: {
    code: "resource_exhausted",
    msg: "call transfer failed: sip status: 486: Busy Here",
    meta: { sip_status_code: "486", sip_status: "Busy Here" },
  },
  /** The participant's call is not answered yet. */
  callNotEstablished: { code: "failed_precondition", msg: "can't transfer non established call" },
  /** A transfer of the same call to another target is running. */
  alreadyTransferring: { code: "invalid_argument", msg: "call already being transferred elsewhere" },
  /**
   * livekit-sip's REFER transaction ended without a final answer it read (`sipResponse` in
   * pkg/sip/outbound.go: psrpc Canceled with `transactionTimeoutError`): after Timer F, on a
   * transport error, or at once when the phone answered before the transaction had set its timers.
   */
  referUnanswered: { code: "canceled", msg: "transaction failed to complete (0 intermediate responses)" },
  /** The phone accepted the REFER (202) and sent no NOTIFY within the ringing timeout. */
  referNotifyTimeout: { code: "canceled", msg: "refer canceled" },
  /** livekit-sip stopped while the REFER was out. */
  sipServiceStopping: { code: "canceled", msg: "service shutting down" },
} as const satisfies Record<string, TwirpFailure>;

export type Method =
  | "ListRooms"
  | "ListParticipants"
  | "GetParticipant"
  | "TransferSIPParticipant"
  | "UpdateParticipant"
  | "MutePublishedTrack"
  | "RemoveParticipant"
  | "CreateSIPParticipant"
  | "ListSIPOutboundTrunk";

/** What a method does on its next calls. Unset fields keep the default behaviour. */
export interface Behaviour {
  /** Delay before answering (ms). */
  latencyMs?: number;
  /** Answer with this Twirp error instead of the normal answer. */
  fail?: TwirpFailure;
  /** Answer with this raw HTTP status and body (e.g. a proxy's HTML 502). */
  raw?: { status: number; body: string; contentType?: string };
  /** Content-Type of Twirp error answers (LiveKit's is exactly `application/json`). */
  errorContentType?: string;
  /** Never answer (until the stand-in closes). */
  hang?: boolean;
}

export interface RecordedCall {
  service: string;
  method: string;
  body: Record<string, unknown>;
  /** What the request's JWT granted, when it verified. */
  grants?: { video?: Record<string, unknown>; sip?: Record<string, unknown> };
  startedAt: number;
  endedAt?: number;
  status?: number;
}

export interface LiveKitStandInOptions {
  apiKey?: string;
  apiSecret?: string;
  /** livekit-server's `room.enable_remote_unmute` (default true): false refuses to unmute another's track. */
  remoteUnmute?: boolean;
}

export interface LiveKitStandIn {
  /** `http://127.0.0.1:<port>`, to use as LIVEKIT_URL. */
  url: string;
  apiKey: string;
  apiSecret: string;
  addRoom(room: StandInRoom): void;
  removeRoom(name: string): void;
  addParticipant(roomName: string, participant: StandInParticipant): void;
  /** A participant as the stand-in holds it now (its permission and tracks change with the calls). */
  participant(roomName: string, identity: string): StandInParticipant | undefined;
  /** Takes a participant out of the room, as a hang-up does. */
  removeParticipant(roomName: string, identity: string): void;
  /** Sets livekit-server's `room.enable_remote_unmute`. */
  setRemoteUnmute(enabled: boolean): void;
  /** Adds an outbound SIP trunk (ListSIPOutboundTrunk lists it). */
  addOutboundTrunk(trunkId: string): void;
  behave(method: Method, behaviour: Behaviour): void;
  /** Every call so far, in arrival order. */
  readonly calls: readonly RecordedCall[];
  callsTo(method: Method): RecordedCall[];
  /** Resolves when `count` calls to `method` have finished. */
  waitForCalls(method: Method, count?: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /**
   * Resolves with the `count`-th call to `method` (default the first) as soon as it arrives —
   * before its behaviour's `latencyMs`, so before it is answered — or at once if it already has.
   * A `.then` on it runs before the stand-in can answer that call: the moment to make the rest of
   * the world fail (stall a store) exactly when LiveKit answers.
   */
  callReceived(method: Method, count?: number, timeoutMs?: number): Promise<RecordedCall>;
  /** Forget rooms, behaviours and calls. */
  reset(): void;
  close(): Promise<void>;
}

const REQUIRED_GRANTS: Record<Method, (body: Record<string, unknown>, grants: Grants) => string | undefined> = {
  ListRooms: (_body, g) => (g.video?.["roomList"] === true ? undefined : "roomList"),
  ListParticipants: (body, g) => roomAdminOf(body["room"], g),
  GetParticipant: (body, g) => roomAdminOf(body["room"], g),
  TransferSIPParticipant: (body, g) =>
    roomAdminOf(body["roomName"] ?? body["room_name"], g) ?? (g.sip?.["call"] === true ? undefined : "sip.call"),
  UpdateParticipant: (body, g) => roomAdminOf(body["room"], g),
  MutePublishedTrack: (body, g) => roomAdminOf(body["room"], g),
  RemoveParticipant: (body, g) => roomAdminOf(body["room"], g),
  CreateSIPParticipant: (_body, g) => (g.sip?.["call"] === true ? undefined : "sip.call"),
  ListSIPOutboundTrunk: (_body, g) => (g.sip?.["admin"] === true ? undefined : "sip.admin"),
};

const SIP_GRANT: StandInPermission = {
  canSubscribe: true,
  canPublish: true,
  canPublishData: true,
  canUpdateMetadata: true,
};

interface Grants {
  video?: Record<string, unknown>;
  sip?: Record<string, unknown>;
}

function roomAdminOf(room: unknown, grants: Grants): string | undefined {
  if (grants.video?.["roomAdmin"] !== true) return "roomAdmin";
  if (grants.video?.["room"] !== room) return `room ${String(room)}`;
  return undefined;
}

export async function startLiveKitStandIn(options: LiveKitStandInOptions = {}): Promise<LiveKitStandIn> {
  const apiKey = options.apiKey ?? "devkey";
  const apiSecret = options.apiSecret ?? "secret";
  const secretKey = new TextEncoder().encode(apiSecret);
  const rooms = new Map<
    string,
    {
      name: string;
      metadata: string;
      sid: string;
      participants: Map<string, StandInParticipant>;
      // Each identity's place in the room (its sid), kept so a lookup in a crowded room is not a scan.
      order: Map<string, number>;
    }
  >();
  const behaviours = new Map<string, Behaviour>();
  const calls: RecordedCall[] = [];
  const hanging = new Set<ServerResponse>();
  const finished: (() => void)[] = [];
  const arrivals = new Set<() => void>();
  let sidCounter = 0;

  const send = (res: ServerResponse, status: number, body: unknown, contentType = "application/json") => {
    res.writeHead(status, { "Content-Type": contentType });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const twirpError = (res: ServerResponse, failure: TwirpFailure, contentType = "application/json") =>
    send(
      res,
      TWIRP_STATUS[failure.code],
      { code: failure.code, msg: failure.msg ?? failure.code, ...(failure.meta ? { meta: failure.meta } : {}) },
      contentType,
    );

  const participantJson = (p: StandInParticipant, index: number) => ({
    sid: `PA_${index}`,
    identity: p.identity,
    name: p.name ?? p.identity,
    state: "ACTIVE",
    kind: p.kind ?? "STANDARD",
    attributes: p.attributes ?? {},
    joinedAt: "1700000000",
    permission: p.permission ?? SIP_GRANT,
    tracks: (p.tracks ?? []).map((t) => ({ sid: t.sid, type: "AUDIO", source: "MICROPHONE", muted: t.muted })),
  });
  /** A participant with its defaults filled in (kept: the calls change it in place). */
  const withDefaults = (p: StandInParticipant): StandInParticipant => ({
    ...p,
    permission: { ...(p.permission ?? SIP_GRANT) },
    tracks: (p.tracks ?? (p.kind === "SIP" ? [{ sid: `TR_${p.identity}`, muted: false }] : [])).map((t) => ({ ...t })),
  });
  let remoteUnmute = options.remoteUnmute ?? true;
  const outboundTrunks = new Set<string>();
  const roomJson = (room: {
    name: string;
    metadata: string;
    sid: string;
    participants: Map<string, StandInParticipant>;
  }) => ({
    sid: room.sid,
    name: room.name,
    metadata: room.metadata,
    emptyTimeout: 300,
    creationTime: "1700000000",
    numParticipants: room.participants.size,
  });

  /** What LiveKit would answer to `method`: a 200 body, or a Twirp failure. */
  const answer = (method: Method, body: Record<string, unknown>): { ok: unknown } | { fail: TwirpFailure } => {
    switch (method) {
      case "ListRooms": {
        const names = Array.isArray(body["names"]) ? (body["names"] as string[]) : [];
        const list = [...rooms.values()].filter((r) => names.length === 0 || names.includes(r.name));
        return { ok: { rooms: list.map(roomJson) } };
      }
      case "ListParticipants": {
        const room = rooms.get(String(body["room"]));
        if (!room) return { fail: { code: "not_found", msg: "requested room does not exist" } };
        return { ok: { participants: [...room.participants.values()].map(participantJson) } };
      }
      case "GetParticipant": {
        const room = rooms.get(String(body["room"]));
        if (!room) return { fail: { code: "not_found", msg: "requested room does not exist" } };
        const participant = room.participants.get(String(body["identity"]));
        if (!participant) return { fail: { code: "not_found", msg: "participant does not exist" } };
        return { ok: participantJson(participant, room.order.get(participant.identity) ?? 0) };
      }
      case "UpdateParticipant": {
        const participant = rooms.get(String(body["room"]))?.participants.get(String(body["identity"]));
        if (!participant) return { fail: { code: "not_found", msg: "participant does not exist" } };
        // LiveKit replaces the whole permission: absent fields become false.
        const sent = body["permission"] as Partial<StandInPermission> | undefined;
        if (sent)
          participant.permission = {
            canSubscribe: sent.canSubscribe === true,
            canPublish: sent.canPublish === true,
            canPublishData: sent.canPublishData === true,
            canUpdateMetadata: sent.canUpdateMetadata === true,
          };
        return { ok: participantJson(participant, 0) };
      }
      case "MutePublishedTrack": {
        const participant = rooms.get(String(body["room"]))?.participants.get(String(body["identity"]));
        const track = participant?.tracks?.find((t) => t.sid === String(body["trackSid"] ?? body["track_sid"]));
        if (!participant || !track) return { fail: { code: "not_found", msg: "participant does not exist" } };
        const muted = body["muted"] === true;
        if (!muted && !remoteUnmute) return { fail: { code: "failed_precondition", msg: "remote unmute not enabled" } };
        track.muted = muted;
        return { ok: { track: { sid: track.sid, type: "AUDIO", muted } } };
      }
      case "RemoveParticipant": {
        const room = rooms.get(String(body["room"]));
        if (!room?.participants.delete(String(body["identity"])))
          return { fail: { code: "not_found", msg: "participant does not exist" } };
        return { ok: {} };
      }
      case "CreateSIPParticipant": {
        // The leg joins the room (made if missing) and its phone answers at once, unless scripted.
        const roomName = String(body["roomName"] ?? body["room_name"]);
        const identity = String(body["participantIdentity"] ?? body["participant_identity"]);
        if (!rooms.has(roomName)) standIn.addRoom({ name: roomName });
        standIn.addParticipant(roomName, { identity, kind: "SIP" });
        return { ok: { participantId: `PA_${identity}`, participantIdentity: identity, roomName, sipCallId: "SCL_1" } };
      }
      case "ListSIPOutboundTrunk": {
        // As LiveKit: with trunk ids, one item per id in order, an empty one for a missing trunk.
        const ids = Array.isArray(body["trunkIds"]) ? (body["trunkIds"] as string[]) : [...outboundTrunks];
        return {
          ok: {
            items: ids.map((id) => (outboundTrunks.has(id) ? { sipTrunkId: id, name: id, numbers: ["+1555"] } : {})),
          },
        };
      }
      case "TransferSIPParticipant": {
        const room = rooms.get(String(body["roomName"] ?? body["room_name"]));
        const participant = room?.participants.get(String(body["participantIdentity"] ?? body["participant_identity"]));
        if (!room || !participant) return { fail: { code: "not_found", msg: "participant does not exist" } };
        if (participant.kind !== "SIP")
          return { fail: { code: "invalid_argument", msg: "participant is not a SIP participant" } };
        const to = String(body["transferTo"] ?? body["transfer_to"] ?? "");
        if (!/^(tel|sip|sips):/.test(to))
          return { fail: { code: "invalid_argument", msg: "transfer_to must start with tel:, sip: or sips:" } };
        return { ok: {} };
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/twirp\/livekit\.(\w+)\/(\w+)$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !match)
      return twirpError(res, { code: "bad_route", msg: `no handler for ${req.method} ${req.url}` });
    const [, service, method] = match as unknown as [string, string, string];
    let body: Record<string, unknown>;
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      return twirpError(res, { code: "malformed", msg: "the request body is not JSON" });
    }
    const call: RecordedCall = { service, method, body, startedAt: performance.now() };
    calls.push(call);
    for (const arrived of [...arrivals]) arrived();
    res.on("finish", () => {
      call.endedAt = performance.now();
      call.status = res.statusCode;
      for (const notify of finished.splice(0)) notify();
    });

    const known =
      (service === "RoomService" &&
        [
          "ListRooms",
          "ListParticipants",
          "GetParticipant",
          "UpdateParticipant",
          "MutePublishedTrack",
          "RemoveParticipant",
        ].includes(method)) ||
      (service === "SIP" &&
        ["TransferSIPParticipant", "CreateSIPParticipant", "ListSIPOutboundTrunk"].includes(method));
    if (!known) return twirpError(res, { code: "bad_route", msg: `unknown method ${service}/${method}` });

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token) return twirpError(res, { code: "unauthenticated", msg: "permissions denied" });
    let grants: Grants;
    try {
      const { payload } = await jwtVerify(token, secretKey, { issuer: apiKey, algorithms: ["HS256"] });
      grants = { video: payload["video"] as Record<string, unknown>, sip: payload["sip"] as Record<string, unknown> };
    } catch {
      return twirpError(res, { code: "unauthenticated", msg: "invalid token" });
    }
    call.grants = grants;
    const missing = REQUIRED_GRANTS[method as Method](body, grants);
    if (missing) return twirpError(res, { code: "permission_denied", msg: `permissions denied: missing ${missing}` });

    const behaviour = behaviours.get(method) ?? {};
    if (behaviour.latencyMs) await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
    if (behaviour.hang) {
      hanging.add(res);
      return;
    }
    if (behaviour.raw)
      return send(res, behaviour.raw.status, behaviour.raw.body, behaviour.raw.contentType ?? "text/plain");
    const outcome = behaviour.fail ? { fail: behaviour.fail } : answer(method as Method, body);
    if ("fail" in outcome) return twirpError(res, outcome.fail, behaviour.errorContentType);
    return send(res, 200, outcome.ok);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) twirpError(res, { code: "internal", msg: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: LiveKitStandIn = {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    addRoom(room) {
      rooms.set(room.name, {
        name: room.name,
        metadata: room.metadata ?? "",
        sid: `RM_${++sidCounter}`,
        participants: new Map((room.participants ?? []).map((p) => [p.identity, withDefaults(p)])),
        order: new Map((room.participants ?? []).map((p, index) => [p.identity, index])),
      });
    },
    removeRoom(name) {
      rooms.delete(name);
    },
    addParticipant(roomName, participant) {
      const room = rooms.get(roomName);
      if (!room) throw new Error(`no room ${roomName}; addRoom first`);
      if (!room.order.has(participant.identity)) room.order.set(participant.identity, room.order.size);
      room.participants.set(participant.identity, withDefaults(participant));
    },
    participant(roomName, identity) {
      return rooms.get(roomName)?.participants.get(identity);
    },
    removeParticipant(roomName, identity) {
      rooms.get(roomName)?.participants.delete(identity);
    },
    setRemoteUnmute(enabled) {
      remoteUnmute = enabled;
    },
    addOutboundTrunk(trunkId) {
      outboundTrunks.add(trunkId);
    },
    behave(method, behaviour) {
      behaviours.set(method, behaviour);
    },
    get calls() {
      return calls;
    },
    callsTo(method) {
      return calls.filter((call) => call.method === method);
    },
    async waitForCalls(method, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const done = calls.filter((call) => call.method === method && call.endedAt !== undefined);
        if (done.length >= count) return done;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${count} finished ${method} call(s); saw ${done.length}`);
        await new Promise<void>((resolve) => {
          finished.push(resolve);
          setTimeout(resolve, 20);
        });
      }
    },
    callReceived(method, count = 1, timeoutMs = 10_000) {
      return new Promise<RecordedCall>((resolve, reject) => {
        const check = () => {
          const call = calls.filter((c) => c.method === method)[count - 1];
          if (!call) return;
          arrivals.delete(check);
          clearTimeout(timer);
          resolve(call);
        };
        const timer = setTimeout(() => {
          arrivals.delete(check);
          reject(
            new Error(
              `timed out waiting for call ${count} to ${method}; saw ${calls.filter((c) => c.method === method).length}`,
            ),
          );
        }, timeoutMs);
        arrivals.add(check);
        check();
      });
    },
    reset() {
      remoteUnmute = options.remoteUnmute ?? true;
      outboundTrunks.clear();
      rooms.clear();
      behaviours.clear();
      calls.length = 0;
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return standIn;
}
