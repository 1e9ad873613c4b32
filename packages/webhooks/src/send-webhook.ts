import { Webhook } from "standardwebhooks";
import type { WebhookTarget } from "./webhook-target.js";

export interface WebhookMessage {
  /** `webhook-id`: the same on every attempt of one event. */
  id: string;
  /** The JSON body, the same bytes on every attempt. */
  body: string;
}

export interface SendOptions {
  /** The whole attempt, connection to response headers, within this (ms). */
  timeoutMs: number;
  /** When this attempt is signed (its `webhook-timestamp`). */
  signedAt: Date;
  userAgent: string;
  /** Aborts the attempt (the server stops). */
  signal?: AbortSignal;
}

export type SendResult =
  | { delivered: true; status: number }
  /** `retryAfterMs`: the receiver's Retry-After (seconds or an HTTP date), when it sent one. */
  | { delivered: false; status?: number; error: string; retryAfterMs?: number };

/**
 * One signed POST of `message` to `target` (Standard Webhooks headers). A 2xx is delivered;
 * anything else is not: another status (a redirect is not followed), no answer in time, no
 * connection. Never throws; the error says what happened without the URL (it may hold a token).
 */
export async function sendWebhook(
  target: WebhookTarget,
  message: WebhookMessage,
  options: SendOptions,
): Promise<SendResult> {
  // Several signatures are separated by spaces (Standard Webhooks): one per secret while rotating.
  const signature = [target.secret, ...(target.alsoSignWith ?? [])]
    .map((secret) => new Webhook(secret).sign(message.id, options.signedAt, message.body))
    .join(" ");
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": options.userAgent,
        "webhook-id": message.id,
        "webhook-timestamp": String(Math.floor(options.signedAt.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body: message.body,
      redirect: "manual",
      signal,
    });
    // The receiver's body is not read: only the status counts.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
    const redirect = response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : "";
    const retryAfterMs = retryAfter(response.headers.get("retry-after"), options.signedAt.getTime());
    return {
      delivered: false,
      status: response.status,
      error: `the receiver answered ${response.status}${redirect}`,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch (error) {
    if (timeout.aborted) return { delivered: false, error: `no answer within ${options.timeoutMs} ms` };
    if (options.signal?.aborted) return { delivered: false, error: "cut off: the server stopped" };
    return { delivered: false, error: `could not reach the receiver: ${describeNetworkError(error)}` };
  }
}

/** A Retry-After header as milliseconds from `now`: delta-seconds or an HTTP date; undefined otherwise. */
export function retryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date (IMF-fixdate), e.g. "Wed, 25 Nov 2026 18:00:30 GMT".
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
