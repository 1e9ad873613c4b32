import { DEFAULT_MAX_EXTENSION_DIGITS, isSupportedRegion } from "@sip-transfer/domain";
import type { CountryCode } from "@sip-transfer/domain";
import type { DestinationPolicy } from "@sip-transfer/domain";
import { type StoreLocation, parseStoreUrl } from "@sip-transfer/store";
import { destinationPolicyFromEnv } from "./config/destinations.js";
import { type Env, ConfigError, envReader } from "./config/env-reader.js";
import { type HttpLimits, httpLimitsFromEnv, parseCorsOrigins, parseTrustProxy } from "./config/network.js";
import { TRACING_VARIABLES, type TracingSettings, tracingFromEnv } from "./config/tracing.js";
import {
  type ApiSecret,
  MIN_SECRET_LENGTH,
  type WebhookSettings,
  parseSecrets,
  trunkIdProblem,
  webhookTarget,
} from "./config/tenants.js";

// The configuration is read here from its parts: config/env-reader (the variables' readers and
// ConfigError), config/tenants (AUTH_API_SECRETS_JSON and webhook targets), config/destinations
// (the destination policy), config/network (HTTP limits, TRUST_PROXY, CORS_ORIGINS), config/tracing
// (the OTEL_* variables) and config/describe (what the start-up log says).
export { ConfigError, type HttpLimits, type ApiSecret, type WebhookSettings, type TracingSettings };
export { describeConfig } from "./config/describe.js";

/**
 * Every environment variable the server reads: the one list `pnpm start` passes through turbo
 * (turbo.json's start task) and docs/configuration.md's table are checked against it.
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
  "SIP_OUTBOUND_TRUNK_ID",
  "WARM_TRANSFER_CONSULT_TIMEOUT_S",
  // OpenTelemetry's own names (config/tracing.ts).
  ...TRACING_VARIABLES,
] as const;

export type ResponseValidation = "fail" | "log" | "off";
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  /** Warm transfers: the outbound trunk (a tenant's `sip_outbound_trunk_id` wins) and how long a consult may last. */
  warmTransfers: { sipOutboundTrunkId: string | undefined; consultTimeoutMs: number };
  /** Traces (OTEL_*): exported over OTLP/HTTP when `exporting`, else none are made. */
  tracing: TracingSettings;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const reader = envReader(env, problems);
  const { value, integer, boolean, oneOf } = reader;

  const port = integer("PORT", 3000, 0, 65535);
  const host = value("HOST") ?? "0.0.0.0";
  const logLevel = oneOf("LOG_LEVEL", LOG_LEVELS, "info");

  const livekitEnv = {
    LIVEKIT_URL: value("LIVEKIT_URL"),
    LIVEKIT_API_KEY: value("LIVEKIT_API_KEY"),
    LIVEKIT_API_SECRET: value("LIVEKIT_API_SECRET"),
  };
  const livekitMissing = Object.entries(livekitEnv)
    .filter(([, set]) => !set)
    .map(([name]) => name);
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
      problems.push(
        "LIVEKIT_URL must not contain credentials (user:password@); LiveKit authenticates with LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
      );
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
    problems.push(
      'AUTH_REQUIRED is true but no API secret is configured: set AUTH_API_SECRETS_JSON=\'[{"id":"tenant-a","secret":"…"}]\'',
    );
  }

  const transferWaitMs = integer("TRANSFER_WAIT_MS", 2000, 0, 120_000);
  const sipOutboundTrunkId = value("SIP_OUTBOUND_TRUNK_ID");
  const trunkProblem = sipOutboundTrunkId === undefined ? undefined : trunkIdProblem(sipOutboundTrunkId);
  if (trunkProblem) problems.push(`SIP_OUTBOUND_TRUNK_ID ${trunkProblem}`);
  const consultTimeoutMs = integer("WARM_TRANSFER_CONSULT_TIMEOUT_S", 900, 10, 86_400) * 1000;
  const region = value("PHONE_DEFAULT_REGION")?.toUpperCase();
  const phoneDefaultRegion = region !== undefined && isSupportedRegion(region) ? region : undefined;
  if (region !== undefined && phoneDefaultRegion === undefined) {
    problems.push(
      `PHONE_DEFAULT_REGION must be a two-letter region code such as GB or US, got '${env["PHONE_DEFAULT_REGION"]}'`,
    );
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
  const http = httpLimitsFromEnv(integer, problems);
  const globalDestinations = destinationPolicyFromEnv(value, boolean("TRANSFER_ALLOW_EXTENSIONS", true), problems);
  const destinations = {
    global: globalDestinations,
    tenants: new Map(
      secrets.filter((t) => t.destinations).map((t) => [t.id, { ...globalDestinations, ...t.destinations }]),
    ),
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
    anonymous: webhookTarget(
      value("WEBHOOK_URL"),
      value("WEBHOOK_SECRET"),
      { url: "WEBHOOK_URL", secret: "WEBHOOK_SECRET" },
      problems,
    ),
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
    problems.push(
      `METRICS_TOKEN is shorter than ${MIN_SECRET_LENGTH} characters (make one with \`openssl rand -hex 24\`)`,
    );
  }

  const trustProxy = parseTrustProxy(value("TRUST_PROXY"), problems);
  const readyCacheMs = integer("READY_CACHE_MS", 2000, 0, 60_000);
  const tracing = tracingFromEnv(reader, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    logLevel,
    livekit,
    livekitMissing,
    auth: {
      required,
      secrets,
      anonymousAlongsideTenants,
      failureLimit: authFailureLimit,
      failureWindowMs: authFailureWindowMs,
    },
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
    warmTransfers: { sipOutboundTrunkId: trunkProblem ? undefined : sipOutboundTrunkId, consultTimeoutMs },
    tracing,
  };
}
