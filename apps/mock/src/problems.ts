import { invalidRequest as describeInvalidRequest } from "@sip-transfer/http-contract";
import type { Problem } from "./contract.js";

/** An error answer in the contract's shape: `{ error, code, details? }`. */
export interface ErrorAnswer {
  status: number;
  body: { error: string; code: string; details?: Record<string, unknown> };
  headers?: Record<string, string>;
}

export function errorAnswer(
  status: number,
  code: string,
  error: string,
  details?: Record<string, unknown>,
  headers?: Record<string, string>,
): ErrorAnswer {
  return { status, body: { error, code, ...(details ? { details } : {}) }, ...(headers ? { headers } : {}) };
}

/** 400 INVALID_REQUEST naming each problem (the first 20 in `details.issues`, the first 5 in the message). */
export function invalidRequest(problems: Problem[]): ErrorAnswer {
  // Said the way the server says it: the wording and limits live in @sip-transfer/http-contract.
  const { message, details } = describeInvalidRequest(problems);
  return errorAnswer(400, "INVALID_REQUEST", message, details as unknown as Record<string, unknown>);
}
