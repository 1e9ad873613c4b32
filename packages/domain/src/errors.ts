import type { ErrorCode } from "@sip-transfer/api-types";

/**
 * Base of every error the transfer use case answers with. `code` is the contract's error code;
 * which HTTP status it becomes is decided in one place, in apps/server.
 */
export abstract class TransferError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: TransferErrorDetails | undefined;

  constructor(message: string, options: { cause?: unknown; details?: TransferErrorDetails } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}

export interface TransferErrorDetails {
  sip_status_code?: number;
  sip_status?: string;
  issues?: { path?: string; message: string }[];
}

export class InvalidRequestError extends TransferError {
  readonly code = "INVALID_REQUEST";
}

export class InvalidPhoneNumberError extends TransferError {
  readonly code = "INVALID_PHONE_NUMBER";
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`Invalid phone number '${input}': ${reason}`);
  }
}

export class LiveKitNotConfiguredError extends TransferError {
  readonly code = "LIVEKIT_NOT_CONFIGURED";
  constructor() {
    super("LiveKit is not configured: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET");
  }
}

/** A room that does not exist and a room the caller may not use answer with this same error. */
export class RoomNotFoundError extends TransferError {
  readonly code = "ROOM_NOT_FOUND";
  constructor(readonly roomName: string) {
    super(`Room '${roomName}' not found`);
  }
}

export class ParticipantNotFoundError extends TransferError {
  readonly code = "PARTICIPANT_NOT_FOUND";
  constructor(
    readonly roomName: string,
    readonly identity: string,
    readonly reason: "missing" | "not_sip",
  ) {
    super(
      reason === "missing"
        ? `Participant '${identity}' not found in room '${roomName}'`
        : `Participant '${identity}' in room '${roomName}' is not a SIP participant`,
    );
  }
}

/** LiveKit could not be reached, or failed, while looking up the room or the participant. */
export class LiveKitUnavailableError extends TransferError {
  readonly code = "LIVEKIT_UNAVAILABLE";
  constructor(cause?: unknown) {
    super("LiveKit is unavailable", { cause });
  }
}

/** LiveKit's TransferSIPParticipant failed; carries the SIP status when LiveKit reported one. */
export class TransferFailedError extends TransferError {
  readonly code = "TRANSFER_FAILED";
  readonly sipStatusCode: number | undefined;
  readonly sipStatus: string | undefined;

  constructor(options: { reason: string; sipStatusCode?: number | undefined; sipStatus?: string | undefined; cause?: unknown }) {
    const details: TransferErrorDetails = {};
    if (options.sipStatusCode !== undefined) details.sip_status_code = options.sipStatusCode;
    if (options.sipStatus !== undefined) details.sip_status = options.sipStatus;
    const sip = [options.sipStatusCode, options.sipStatus].filter((part) => part !== undefined).join(" ");
    super(`SIP transfer failed: ${sip || options.reason}`, {
      cause: options.cause,
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
    this.sipStatusCode = options.sipStatusCode;
    this.sipStatus = options.sipStatus;
  }
}
