import { webhookOrigin } from "@sip-transfer/webhooks";
import type { Config } from "../config.js";
import { describeTracing } from "./tracing.js";

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
      tenants: Object.fromEntries(
        config.auth.secrets.filter((t) => t.webhook).map((t) => [t.id, webhookOrigin(t.webhook!.url)]),
      ),
      maxAttempts: config.webhooks.maxAttempts,
      timeoutMs: config.webhooks.attemptTimeoutMs,
      retryDelayMs: config.webhooks.retryDelayMs,
    },
    corsOrigins: config.corsOrigins,
    transferRateLimit: { limit: config.transferRateLimit.limit, windowS: config.transferRateLimit.windowMs / 1000 },
    metricsToken: config.metricsToken ? "set" : null,
    trustProxy: config.trustProxy,
    readyCacheMs: config.readyCacheMs,
    warmTransfers: {
      sipOutboundTrunkId: config.warmTransfers.sipOutboundTrunkId ?? null,
      tenantTrunks: Object.fromEntries(
        config.auth.secrets.filter((t) => t.sipOutboundTrunkId).map((t) => [t.id, t.sipOutboundTrunkId!]),
      ),
      consultTimeoutS: config.warmTransfers.consultTimeoutMs / 1000,
    },
    tracing: describeTracing(config.tracing),
  };
}
