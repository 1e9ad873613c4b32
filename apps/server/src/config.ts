import { isIP } from "node:net";
import { DEFAULT_MAX_EXTENSION_DIGITS, isSupportedRegion } from "@sip-transfer/domain";
import type { CountryCode } from "@sip-transfer/domain";
import type { DestinationPolicy } from "@sip-transfer/domain";
import { type StoreLocation, parseStoreUrl } from "@sip-transfer/store";
import { type WebhookTarget, webhookOrigin, webhookSecretProblem, webhookUrlProblem } from "@sip-transfer/webhooks";
import { type DestinationOverrides, destinationOverrides, destinationPolicyFromEnv, list } from "./destination-config.js";

/**
 * Every environment variable the server reads: the one list `pnpm start` passes through turbo
 * (turbo.json's start task) and the README's configuration table are checked against it.
 */
export const CONFIG_VARIABLES = [
  "PORT",
  "HOST",
  "LOG_LEVEL",
  "LIVEKIT_URL",
  "LIVEKIT_API_KEY",
  "LIVEKIT_API_SECRET",
  "AUTH_REQUIRED",
  "AUTH_API_SECRETS_JSON",
  "TRANSFER_WAIT_MS",
  "PHONE_DEFAULT_REGION",
  "TRANSFER_MAX_EXTENSION_DIGITS",
  "RESPONSE_VALIDATION",
  "SHUTDOWN_GRACE_MS",
  "STORE_URL",
  "IDEMPOTENCY_TTL_S",
  "TRANSFER_RETENTION_S",
  "AUTH_FAILURE_LIMIT",
  "AUTH_FAILURE_WINDOW_S",
  "HTTP_HEADERS_TIMEOUT_MS",
  "HTTP_REQUEST_TIMEOUT_MS",
  "HTTP_KEEP_ALIVE_TIMEOUT_MS",
  "HTTP_MAX_CONNECTIONS",
  "HTTP_MAX_CONNECTIONS_PER_CLIENT",
  "TRANSFER_ALLOWED_COUNTRIES",
  "TRANSFER_BLOCKED_NUMBER_TYPES",
  "TRANSFER_ALLOW_EXTENSIONS",
  "TRANSFER_SIP_DOMAINS",
  "WEBHOOK_URL",
  "WEBHOOK_SECRET",
  "WEBHOOK_MAX_ATTEMPTS",
  "WEBHOOK_TIMEOUT_MS",
  "WEBHOOK_RETRY_DELAY_MS",
  "CORS_ORIGINS",
  "TRANSFER_RATE_LIMIT",
  "TRANSFER_RATE_WINDOW_S",
  "METRICS_TOKEN",
  "TRUST_PROXY",
  "READY_CACHE_MS",
] as const;

export type ResponseValidation = "fail" | "log" | "off";
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ApiSecret {
  id: string;
  secret: string;
  /** The tenant's overrides of the destination policy, when its entry has any. */
  destinations?: DestinationOverrides;
  /** Where the tenant's transfer webhooks go (`webhook_url`, `webhook_secret`), when it has one. */
  webhook?: WebhookTarget;
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

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Undefined when LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not all set. */
  livekit: { url: string; apiKey: string; apiSecret: string } | undefined;
  /** The LiveKit variables that are missing (for the start-up warning). */
  livekitMissing: string[];
  auth: {
    required: boolean;
    secrets: ApiSecret[];
    /** AUTH_REQUIRED=false with secrets: anonymous callers reach every room (warned at start). */
    anonymousAlongsideTenants: boolean;
    /** Failed authentications allowed per client address and window before 429 RATE_LIMITED. */
    failureLimit: number;
    failureWindowMs: number;
  };
  transferWaitMs: number;
  phoneDefaultRegion: CountryCode | undefined;
  /** Digits without `+` up to this many are an internal extension; longer runs are national numbers. */
  maxExtensionDigits: number;
  responseValidation: ResponseValidation;
  shutdownGraceMs: number;
  /** Where transfers may go: the global policy, and each tenant's with its overrides applied. */
  destinations: { global: DestinationPolicy; tenants: Map<string, DestinationPolicy> };
  /** How long and how many: what a slow or greedy client can hold. */
  http: HttpLimits;
  /** Where transfers and idempotency keys are kept (STORE_URL). */
  store: StoreLocation;
  idempotencyTtlMs: number;
  transferRetentionMs: number;
  /** Transfer webhooks: anonymous target and delivery settings (tenants' targets are on their ApiSecret). */
  webhooks: WebhookSettings;
  /** Browser origins allowed to call the API (CORS_ORIGINS): a list, `*` for any, or none. */
  corsOrigins: string[] | "*";
  /** Transfers per tenant (anonymous: per address) and window; `limit` 0 is off. */
  transferRateLimit: { limit: number; windowMs: number };
  /** GET /metrics needs it as a Bearer token when set (METRICS_TOKEN). */
  metricsToken: string | undefined;
  /**
   * Which proxies' X-Forwarded-For to believe (Express's `trust proxy`): false (none: the socket's
   * address is the client's), a number of hops, or addresses / CIDRs / `loopback`, `linklocal`,
   * `uniquelocal`. It decides the address the per-address limits count.
   */
  trustProxy: false | number | string[];
  /** How long GET /ready reuses a check's answer (ms); 0: every probe checks. */
  readyCacheMs: number;
}

export interface HttpLimits {
  /** All request headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms); Node answers 408 otherwise. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused at once. */
  maxConnections: number;
  /** Open connections from one client address beyond this are refused at once; 0: no such cap. */
  maxConnectionsPerClient: number;
}

/** Every problem with the environment, reported at once so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === "" ? undefined : raw;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
      return fallback;
    }
    return Number(raw);
  };
  const boolean = (name: string, fallback: boolean) => {
    const raw = value(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["true", "1", "yes", "on"].includes(raw)) return true;
    if (["false", "0", "no", "off"].includes(raw)) return false;
    problems.push(`${name} must be true or false, got '${env[name]}'`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(", ")}, got '${env[name]}'`);
    return fallback;
  };

  const port = integer("PORT", 3000, 0, 65535);
  const host = value("HOST") ?? "0.0.0.0";
  const logLevel = oneOf("LOG_LEVEL", LOG_LEVELS, "info");

  const livekitEnv = {
    LIVEKIT_URL: value("LIVEKIT_URL"),
    LIVEKIT_API_KEY: value("LIVEKIT_API_KEY"),
    LIVEKIT_API_SECRET: value("LIVEKIT_API_SECRET"),
  };
  const livekitMissing = Object.entries(livekitEnv).filter(([, set]) => !set).map(([name]) => name);
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = livekitEnv;
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed && (parsed.username || parsed.password)) {
      // Never echoed: it holds a password.
      problems.push("LIVEKIT_URL must not contain credentials (user:password@); LiveKit authenticates with LIVEKIT_API_KEY and LIVEKIT_API_SECRET");
    } else if (!parsed || !["http:", "https:", "ws:", "wss:"].includes(parsed.protocol)) {
      problems.push(`LIVEKIT_URL must be an http(s):// or ws(s):// URL, got '${url}'`);
    }
  }
  const livekit = url && apiKey && apiSecret ? { url, apiKey, apiSecret } : undefined;

  const secrets = parseSecrets(value("AUTH_API_SECRETS_JSON"), problems);
  // Secure by default: with tenant secrets, a token is required unless AUTH_REQUIRED=false says otherwise.
  const required = boolean("AUTH_REQUIRED", secrets.length > 0);
  const anonymousAlongsideTenants = secrets.length > 0 && !required;
  const authFailureLimit = integer("AUTH_FAILURE_LIMIT", 20, 1, 100_000);
  const authFailureWindowMs = integer("AUTH_FAILURE_WINDOW_S", 60, 1, 86_400) * 1000;
  if (required && secrets.length === 0) {
    problems.push("AUTH_REQUIRED is true but no API secret is configured: set AUTH_API_SECRETS_JSON='[{\"id\":\"tenant-a\",\"secret\":\"…\"}]'");
  }

  const transferWaitMs = integer("TRANSFER_WAIT_MS", 2000, 0, 120_000);
  const region = value("PHONE_DEFAULT_REGION")?.toUpperCase();
  const phoneDefaultRegion = region !== undefined && isSupportedRegion(region) ? region : undefined;
  if (region !== undefined && phoneDefaultRegion === undefined) {
    problems.push(`PHONE_DEFAULT_REGION must be a two-letter region code such as GB or US, got '${env["PHONE_DEFAULT_REGION"]}'`);
  }
  const maxExtensionDigits = integer("TRANSFER_MAX_EXTENSION_DIGITS", DEFAULT_MAX_EXTENSION_DIGITS, 1, 15);
  const responseValidation = oneOf("RESPONSE_VALIDATION", ["fail", "log", "off"] as const, "log");
  const shutdownGraceMs = integer("SHUTDOWN_GRACE_MS", 25_000, 0, 600_000);
  let store: StoreLocation = { kind: "sqlite", path: ":memory:" };
  try {
    store = parseStoreUrl(value("STORE_URL"), cwd);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const http: HttpLimits = {
    headersTimeoutMs: integer("HTTP_HEADERS_TIMEOUT_MS", 10_000, 500, 60_000),
    requestTimeoutMs: integer("HTTP_REQUEST_TIMEOUT_MS", 15_000, 500, 300_000),
    keepAliveTimeoutMs: integer("HTTP_KEEP_ALIVE_TIMEOUT_MS", 5_000, 0, 120_000),
    maxConnections: integer("HTTP_MAX_CONNECTIONS", 2_000, 1, 1_000_000),
    maxConnectionsPerClient: integer("HTTP_MAX_CONNECTIONS_PER_CLIENT", 100, 0, 1_000_000),
  };
  if (http.requestTimeoutMs < http.headersTimeoutMs) {
    problems.push("HTTP_REQUEST_TIMEOUT_MS must not be shorter than HTTP_HEADERS_TIMEOUT_MS");
  }
  const globalDestinations = destinationPolicyFromEnv(value, boolean("TRANSFER_ALLOW_EXTENSIONS", true), problems);
  const destinations = {
    global: globalDestinations,
    tenants: new Map(secrets.filter((t) => t.destinations).map((t) => [t.id, { ...globalDestinations, ...t.destinations }])),
  };
  const problemsBeforeKeeping = problems.length;
  const idempotencyTtlMs = integer("IDEMPOTENCY_TTL_S", 86_400, 60, 30 * 86_400) * 1000;
  const transferRetentionMs = integer("TRANSFER_RETENTION_S", 7 * 86_400, 60, 366 * 86_400) * 1000;
  // A replay hands out the stored answer's transfer id: its record must still be there.
  if (problems.length === problemsBeforeKeeping && idempotencyTtlMs > transferRetentionMs) {
    problems.push(
      `IDEMPOTENCY_TTL_S (${idempotencyTtlMs / 1000} s) must not be longer than TRANSFER_RETENTION_S (${transferRetentionMs / 1000} s): a replay after the record is deleted would answer with a transfer id that is 404`,
    );
  }

  const webhooks: WebhookSettings = {
    anonymous: webhookTarget(value("WEBHOOK_URL"), value("WEBHOOK_SECRET"), { url: "WEBHOOK_URL", secret: "WEBHOOK_SECRET" }, problems),
    maxAttempts: integer("WEBHOOK_MAX_ATTEMPTS", 8, 1, 20),
    attemptTimeoutMs: integer("WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000),
    retryDelayMs: integer("WEBHOOK_RETRY_DELAY_MS", 5_000, 10, 3_600_000),
  };

  const corsOrigins = parseCorsOrigins(value("CORS_ORIGINS"), problems);
  const transferRateLimit = {
    limit: integer("TRANSFER_RATE_LIMIT", 60, 0, 1_000_000),
    windowMs: integer("TRANSFER_RATE_WINDOW_S", 60, 1, 86_400) * 1000,
  };

  const metricsToken = value("METRICS_TOKEN");
  if (metricsToken !== undefined && metricsToken.length < MIN_SECRET_LENGTH) {
    problems.push(`METRICS_TOKEN is shorter than ${MIN_SECRET_LENGTH} characters (make one with \`openssl rand -hex 24\`)`);
  }

  const trustProxy = parseTrustProxy(value("TRUST_PROXY"), problems);
  const readyCacheMs = integer("READY_CACHE_MS", 2000, 0, 60_000);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    logLevel,
    livekit,
    livekitMissing,
    auth: { required, secrets, anonymousAlongsideTenants, failureLimit: authFailureLimit, failureWindowMs: authFailureWindowMs },
    transferWaitMs,
    phoneDefaultRegion,
    maxExtensionDigits,
    responseValidation,
    shutdownGraceMs,
    destinations,
    http,
    store,
    idempotencyTtlMs,
    transferRetentionMs,
    webhooks,
    corsOrigins,
    transferRateLimit,
    metricsToken,
    trustProxy,
    readyCacheMs,
  };
}

const PROXY_KEYWORDS = new Set(["loopback", "linklocal", "uniquelocal"]);

/** TRUST_PROXY: `false`, a hop count, or addresses, CIDRs and proxy-addr's keywords. Never `true`. */
function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  if (raw === undefined || raw.toLowerCase() === "false") return false;
  if (raw.toLowerCase() === "true") {
    problems.push("TRUST_PROXY=true would believe any client's X-Forwarded-For (and let it pick the address the limits count): give the number of proxies in front (e.g. 1) or their addresses (e.g. loopback,10.0.0.0/8)");
    return false;
  }
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > 10) problems.push(`TRUST_PROXY must be a number of proxies from 0 to 10, got '${raw}'`);
    return Number(raw);
  }
  const entries = list(raw);
  const bad = entries.filter((entry) => {
    if (PROXY_KEYWORDS.has(entry)) return false;
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address ?? "");
    if (family === 0 || extra !== undefined) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0) problems.push(`TRUST_PROXY: ${bad.join(", ")} not an address, a CIDR or loopback, linklocal, uniquelocal`);
  return entries;
}

/** CORS_ORIGINS: `*`, or origins (`https://app.example.com`, `http://localhost:5173`) separated by commas or spaces. */
function parseCorsOrigins(raw: string | undefined, problems: string[]): string[] | "*" {
  if (raw === undefined) return [];
  if (raw === "*") return "*";
  const origins: string[] = [];
  for (const entry of list(raw)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    // An origin is scheme://host[:port]: no path, query, fragment or credentials.
    if (!url || !["http:", "https:"].includes(url.protocol) || url.origin !== entry.replace(/\/$/, "")) {
      problems.push(`CORS_ORIGINS: '${entry.slice(0, 100)}' is not an origin like https://app.example.com or http://localhost:5173 (or use * alone)`);
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}

/**
 * A webhook target from a URL and a secret (both or neither): http(s) only, no credentials in the
 * URL, a Standard Webhooks `whsec_` secret. Messages name the setting, never the secret.
 */
function webhookTarget(
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
    problems.push(`${where}${names.url} is set but ${names.secret} is not: webhooks are always signed; set both, or neither`);
    return undefined;
  }
  const urlProblem = webhookUrlProblem(url);
  // Not echoed: a webhook URL's path or query may hold a token.
  if (urlProblem) problems.push(`${where}${names.url} ${urlProblem}`);
  // Several secrets (spaces or commas between them; an array in a tenant's entry) while rotating:
  // the first signs, the rest sign too, so receivers with any of them verify.
  const secrets = list(secret);
  const secretProblems = secrets.map(webhookSecretProblem).filter((problem): problem is string => problem !== undefined);
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
]);

/** Shorter secrets can be guessed; `openssl rand -hex 24` makes a good one. */
const MIN_SECRET_LENGTH = 16;

/**
 * The tenants of AUTH_API_SECRETS_JSON. Every entry is checked (a bad one does not hide the ones
 * after it), and no id or secret may appear twice: each problem is named, never a secret.
 */
function parseSecrets(raw: string | undefined, problems: string[]): ApiSecret[] {
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
    const { id, secret } = entry as { id?: unknown; secret?: unknown };
    const hasId = typeof id === "string" && id.trim() !== "";
    const where = hasId ? `AUTH_API_SECRETS_JSON entry ${index} (id '${id}')` : `AUTH_API_SECRETS_JSON entry ${index}`;
    let usable = hasId;
    if (!hasId) problems.push(`${where} has no non-empty string "id"`);
    if (typeof secret !== "string" || secret === "") {
      problems.push(`${where} has no non-empty string "secret"`);
      usable = false;
    } else if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`${where} has a secret shorter than ${MIN_SECRET_LENGTH} characters (make one with \`openssl rand -hex 24\`)`);
      usable = false;
    } else {
      secretsAt.set(secret, [...(secretsAt.get(secret) ?? []), index]);
    }
    if (hasId) idsAt.set(id, [...(idsAt.get(id) ?? []), index]);
    const unknown = Object.keys(entry).filter((key) => !TENANT_KEYS.has(key));
    if (unknown.length > 0) problems.push(`${where} has unknown key${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(", ")}; known: ${[...TENANT_KEYS].join(", ")}`);
    const overrides = destinationOverrides(entry as Record<string, unknown>, where, problems);
    const { webhook_url: hookUrl, webhook_secret: hookSecret } = entry as { webhook_url?: unknown; webhook_secret?: unknown };
    const secretList = Array.isArray(hookSecret) && hookSecret.every((s) => typeof s === "string") ? hookSecret.join(" ") : hookSecret;
    if ((hookUrl !== undefined && typeof hookUrl !== "string") || (secretList !== undefined && typeof secretList !== "string")) {
      problems.push(`${where}: "webhook_url" must be a string and "webhook_secret" a string or an array of strings`);
    }
    const webhook = webhookTarget(
      typeof hookUrl === "string" && hookUrl.trim() !== "" ? hookUrl.trim() : undefined,
      typeof secretList === "string" && secretList.trim() !== "" ? secretList.trim() : undefined,
      { url: '"webhook_url"', secret: '"webhook_secret"', where },
      problems,
    );
    if (usable) {
      secrets.push({ id: id as string, secret: secret as string, ...(Object.keys(overrides).length > 0 ? { destinations: overrides } : {}), ...(webhook ? { webhook } : {}) });
    }
  }
  const entries = (indexes: number[]) => `entries ${indexes.slice(0, -1).join(", ")} and ${indexes.at(-1)}`;
  for (const [id, indexes] of idsAt) {
    if (indexes.length > 1) problems.push(`AUTH_API_SECRETS_JSON has the id '${id}' in more than one entry (${entries(indexes)}): each tenant has one entry`);
  }
  for (const indexes of secretsAt.values()) {
    if (indexes.length > 1) problems.push(`AUTH_API_SECRETS_JSON has the same secret twice (${entries(indexes)}): each tenant needs its own`);
  }
  return secrets;
}

/** The settings in effect, for the start-up log: every variable's value, secrets only counted. */
export function describeConfig(config: Config, store: { description: string }) {
  return {
    port: config.port,
    host: config.host,
    logLevel: config.logLevel,
    livekitUrl: config.livekit?.url ?? null,
    livekitApiKey: config.livekit ? "set" : null,
    authRequired: config.auth.required,
    authFailureLimit: config.auth.failureLimit,
    authFailureWindowS: config.auth.failureWindowMs / 1000,
    tenants: config.auth.secrets.map((secret) => secret.id),
    transferWaitMs: config.transferWaitMs,
    phoneDefaultRegion: config.phoneDefaultRegion ?? null,
    maxExtensionDigits: config.maxExtensionDigits,
    responseValidation: config.responseValidation,
    shutdownGraceMs: config.shutdownGraceMs,
    destinations: {
      ...config.destinations.global,
      tenantsWithOverrides: [...config.destinations.tenants.keys()],
    },
    http: config.http,
    store: store.description,
    idempotencyTtlS: config.idempotencyTtlMs / 1000,
    transferRetentionS: config.transferRetentionMs / 1000,
    webhooks: {
      // Receivers by origin only: a path or query may hold a token.
      anonymous: config.webhooks.anonymous ? webhookOrigin(config.webhooks.anonymous.url) : null,
      tenants: Object.fromEntries(config.auth.secrets.filter((t) => t.webhook).map((t) => [t.id, webhookOrigin(t.webhook!.url)])),
      maxAttempts: config.webhooks.maxAttempts,
      timeoutMs: config.webhooks.attemptTimeoutMs,
      retryDelayMs: config.webhooks.retryDelayMs,
    },
    corsOrigins: config.corsOrigins,
    transferRateLimit: { limit: config.transferRateLimit.limit, windowS: config.transferRateLimit.windowMs / 1000 },
    metricsToken: config.metricsToken ? "set" : null,
    trustProxy: config.trustProxy,
    readyCacheMs: config.readyCacheMs,
  };
}

