import { type WebhookTarget, webhookSecretProblem, webhookUrlProblem } from "@sip-transfer/webhooks";
import { type DestinationOverrides, destinationOverrides } from "./destinations.js";
import { list } from "./env-reader.js";

export interface ApiSecret {
  id: string;
  /** The tenant's key: the first of `secret`'s list. */
  secret: string;
  /** While a key is rotated, the tenant's other keys (`"secret": ["new…", "old…"]`): they work alike. */
  alsoAccepted?: string[];
  /** The tenant's overrides of the destination policy, when its entry has any. */
  destinations?: DestinationOverrides;
  /** Where the tenant's transfer webhooks go (`webhook_url`, `webhook_secret`), when it has one. */
  webhook?: WebhookTarget;
  /** The outbound trunk its warm transfers dial through (`sip_outbound_trunk_id`), instead of SIP_OUTBOUND_TRUNK_ID. */
  sipOutboundTrunkId?: string;
}

export interface WebhookSettings {
  /** Anonymous transfers' webhooks (WEBHOOK_URL, WEBHOOK_SECRET). */
  anonymous: WebhookTarget | undefined;
  /** Attempts before a webhook is `failed`. */
  maxAttempts: number;
  /** One attempt (ms). */
  attemptTimeoutMs: number;
  /** Wait after the first failed attempt, doubled after each next one (ms). */
  retryDelayMs: number;
}

/**
 * A webhook target from a URL and a secret (both or neither): http(s) only, no credentials in the
 * URL, a Standard Webhooks `whsec_` secret. Messages name the setting, never the secret.
 */
export function webhookTarget(
  url: string | undefined,
  secret: string | undefined,
  names: { url: string; secret: string; where?: string },
  problems: string[],
): WebhookTarget | undefined {
  const where = names.where ? `${names.where}: ` : "";
  if (url === undefined && secret === undefined) return undefined;
  if (url === undefined) {
    problems.push(`${where}${names.secret} is set but ${names.url} is not: set both, or neither`);
    return undefined;
  }
  if (secret === undefined) {
    problems.push(
      `${where}${names.url} is set but ${names.secret} is not: webhooks are always signed; set both, or neither`,
    );
    return undefined;
  }
  const urlProblem = webhookUrlProblem(url);
  // Not echoed: a webhook URL's path or query may hold a token.
  if (urlProblem) problems.push(`${where}${names.url} ${urlProblem}`);
  // Several secrets (spaces or commas between them; an array in a tenant's entry) while rotating:
  // the first signs, the rest sign too, so receivers with any of them verify.
  const secrets = list(secret);
  const secretProblems = secrets
    .map(webhookSecretProblem)
    .filter((problem): problem is string => problem !== undefined);
  if (secrets.length > 3) secretProblems.push("may hold at most 3 secrets (the new one and those being retired)");
  for (const problem of new Set(secretProblems)) problems.push(`${where}${names.secret} ${problem}`);
  if (urlProblem || secretProblems.length > 0) return undefined;
  const [first, ...rest] = secrets as [string, ...string[]];
  return rest.length > 0 ? { url, secret: first, alsoSignWith: rest } : { url, secret: first };
}

/** The keys a tenant entry of AUTH_API_SECRETS_JSON may have. */
const TENANT_KEYS = new Set([
  "id",
  "secret",
  "allowed_countries",
  "blocked_number_types",
  "allow_extensions",
  "sip_domains",
  "webhook_url",
  "webhook_secret",
  "sip_outbound_trunk_id",
]);

/** Shorter secrets can be guessed; `openssl rand -hex 24` makes a good one. */
export const MIN_SECRET_LENGTH = 16;
/** Keys one tenant may hold at once: the new and the old while rotating (and one more). */
export const MAX_SECRETS_PER_TENANT = 3;

/**
 * The tenants of AUTH_API_SECRETS_JSON. Every entry is checked (a bad one does not hide the ones
 * after it), and no id or secret may appear twice: each problem is named, never a secret.
 */
export function parseSecrets(raw: string | undefined, problems: string[]): ApiSecret[] {
  if (raw === undefined) return [];
  const shape = 'expected a JSON array like [{"id":"tenant-a","secret":"…"}]';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Never echo the value: it holds secrets.
    problems.push(`AUTH_API_SECRETS_JSON is not valid JSON; ${shape}`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push(`AUTH_API_SECRETS_JSON is not a JSON array; ${shape}`);
    return [];
  }
  const secrets: ApiSecret[] = [];
  // Where each id and each secret was seen (entry indexes), for the duplicates' messages.
  const idsAt = new Map<string, number[]>();
  const secretsAt = new Map<string, number[]>();
  for (const [index, entry] of parsed.entries()) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`AUTH_API_SECRETS_JSON entry ${index} is not an object like {"id":"tenant-a","secret":"…"}`);
      continue;
    }
    const { id, secret: secretValue } = entry as { id?: unknown; secret?: unknown };
    const hasId = typeof id === "string" && id.trim() !== "";
    const where = hasId ? `AUTH_API_SECRETS_JSON entry ${index} (id '${id}')` : `AUTH_API_SECRETS_JSON entry ${index}`;
    let usable = hasId;
    if (!hasId) problems.push(`${where} has no non-empty string "id"`);
    // One key, or while rotating it a list of up to MAX_SECRETS_PER_TENANT, the newest first.
    const keys = Array.isArray(secretValue) ? secretValue : [secretValue];
    if (
      keys.length === 0 ||
      keys.length > MAX_SECRETS_PER_TENANT ||
      keys.some((k) => typeof k !== "string" || k === "")
    ) {
      problems.push(
        `${where} has no non-empty string "secret" (or, while rotating keys, a list of 1 to ${MAX_SECRETS_PER_TENANT} of them)`,
      );
      usable = false;
    } else if (keys.some((k) => (k as string).length < MIN_SECRET_LENGTH)) {
      problems.push(
        `${where} has a secret shorter than ${MIN_SECRET_LENGTH} characters (make one with \`openssl rand -hex 24\`)`,
      );
      usable = false;
    } else {
      for (const key of new Set(keys as string[])) secretsAt.set(key, [...(secretsAt.get(key) ?? []), index]);
      if (new Set(keys).size < keys.length) {
        problems.push(`${where} lists the same secret twice`);
        usable = false;
      }
    }
    const [secret, ...alsoAccepted] = keys as string[];
    if (hasId) idsAt.set(id, [...(idsAt.get(id) ?? []), index]);
    const unknown = Object.keys(entry).filter((key) => !TENANT_KEYS.has(key));
    if (unknown.length > 0)
      problems.push(
        `${where} has unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(", ")}; known: ${[...TENANT_KEYS].join(", ")}`,
      );
    const overrides = destinationOverrides(entry as Record<string, unknown>, where, problems);
    const { webhook_url: hookUrl, webhook_secret: hookSecret } = entry as {
      webhook_url?: unknown;
      webhook_secret?: unknown;
    };
    const secretList =
      Array.isArray(hookSecret) && hookSecret.every((s) => typeof s === "string") ? hookSecret.join(" ") : hookSecret;
    if (
      (hookUrl !== undefined && typeof hookUrl !== "string") ||
      (secretList !== undefined && typeof secretList !== "string")
    ) {
      problems.push(`${where}: "webhook_url" must be a string and "webhook_secret" a string or an array of strings`);
    }
    const webhook = webhookTarget(
      typeof hookUrl === "string" && hookUrl.trim() !== "" ? hookUrl.trim() : undefined,
      typeof secretList === "string" && secretList.trim() !== "" ? secretList.trim() : undefined,
      { url: '"webhook_url"', secret: '"webhook_secret"', where },
      problems,
    );
    const trunk = (entry as { sip_outbound_trunk_id?: unknown }).sip_outbound_trunk_id;
    const trunkProblem = trunkIdProblem(trunk);
    if (trunk !== undefined && trunkProblem) problems.push(`${where}: "sip_outbound_trunk_id" ${trunkProblem}`);
    if (usable) {
      secrets.push({
        id: id as string,
        secret: secret!,
        ...(alsoAccepted.length > 0 ? { alsoAccepted } : {}),
        ...(Object.keys(overrides).length > 0 ? { destinations: overrides } : {}),
        ...(webhook ? { webhook } : {}),
        ...(typeof trunk === "string" && !trunkProblem ? { sipOutboundTrunkId: trunk } : {}),
      });
    }
  }
  const entries = (indexes: number[]) => `entries ${indexes.slice(0, -1).join(", ")} and ${indexes.at(-1)}`;
  for (const [id, indexes] of idsAt) {
    if (indexes.length > 1)
      problems.push(
        `AUTH_API_SECRETS_JSON has the id '${id}' in more than one entry (${entries(indexes)}): each tenant has one entry`,
      );
  }
  for (const indexes of secretsAt.values()) {
    if (indexes.length > 1)
      problems.push(`AUTH_API_SECRETS_JSON has the same secret twice (${entries(indexes)}): each tenant needs its own`);
  }
  return secrets;
}

/** What is wrong with an outbound trunk id (LiveKit's are `ST_` and letters or digits), or undefined. */
export function trunkIdProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string";
  return /^ST_[A-Za-z0-9]{1,64}$/.test(value) ? undefined : "must be a LiveKit trunk id such as ST_a1b2c3";
}
