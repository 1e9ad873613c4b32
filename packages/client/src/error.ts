import type { ErrorCode, ErrorDetails } from "@sip-transfer/api-types";

/**
 * Codes the client itself produces when there is no error body from the server to read:
 * - `NETWORK_ERROR`: the request never got an HTTP response (connection refused, DNS, CORS…)
 * - `ABORTED`: the caller's `AbortSignal` fired
 * - `UNEXPECTED_RESPONSE`: the server answered with a body that is not the documented shape
 * - `TIMEOUT`: `waitForTransfer` gave up while the transfer was still `initiated`
 */
export type ClientErrorCode = "NETWORK_ERROR" | "ABORTED" | "UNEXPECTED_RESPONSE" | "TIMEOUT";

export type SipTransferErrorCode = ErrorCode | ClientErrorCode;

export interface SipTransferErrorInit {
  status: number;
  code: SipTransferErrorCode;
  message: string;
  details?: ErrorDetails | undefined;
  requestId?: string | undefined;
  /** The response's `Retry-After`, in seconds, when it had one. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/** The one error every client call rejects with. */
export class SipTransferError extends Error {
  override readonly name = "SipTransferError";
  /** HTTP status, or 0 when no response arrived (`NETWORK_ERROR`, `ABORTED`). */
  readonly status: number;
  readonly code: SipTransferErrorCode;
  readonly details: ErrorDetails | undefined;
  /** The response's `X-Request-Id`, to find the request in the server's logs. */
  readonly requestId: string | undefined;
  /** The response's `Retry-After` in seconds (409, 503), when it had one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: SipTransferErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isSipTransferError(value: unknown): value is SipTransferError {
  return value instanceof SipTransferError;
}
