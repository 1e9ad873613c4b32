import type { ErrorBody, ErrorCode, ErrorDetails } from "@sip-transfer/api-types";
import {
  CallNotActiveError,
  DestinationNotAllowedError,
  InvalidSipUriError,
  InvalidTransferOptionError,
  EmptyFieldsError,
  InvalidCursorError,
  InvalidPhoneNumberError,
  LiveKitNotConfiguredError,
  LiveKitUnavailableError,
  ParticipantNotFoundError,
  RoomNotFoundError,
  StoreUnavailableError,
  TransferFailedError,
  TransferInProgressError,
  TransferNotFoundError,
  type TransferRequestField,
  LiveKitRemoteUnmuteDisabledError,
  SipTrunkNotConfiguredError,
  WarmTransferEndedError,
  WarmTransferNotConsultingError,
  WarmTransferNotFoundError,
} from "@sip-transfer/domain";
import type { Response } from "express";

/**
 * The one table from the contract's error codes to HTTP statuses. A test holds it to the spec:
 * each code is listed under exactly this status there.
 */
export const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_REQUEST: 400,
  INVALID_PHONE_NUMBER: 400,
  UNAUTHORIZED: 401,
  DESTINATION_NOT_ALLOWED: 403,
  ROOM_NOT_FOUND: 404,
  PARTICIPANT_NOT_FOUND: 404,
  TRANSFER_NOT_FOUND: 404,
  WARM_TRANSFER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  TRANSFER_IN_PROGRESS: 409,
  CALL_NOT_ACTIVE: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  WARM_TRANSFER_NOT_CONSULTING: 409,
  WARM_TRANSFER_ENDED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  LIVEKIT_NOT_CONFIGURED: 500,
  LIVEKIT_UNAVAILABLE: 500,
  TRANSFER_FAILED: 500,
  SIP_TRUNK_NOT_CONFIGURED: 500,
  LIVEKIT_REMOTE_UNMUTE_DISABLED: 500,
  INTERNAL_ERROR: 500,
  STORE_UNAVAILABLE: 503,
  NOT_READY: 503,
};

/** An error in the contract's terms: its code, message, details and extra headers. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers: Record<string, string> = {},
  ) {
    // An answer of the contract, not a bug: no stack trace (costly under a flood of refusals).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = "HttpProblem";
  }
}

/** Largest accepted request body (the spec's 413). */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** The 413 answer, whichever layer notices the body is too large first. */
export const payloadTooLarge = () =>
  new HttpProblem("PAYLOAD_TOO_LARGE", `Request body is larger than ${BODY_LIMIT_BYTES} bytes`);

const WIRE_FIELD: Record<TransferRequestField, string> = {
  roomName: "room_name",
  participantIdentity: "participant_identity",
  transferTo: "transfer_to",
  agentIdentity: "agent_identity",
};

const OPTION_PATH: Record<InvalidTransferOptionError["option"], string> = {
  ringingTimeout: "/body/ringing_timeout",
  headers: "/body/headers",
  agentIdentity: "/body/agent_identity",
};

/** A domain refusal in the contract's terms, or undefined for anything that is not one. */
export function problemOf(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof EmptyFieldsError) {
    const fields = error.fields.map((field) => WIRE_FIELD[field]);
    return new HttpProblem("INVALID_REQUEST", `Invalid request: ${fields.join(", ")} must not be empty`, {
      issues: fields.map((field) => ({ path: `/body/${field}`, message: "must not be empty" })),
    });
  }
  if (error instanceof InvalidPhoneNumberError || error instanceof InvalidSipUriError)
    return new HttpProblem("INVALID_PHONE_NUMBER", error.message);
  if (error instanceof InvalidTransferOptionError) {
    const path = OPTION_PATH[error.option];
    return new HttpProblem("INVALID_REQUEST", `Invalid request: ${error.message}`, {
      issues: [{ path, message: error.message }],
    });
  }
  if (error instanceof DestinationNotAllowedError)
    return new HttpProblem("DESTINATION_NOT_ALLOWED", error.message, { reason: error.reason });
  if (error instanceof LiveKitNotConfiguredError) return new HttpProblem("LIVEKIT_NOT_CONFIGURED", error.message);
  if (error instanceof RoomNotFoundError) return new HttpProblem("ROOM_NOT_FOUND", error.message);
  if (error instanceof ParticipantNotFoundError) return new HttpProblem("PARTICIPANT_NOT_FOUND", error.message);
  if (error instanceof LiveKitUnavailableError) return new HttpProblem("LIVEKIT_UNAVAILABLE", error.message);
  if (error instanceof TransferFailedError) {
    return new HttpProblem("TRANSFER_FAILED", error.message, {
      transfer_id: error.transferId,
      ...(error.sipStatusCode === undefined ? {} : { sip_status_code: error.sipStatusCode }),
      ...(error.sipStatus === undefined ? {} : { sip_status: error.sipStatus }),
    });
  }
  if (error instanceof TransferInProgressError) {
    return new HttpProblem(
      "TRANSFER_IN_PROGRESS",
      error.message,
      error.transferId
        ? { transfer_id: error.transferId }
        : error.warmTransferId
          ? { warm_transfer_id: error.warmTransferId }
          : undefined,
    );
  }
  if (error instanceof SipTrunkNotConfiguredError) return new HttpProblem("SIP_TRUNK_NOT_CONFIGURED", error.message);
  if (error instanceof LiveKitRemoteUnmuteDisabledError)
    return new HttpProblem("LIVEKIT_REMOTE_UNMUTE_DISABLED", error.message);
  if (error instanceof WarmTransferNotFoundError) return new HttpProblem("WARM_TRANSFER_NOT_FOUND", error.message);
  if (error instanceof WarmTransferNotConsultingError)
    return new HttpProblem("WARM_TRANSFER_NOT_CONSULTING", error.message, {
      status: error.status,
    });
  if (error instanceof WarmTransferEndedError)
    return new HttpProblem("WARM_TRANSFER_ENDED", error.message, { status: error.status });
  if (error instanceof CallNotActiveError)
    return new HttpProblem("CALL_NOT_ACTIVE", error.message, { transfer_id: error.transferId });
  if (error instanceof TransferNotFoundError) return new HttpProblem("TRANSFER_NOT_FOUND", error.message);
  if (error instanceof InvalidCursorError) {
    return new HttpProblem("INVALID_REQUEST", `Invalid request: ${error.message}`, {
      issues: [{ path: "/query/cursor", message: error.message }],
    });
  }
  if (error instanceof StoreUnavailableError)
    return new HttpProblem("STORE_UNAVAILABLE", error.message, undefined, { "Retry-After": "1" });
  return undefined;
}

/** The status and body an error answers with. */
export function errorAnswer(problem: HttpProblem): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  const body: ErrorBody = { error: problem.message, code: problem.code };
  if (problem.details && Object.keys(problem.details).length > 0) body.details = problem.details;
  return { status: STATUS_OF[problem.code], body, headers: problem.headers };
}

export function sendProblem(res: Response, problem: HttpProblem): void {
  const { status, body, headers } = errorAnswer(problem);
  res.locals.problem = { code: problem.code, details: problem.details };
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).json(body);
}

export function sendError(res: Response, code: ErrorCode, message: string, details?: ErrorDetails): void {
  sendProblem(res, new HttpProblem(code, message, details));
}

/**
 * A 500 `TRANSFER_FAILED` is the seed's contract for "the phone said no" (603, 486…): a business
 * outcome, logged at warn with its SIP status and counted apart from the server's own failures.
 */
export function answeredWithOutcome(res: Response): boolean {
  return res.locals.problem?.code === "TRANSFER_FAILED";
}
