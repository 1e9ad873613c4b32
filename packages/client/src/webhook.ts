import type { TransferEvent, WarmTransferEvent } from "@sip-transfer/api-types";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

export { WebhookVerificationError };

/** Request headers as Node (`req.headers`), Express, the Fetch API or a plain object give them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

const EVENT_TYPES = new Set<string>([
  "transfer.completed",
  "transfer.failed",
  "transfer.unknown",
  "warm_transfer.completed",
  "warm_transfer.cancelled",
  "warm_transfer.failed",
]);

/** Every webhook the service sends: a transfer's (`transfer.*`) or a warm transfer's (`warm_transfer.*`), told apart by `type`. */
export type SipTransferEvent = TransferEvent | WarmTransferEvent;

/**
 * Checks a sip-transfer webhook and returns its event, typed. `rawBody` is the body exactly as
 * received (a string, or bytes such as Express's `express.raw()` Buffer): a re-serialised JSON body
 * does not verify. `secret` is the `whsec_…` secret configured for you.
 *
 * Throws WebhookVerificationError when `secret` is not a webhook secret, a `webhook-*` header is
 * missing, the signature does not match, the timestamp is more than 5 minutes from now (a replay), or the body is not a
 * sip-transfer event. Deliveries are at least once: deduplicate on `webhook-id`.
 */
export function verifyWebhook(rawBody: string | Uint8Array, headers: WebhookHeaders, secret: string): SipTransferEvent {
  const body = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch (error) {
    // A configuration mistake, but one a receiver must refuse the delivery over like any other.
    throw new WebhookVerificationError(
      `The webhook secret is not a Standard Webhooks secret (whsec_ and base64): ${(error as Error).message}`,
    );
  }
  const event = webhook.verify(body, plainHeaders(headers));
  if (!isTransferEvent(event)) throw new WebhookVerificationError("The body is not a sip-transfer event");
  return event;
}

function plainHeaders(headers: WebhookHeaders): Record<string, string> {
  const plain: Record<string, string> = {};
  const entries: Iterable<[string, string | string[] | undefined]> =
    headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    // Several signatures are separated by spaces (Standard Webhooks).
    plain[name.toLowerCase()] = Array.isArray(value) ? value.join(" ") : value;
  }
  return plain;
}

function isTransferEvent(value: unknown): value is SipTransferEvent {
  if (typeof value !== "object" || value === null) return false;
  const { type, timestamp, data } = value as Record<string, unknown>;
  return (
    typeof type === "string" &&
    EVENT_TYPES.has(type) &&
    typeof timestamp === "string" &&
    typeof data === "object" &&
    data !== null
  );
}
