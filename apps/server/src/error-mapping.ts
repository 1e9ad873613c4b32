import type { ErrorBody, ErrorCode, ErrorDetails } from "@sip-transfer/api-types";
import type { Response } from "express";

/** The one table from the contract's error codes to HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_REQUEST: 400,
  INVALID_PHONE_NUMBER: 400,
  UNAUTHORIZED: 401,
  ROOM_NOT_FOUND: 404,
  PARTICIPANT_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LIVEKIT_NOT_CONFIGURED: 500,
  LIVEKIT_UNAVAILABLE: 500,
  TRANSFER_FAILED: 500,
  INTERNAL_ERROR: 500,
};

/** An error the HTTP layer itself raises (auth, body parsing, routing), in the contract's terms. */
export class HttpProblem extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpProblem";
  }
}

/** Largest accepted request body (the spec's 413). */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** The 413 answer, whichever layer notices the body is too large first. */
export const payloadTooLarge = () =>
  new HttpProblem("PAYLOAD_TOO_LARGE", `Request body is larger than ${BODY_LIMIT_BYTES} bytes`);

export function sendError(res: Response, code: ErrorCode, message: string, details?: ErrorDetails): void {
  const body: ErrorBody = { error: message, code };
  if (details && Object.keys(details).length > 0) body.details = details;
  res.status(STATUS_OF[code]).json(body);
}
