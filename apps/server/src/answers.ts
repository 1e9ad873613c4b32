import type { ErrorCode, ErrorDetails } from "@sip-transfer/api-types";
import type { StoredAnswer } from "@sip-transfer/store";
import type { Request, Response } from "express";
import { Idempotency, type IdempotencyClaim } from "./idempotency.js";

// How the API's POST routes send an answer, and keep it for an Idempotency-Key or replay it.

/** The connection closed before the answer was sent. */
export function clientWentAway(res: Response): boolean {
  return !res.writableEnded && (res.destroyed || res.socket === null || res.socket.destroyed);
}

/** An answer before it is sent (or kept for an Idempotency-Key, as text). */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function send(res: Response, answer: Answer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  // An error answered here (kept for its Idempotency-Key, or replayed) is logged and counted by its
  // code like one the error handler sends: a declined transfer is an outcome, not a server failure.
  const { code, details } = (answer.body ?? {}) as { code?: unknown; details?: ErrorDetails };
  if (answer.status >= 400 && typeof code === "string") res.locals.problem = { code: code as ErrorCode, details };
  // res.json, so the answer (a replayed one too) is checked against the spec like any other.
  res.status(answer.status).json(answer.body);
}

export function replay(res: Response, stored: StoredAnswer): void {
  res.setHeader("Idempotent-Replayed", "true");
  send(res, { ...stored, body: JSON.parse(stored.body) as unknown });
}

// How long an answer waits for its Idempotency-Key to be stored: a healthy store takes a
// millisecond, and a stalled one must not add its own timeout to the request's time budget.
const KEEP_WAIT_MS = 250;

/**
 * Stores the answer for the key, waiting at most KEEP_WAIT_MS: a failure or a slow store must not
 * change or hold up the answer (the transfer happened; `keep` goes on in the background, and a
 * retry meanwhile gets 409 IDEMPOTENCY_KEY_IN_USE, later the replay).
 */
export async function keep(claim: IdempotencyClaim, answer: Answer, req: Request): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, KEEP_WAIT_MS);
  });
  await Promise.race([claim.keep(stored(answer), req.log), waited]);
  clearTimeout(timer);
}

export function stored(answer: Answer): StoredAnswer {
  return { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
}

/**
 * The Idempotency-Key step of a POST that starts something. Without a key: nothing to do (the new
 * record's id is chosen when it is made). With one, the id is chosen first and named in the claim
 * (see Idempotency), and a request already answered (replay) or whose record exists (`started`:
 * `answerOf` tells what its request answered) is answered here: then it returns "answered".
 */
export async function claimForRequest(
  req: Request,
  res: Response,
  how: {
    idempotency: Idempotency;
    /** Keeps one resource's keys apart from another's (`""` for transfers, `"warm:"`). */
    scopePrefix: string;
    tenantId: string | undefined;
    newId: () => string;
    answerOf: (startedId: string) => Promise<StoredAnswer>;
  },
): Promise<"answered" | { id: string | undefined; claim: IdempotencyClaim | undefined }> {
  const key = Idempotency.keyOf(req);
  if (key === undefined) return { id: undefined, claim: undefined };
  const id = how.newId();
  const scope = `${how.scopePrefix}${how.tenantId === undefined ? "-" : `t:${how.tenantId}`}`;
  const claimed = await how.idempotency.claim(scope, key, req.body, id);
  if ("replay" in claimed) {
    replay(res, claimed.replay);
    return "answered";
  }
  if ("started" in claimed) {
    replay(res, await how.answerOf(claimed.started));
    return "answered";
  }
  return { id, claim: claimed.claim };
}
