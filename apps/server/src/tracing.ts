import type { RequestHandler } from "express";
import type { Logger } from "pino";
import type { TracingSettings } from "./config.js";

/**
 * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces' own) is set: a SERVER span per request,
 * LiveKit's and Redis's calls as its children, exported over OTLP/HTTP. Without it nothing here is
 * loaded, no middleware is installed and `@opentelemetry/api` stays the no-op it is without a
 * provider (the LiveKit adapter and the Redis connection ask it for an active span, find none and
 * make none).
 */
export interface Tracing {
  /** Express middleware: the request's SERVER span, active while the request is handled. */
  traceRequests: RequestHandler;
  /**
   * Exports the spans still queued (waiting at most `timeoutMs` for the collector) and takes the
   * provider, context manager and propagator out of OpenTelemetry's globals: a server started
   * later in the same process starts from nothing.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

/** Starts tracing when the settings say to export (undefined otherwise). One at a time per process. */
export async function startTracing(settings: TracingSettings, logger: Logger): Promise<Tracing | undefined> {
  if (!settings.exporting) return undefined;
  // The SDK, its exporter and protobuf are loaded only here.
  const { startProvider } = await import("./tracing-provider.js");
  return startProvider(settings, logger);
}
