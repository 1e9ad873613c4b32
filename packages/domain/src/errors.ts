import type { WarmTransferStatus } from "./warm-transfer.js";
import type { LockHolder } from "./warm-transfer-store.js";

/**
 * Every refusal of the transfer use cases. Each error carries the facts of the case; which
 * contract code and HTTP status it becomes is decided in one place, in apps/server.
 */
export abstract class TransferError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    // A refusal is an answer, not a bug: it records no stack trace, which would cost more than the
    // rest of a refused request under a flood of them. (A cause keeps its own.)
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.name = new.target.name;
  }
}

const QUOTED_MAX_CHARACTERS = 80;

/**
 * A caller's value as a message quotes it: whole characters only, at most 80 of them. A lone
 * surrogate (half a character) or a control character is shown as U+XXXX, so every message is
 * well-formed text that prints on one line.
 */
export function quoted(value: string): string {
  let out = "";
  let count = 0;
  for (const character of value) {
    if (count === QUOTED_MAX_CHARACTERS) return `'${out}…'`;
    const code = character.codePointAt(0)!;
    out += unprintable(code) ? codePointName(code) : character;
    count += 1;
  }
  return `'${out}'`;
}

/** A character as a message names it: U+XXXX. */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Half a character (a lone surrogate), a control character, a line or paragraph separator, or a
 * bidirectional control (which would make a message read otherwise than it is written).
 */
function unprintable(code: number): boolean {
  return (
    (code >= 0xd800 && code <= 0xdfff) ||
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Fields of a transfer request, in domain terms. */
export type TransferRequestField = "roomName" | "participantIdentity" | "transferTo" | "agentIdentity";

/** Required fields that are empty after trimming. */
export class EmptyFieldsError extends TransferError {
  constructor(readonly fields: TransferRequestField[]) {
    super(`${fields.join(", ")} must not be empty`);
  }
}

export class InvalidPhoneNumberError extends TransferError {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Invalid phone number ${quoted(input)}: ${reason}`);
  }
}

export class InvalidSipUriError extends TransferError {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Invalid SIP URI ${quoted(input)}: ${reason}`);
  }
}

/** Why the destination policy refused a destination. */
export type DestinationRefusal = "country" | "number_type" | "extension" | "sip_domain" | "unclassified";

/** The destination policy (countries, number types, extensions, SIP domains) refused it. */
export class DestinationNotAllowedError extends TransferError {
  constructor(
    readonly reason: DestinationRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A transfer option (ringing timeout, dial tone, SIP headers) that breaks its rule. */
export class InvalidTransferOptionError extends TransferError {
  constructor(
    readonly option: "ringingTimeout" | "headers" | "agentIdentity",
    message: string,
  ) {
    super(message);
  }
}

export class LiveKitNotConfiguredError extends TransferError {
  constructor() {
    super("LiveKit is not configured: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET");
  }
}

/** A room that does not exist and a room the caller may not use answer with this same error. */
export class RoomNotFoundError extends TransferError {
  constructor(readonly roomName: string) {
    super(`Room ${quoted(roomName)} not found`);
  }
}

export class ParticipantNotFoundError extends TransferError {
  constructor(
    readonly roomName: string,
    readonly identity: string,
    readonly reason: "missing" | "not_sip",
  ) {
    super(
      reason === "missing"
        ? `Participant ${quoted(identity)} not found in room ${quoted(roomName)}`
        : `Participant ${quoted(identity)} in room ${quoted(roomName)} is not a SIP participant`,
    );
  }
}

/** LiveKit could not be reached, or failed, while looking up the room or the participant. */
export class LiveKitUnavailableError extends TransferError {
  constructor(cause?: unknown) {
    super("LiveKit is unavailable", { cause });
  }
}

/** LiveKit reported the transfer failed within the wait window. */
export class TransferFailedError extends TransferError {
  constructor(
    readonly transferId: string,
    readonly sipStatusCode: number | undefined,
    readonly sipStatus: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The participant is already being transferred: by a running transfer of ours (`transferId`, when
 * the caller may see it), or elsewhere (LiveKit said so).
 */
export class TransferInProgressError extends TransferError {
  /** The caller's own warm transfer that holds the participant, when it is one. */
  readonly warmTransferId: string | undefined;
  constructor(
    readonly roomName: string,
    readonly identity: string,
    readonly transferId: string | undefined,
    options: { warmTransferId?: string | undefined } = {},
  ) {
    super(`Participant ${quoted(identity)} in room ${quoted(roomName)} is already being transferred`);
    this.warmTransferId = options.warmTransferId;
  }

  /** The refusal when `holder` has the caller's lock: it is named only to the tenant it belongs to. */
  static heldBy(
    roomName: string,
    identity: string,
    holder: LockHolder,
    tenantId: string | undefined,
  ): TransferInProgressError {
    const mine = holder.tenantId === tenantId;
    return new TransferInProgressError(roomName, identity, mine && holder.kind === "transfer" ? holder.id : undefined, {
      warmTransferId: mine && holder.kind === "warm_transfer" ? holder.id : undefined,
    });
  }
}

/** LiveKit refused: the call is not established (still ringing, or ending). */
export class CallNotActiveError extends TransferError {
  constructor(
    readonly identity: string,
    readonly transferId: string,
  ) {
    super(`The call of participant ${quoted(identity)} is not established yet, so it cannot be transferred`);
  }
}

/** No such transfer for this caller: unknown, expired, or another tenant's (one answer for all). */
export class TransferNotFoundError extends TransferError {
  constructor(readonly transferId: string) {
    super(`Transfer ${quoted(transferId)} not found`);
  }
}

/** No outbound trunk to dial through (`SIP_OUTBOUND_TRUNK_ID`, or the tenant's). */
export class SipTrunkNotConfiguredError extends TransferError {
  constructor() {
    super("No outbound SIP trunk is configured: set SIP_OUTBOUND_TRUNK_ID");
  }
}

/**
 * LiveKit refuses to unmute another participant's track (`room.enable_remote_unmute` is off), so a
 * caller put on hold could not be given their voice back. Nothing was changed.
 */
export class LiveKitRemoteUnmuteDisabledError extends TransferError {
  constructor() {
    super(
      "LiveKit does not allow the server to unmute participants, so a caller put on hold could not be restored: run LiveKit with room.enable_remote_unmute: true",
    );
  }
}

/** No such warm transfer for this caller: unknown, expired, or another tenant's (one answer for all). */
export class WarmTransferNotFoundError extends TransferError {
  constructor(readonly warmTransferId: string) {
    super(`Warm transfer ${quoted(warmTransferId)} not found`);
  }
}

/** `complete` of a warm transfer that is not `consulting`. */
export class WarmTransferNotConsultingError extends TransferError {
  constructor(
    readonly warmTransferId: string,
    readonly status: WarmTransferStatus,
  ) {
    super(`Warm transfer ${quoted(warmTransferId)} cannot be completed: it is ${status}, not consulting`);
  }
}

/** `cancel` of a warm transfer that already ended `completed` or `failed`. */
export class WarmTransferEndedError extends TransferError {
  constructor(
    readonly warmTransferId: string,
    readonly status: WarmTransferStatus,
  ) {
    super(`Warm transfer ${quoted(warmTransferId)} has already ended (${status}) and cannot be cancelled`);
  }
}

/** A `cursor` that this service did not hand out. */
export class InvalidCursorError extends TransferError {
  constructor() {
    super("cursor is not a cursor this service handed out");
  }
}

/** The transfer store did not answer (down, stalled, or failing). Nothing was sent to LiveKit. */
export class StoreUnavailableError extends TransferError {
  constructor(cause?: unknown) {
    super("The transfer store is unavailable; retry shortly", { cause });
  }
}
