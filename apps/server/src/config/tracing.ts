import type { EnvReader } from "./env-reader.js";

// The OpenTelemetry variables the server reads (the spec's names and meanings:
// https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). They are read
// here, from the environment loadConfig is given, and handed to the SDK as options: the SDK would
// read some of them from process.env itself, but then a wrong value would be a warning on a
// diagnostic channel nobody listens to instead of a refusal to start, and the settings in effect
// would not be the ones the start-up line shows.

export const TRACING_VARIABLES = [
  "OTEL_SDK_DISABLED",
  "OTEL_TRACES_EXPORTER",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
  "OTEL_SERVICE_NAME",
  "OTEL_RESOURCE_ATTRIBUTES",
  "OTEL_TRACES_SAMPLER",
  "OTEL_TRACES_SAMPLER_ARG",
  "OTEL_BSP_SCHEDULE_DELAY",
  "OTEL_BSP_EXPORT_TIMEOUT",
  "OTEL_BSP_MAX_QUEUE_SIZE",
  "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
] as const;

export const OTLP_PROTOCOLS = ["http/protobuf", "http/json"] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export const SAMPLERS = [
  "parentbased_always_on",
  "parentbased_always_off",
  "parentbased_traceidratio",
  "always_on",
  "always_off",
  "traceidratio",
] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export const DEFAULT_SERVICE_NAME = "sip-transfer";

/** Where and how traces are exported; the server exports none without an endpoint. */
export interface TracingSettings {
  /** Whether spans are made and exported, and if not, why not. */
  exporting: boolean;
  off: string[];
  /** Where spans are POSTed (`…/v1/traces`); undefined: nowhere (see `off`). */
  url: string | undefined;
  /** OTEL_EXPORTER_OTLP_ENDPOINT as given (traces go to its `/v1/traces` unless the traces' own is set). */
  otlpEndpoint: string | undefined;
  protocol: OtlpProtocol;
  /** Sent with every export (OTEL_EXPORTER_OTLP_HEADERS, then the traces' own over them). */
  headers: Record<string, string>;
  /** The resource's service.name (OTEL_SERVICE_NAME, else OTEL_RESOURCE_ATTRIBUTES', else sip-transfer). */
  serviceName: string;
  resourceAttributes: Record<string, string>;
  sampler: SamplerName;
  /** The ratio of the *traceidratio samplers (0–1). */
  samplerRatio: number;
  batch: {
    scheduledDelayMillis: number;
    exportTimeoutMillis: number;
    maxQueueSize: number;
    maxExportBatchSize: number;
  };
}

/** The OTEL_* variables: tracing's settings, every wrong value a problem (so the server does not start). */
export function tracingFromEnv(reader: EnvReader, problems: string[]): TracingSettings {
  const { value, integer, boolean } = reader;
  const off: string[] = [];
  if (boolean("OTEL_SDK_DISABLED", false)) off.push("OTEL_SDK_DISABLED=true");

  const exporter = value("OTEL_TRACES_EXPORTER")?.toLowerCase() ?? "otlp";
  if (exporter === "none") off.push("OTEL_TRACES_EXPORTER=none");
  else if (exporter !== "otlp") {
    problems.push(
      `OTEL_TRACES_EXPORTER must be otlp or none (traces are exported over OTLP/HTTP only), got '${exporter}'`,
    );
  }

  const otlpEndpoint = endpoint(value("OTEL_EXPORTER_OTLP_ENDPOINT"), "OTEL_EXPORTER_OTLP_ENDPOINT", problems);
  const tracesEndpoint = endpoint(
    value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    problems,
  );
  // The general endpoint is a base every signal's path is added to; the traces' own is used as is.
  const url = tracesEndpoint ?? (otlpEndpoint === undefined ? undefined : withTracesPath(otlpEndpoint));
  if (url === undefined) off.push("no OTEL_EXPORTER_OTLP_ENDPOINT");

  const protocol =
    protocolOf(value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"), "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", problems) ??
    protocolOf(value("OTEL_EXPORTER_OTLP_PROTOCOL"), "OTEL_EXPORTER_OTLP_PROTOCOL", problems) ??
    "http/protobuf";

  const headers = {
    ...keyValues(value("OTEL_EXPORTER_OTLP_HEADERS"), "OTEL_EXPORTER_OTLP_HEADERS", problems, false),
    ...keyValues(value("OTEL_EXPORTER_OTLP_TRACES_HEADERS"), "OTEL_EXPORTER_OTLP_TRACES_HEADERS", problems, false),
  };
  const resourceAttributes = keyValues(value("OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES", problems, true);
  const serviceName = value("OTEL_SERVICE_NAME") ?? resourceAttributes["service.name"] ?? DEFAULT_SERVICE_NAME;

  const samplerRaw = value("OTEL_TRACES_SAMPLER")?.toLowerCase();
  let sampler: SamplerName = "parentbased_always_on";
  if (samplerRaw !== undefined) {
    if ((SAMPLERS as readonly string[]).includes(samplerRaw)) sampler = samplerRaw as SamplerName;
    else problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(", ")}, got '${samplerRaw}'`);
  }
  const ratioRaw = value("OTEL_TRACES_SAMPLER_ARG");
  let samplerRatio = 1;
  if (ratioRaw !== undefined && sampler.endsWith("traceidratio")) {
    const ratio = Number(ratioRaw);
    if (/^\s*$/.test(ratioRaw) || !Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
      problems.push(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1 for ${sampler}, got '${ratioRaw}'`);
    } else samplerRatio = ratio;
  }

  const batch = {
    scheduledDelayMillis: integer("OTEL_BSP_SCHEDULE_DELAY", 5000, 1, 3_600_000),
    exportTimeoutMillis: integer("OTEL_BSP_EXPORT_TIMEOUT", 30_000, 1, 600_000),
    maxQueueSize: integer("OTEL_BSP_MAX_QUEUE_SIZE", 2048, 1, 1_000_000),
    maxExportBatchSize: integer("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 512, 1, 1_000_000),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    problems.push(
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE (${batch.maxExportBatchSize}) must not be larger than OTEL_BSP_MAX_QUEUE_SIZE (${batch.maxQueueSize})`,
    );
  }

  return {
    exporting: off.length === 0,
    off,
    url,
    otlpEndpoint,
    protocol,
    headers,
    serviceName,
    resourceAttributes,
    sampler,
    samplerRatio,
    batch,
  };
}

/** What the start-up line says about tracing: where to, how; header names, never their values. */
export function describeTracing(tracing: TracingSettings) {
  return {
    exporting: tracing.exporting,
    ...(tracing.off.length > 0 ? { off: tracing.off } : {}),
    endpoint: tracing.url === undefined ? null : withoutSecrets(tracing.url),
    otlpEndpoint: tracing.otlpEndpoint === undefined ? null : withoutSecrets(tracing.otlpEndpoint),
    protocol: tracing.protocol,
    headers: Object.keys(tracing.headers),
    serviceName: tracing.serviceName,
    resourceAttributes: Object.keys(tracing.resourceAttributes),
    sampler: tracing.sampler,
    ...(tracing.sampler.endsWith("traceidratio") ? { samplerArg: tracing.samplerRatio } : {}),
    batch: {
      scheduleDelayMs: tracing.batch.scheduledDelayMillis,
      exportTimeoutMs: tracing.batch.exportTimeoutMillis,
      maxQueueSize: tracing.batch.maxQueueSize,
      maxExportBatchSize: tracing.batch.maxExportBatchSize,
    },
  };
}

function endpoint(raw: string | undefined, name: string, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol)) {
    // Not echoed: an endpoint may carry a token.
    problems.push(`${name} must be an http:// or https:// URL (OTLP over HTTP, e.g. http://localhost:4318)`);
    return undefined;
  }
  return raw;
}

function protocolOf(raw: string | undefined, name: string, problems: string[]): OtlpProtocol | undefined {
  if (raw === undefined) return undefined;
  const protocol = raw.toLowerCase();
  if ((OTLP_PROTOCOLS as readonly string[]).includes(protocol)) return protocol as OtlpProtocol;
  problems.push(
    protocol === "grpc"
      ? `${name}=grpc is not supported: traces are exported over OTLP/HTTP only; use http/protobuf (the default) or http/json, and the collector's HTTP port (4318)`
      : `${name} must be http/protobuf or http/json, got '${raw}'`,
  );
  return undefined;
}

/**
 * `key=value,key2=value2`, keys and values percent-decoded (the spec's format for OTEL_*_HEADERS
 * and OTEL_RESOURCE_ATTRIBUTES). A header's value is never echoed in a problem: it may be an API key.
 */
function keyValues(raw: string | undefined, name: string, problems: string[], echo: boolean): Record<string, string> {
  const result: Record<string, string> = {};
  if (raw === undefined) return result;
  for (const entry of raw.split(",")) {
    if (entry.trim() === "") continue;
    const equals = entry.indexOf("=");
    let key: string | undefined;
    let decoded: string | undefined;
    try {
      key = equals <= 0 ? undefined : decodeURIComponent(entry.slice(0, equals).trim());
      decoded = equals <= 0 ? undefined : decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      key = undefined;
    }
    if (!key || decoded === undefined) {
      problems.push(
        `${name} must be key=value pairs separated by commas (percent-encode ',' and '=' in values)${echo ? `, got '${entry.trim()}'` : ""}`,
      );
      return {};
    }
    result[key] = decoded;
  }
  return result;
}

/** The general endpoint's URL for traces: `/v1/traces` added to its path. */
function withTracesPath(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/$/, "")}/v1/traces`;
  return url.toString();
}

/** An endpoint for the log: no user:password@, no query. */
function withoutSecrets(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
