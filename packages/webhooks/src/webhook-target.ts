/** Where one tenant's (or the anonymous caller's) webhooks go, and the secret that signs them. */
export interface WebhookTarget {
  /** An http(s) URL from the operator's configuration (never from a request). */
  url: string;
  /** `whsec_` + base64 of 24–64 random bytes (Standard Webhooks). */
  secret: string;
  /**
   * While rotating: more secrets to sign with, each giving one more signature in
   * `webhook-signature`, so receivers holding the old secret or the new one both verify.
   */
  alsoSignWith?: string[];
}

const SECRET_PREFIX = "whsec_";
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;

/** What is wrong with a webhook URL, or undefined when it may be used. Never echoes credentials. */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL; expected http:// or https://…";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    return `must be http:// or https://, not ${parsed.protocol}//`;
  if (parsed.username || parsed.password)
    return "must not contain credentials (user:password@); the signature authenticates the sender";
  if (parsed.hash) return "must not contain a #fragment";
  return undefined;
}

/** What is wrong with a webhook secret, or undefined when it may be used. Never echoes the secret. */
export function webhookSecretProblem(secret: string): string | undefined {
  const howTo =
    "make one with: node -e \"console.log('whsec_' + require('crypto').randomBytes(32).toString('base64'))\"";
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with ${SECRET_PREFIX} (Standard Webhooks); ${howTo}`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0)
    return `must be ${SECRET_PREFIX} followed by standard base64; ${howTo}`;
  const bytes = Buffer.from(encoded, "base64").length;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    return `must encode ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes, got ${bytes}; ${howTo}`;
  }
  return undefined;
}

/** The URL as logs may show it: scheme, host and port only (a path or query may hold a token). */
export function webhookOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid url)";
  }
}
