import { readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import {
  type Attributes,
  type DiagLogFunction,
  DiagLogLevel,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  context,
  diag,
  propagation,
  trace,
} from "@opentelemetry/api";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-node";
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from "@opentelemetry/semantic-conventions";
import { pathMatcher } from "@sip-transfer/http-contract";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";
import type { TracingSettings } from "./config.js";
import type { SamplerName } from "./config/tracing.js";
import { atMostEvery } from "./log-throttle.js";
import { pathForLogs } from "./logger.js";
import { readSpec } from "./spec-file.js";
import type { Tracing } from "./tracing.js";

// The OpenTelemetry SDK behind tracing.ts, loaded only when traces are exported.

/** The span attributes of this service's own (the rest are OpenTelemetry's semantic conventions). */
export const SPAN_ATTRIBUTES = {
  transferId: "sip_transfer.transfer_id",
  errorCode: "sip_transfer.error.code",
  tenantId: "sip_transfer.tenant_id",
  idempotentReplay: "sip_transfer.idempotent_replay",
} as const;

const SERVER_VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]);

// OpenTelemetry's globals hold one provider: a second server in the same process waits for none.
let started = false;

export function startProvider(settings: TracingSettings, logger: Logger): Tracing {
  if (started) throw new Error("tracing is already started in this process: stop that server first");
  started = true;

  // The SDK tells its troubles (an export the collector refused or never answered) on its
  // diagnostic channel: logged at warn, at most once a minute.
  const throttle = atMostEvery(60_000);
  const warn: DiagLogFunction = (message) =>
    throttle((skipped) =>
      logger.warn({ reason: message, held_back: skipped }, "OpenTelemetry: traces may not be exported"),
    );
  const ignore: DiagLogFunction = () => {};
  diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);

  const exporterOptions = { url: settings.url!, headers: settings.headers };
  const exporter =
    settings.protocol === "http/json"
      ? new JsonTraceExporter(exporterOptions)
      : new ProtobufTraceExporter(exporterOptions);
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(
      // service.name: OTEL_SERVICE_NAME, else OTEL_RESOURCE_ATTRIBUTES', else sip-transfer (config/tracing.ts).
      resourceFromAttributes({
        [ATTR_SERVICE_VERSION]: SERVER_VERSION,
        ...settings.resourceAttributes,
        [ATTR_SERVICE_NAME]: settings.serviceName,
      }),
    ),
    sampler: samplerOf(settings.sampler, settings.samplerRatio),
    // Every BSP setting is given, so the SDK reads none of them from process.env on its own.
    spanProcessors: [new BatchSpanProcessor(exporter, settings.batch)],
  });
  // The global tracer provider (the LiveKit adapter and the Redis connection ask the API for theirs),
  // AsyncLocalStorage as the context manager, and W3C trace context (and baggage) as the propagator.
  provider.register();

  const tracer = provider.getTracer("@sip-transfer/server", SERVER_VERSION);
  const routeOf = specRoutes();

  function traceRequest(req: Request, res: Response, next: NextFunction): void {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers as IncomingHttpHeaders);
    const method = HTTP_METHODS.has(req.method) ? req.method : "_OTHER";
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_SCHEME]: req.protocol,
      [ATTR_NETWORK_PROTOCOL_VERSION]: req.httpVersion,
    };
    if (method === "_OTHER") attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = req.method;
    const userAgent = req.headers["user-agent"];
    if (userAgent !== undefined) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
    const active = trace.setSpan(parent, span);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      describeAnswer(span, method, req, res, routeOf);
      span.end();
    };
    res.once("finish", end);
    res.once("close", end);
    // No binding of the request's or the response's emitters to it: the context reaches what runs
    // on their events (a body that comes later, the request log's line) on its own, as a test
    // checks, and binding them changed both objects on every request (a tenth of a refusal's time).
    context.with(active, next);
  }

  let stopping: Promise<void> | undefined;
  return {
    traceRequests: traceRequest,
    shutdown: (timeoutMs) =>
      (stopping ??= (async () => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const outOfTime = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), timeoutMs);
        });
        try {
          const flushed = await Promise.race([
            provider.shutdown().then(
              () => "done" as const,
              (error: unknown) => {
                logger.warn({ err: error }, "OpenTelemetry: the last traces could not be exported");
                return "failed" as const;
              },
            ),
            outOfTime,
          ]);
          if (flushed === "timeout")
            logger.warn({ timeoutMs }, "OpenTelemetry: the last traces were not exported within the grace period");
        } finally {
          clearTimeout(timer);
          trace.disable();
          context.disable();
          propagation.disable();
          diag.disable();
          started = false;
        }
      })()),
  };
}

/**
 * What the answer says, on the span: the route (the spec's path template; none for a path the spec
 * does not have), the status, the contract's error code, the transfer's id. Never the query string,
 * a header's value or a body: the protocol's transfer headers and the destination are personal data.
 */
function describeAnswer(
  span: Span,
  method: string,
  req: Request,
  res: Response,
  routeOf: ReturnType<typeof specRoutes>,
): void {
  const path = pathForLogs(req.originalUrl ?? req.url);
  const route = routeOf(path);
  if (route) {
    span.updateName(`${method} ${route.template}`);
    span.setAttribute(ATTR_HTTP_ROUTE, route.template);
    // The path itself only where it is the template: a path parameter is the client's text.
    if (Object.keys(route.params).length === 0) span.setAttribute(ATTR_URL_PATH, path);
  }
  const tenant = res.locals.auth?.id;
  if (tenant !== undefined) span.setAttribute(SPAN_ATTRIBUTES.tenantId, tenant);
  if (!res.writableFinished) {
    // The client went away before its answer (what became of its transfer is in its record).
    span.setAttribute(ATTR_ERROR_TYPE, "aborted");
    return;
  }
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
  const problem = res.locals.problem;
  if (problem) {
    span.setAttribute(SPAN_ATTRIBUTES.errorCode, problem.code);
    span.setAttribute(ATTR_ERROR_TYPE, problem.code);
  } else if (res.statusCode >= 500) span.setAttribute(ATTR_ERROR_TYPE, String(res.statusCode));
  if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  if (res.getHeader("Idempotent-Replayed") === "true") span.setAttribute(SPAN_ATTRIBUTES.idempotentReplay, true);
  const transferId = transferIdOf(res, route);
  if (transferId !== undefined) span.setAttribute(SPAN_ATTRIBUTES.transferId, transferId);
}

/** The transfer the answer is about: made (Location), failed (details), or read (200 for its path). */
function transferIdOf(res: Response, route: { template: string; params: Record<string, string> } | undefined) {
  const details = res.locals.problem?.details as { transfer_id?: unknown } | undefined;
  if (typeof details?.transfer_id === "string") return details.transfer_id;
  const location = res.getHeader("Location");
  const made = typeof location === "string" ? /^\/sip\/transfers\/([^/?#]+)$/.exec(location)?.[1] : undefined;
  if (made !== undefined) return made;
  return route?.template === "/sip/transfers/{transfer_id}" && res.statusCode === 200
    ? route.params["transfer_id"]
    : undefined;
}

/** The spec's path (`/sip/transfers/{transfer_id}`) a request path is, with its parameters. */
function specRoutes() {
  const { paths } = readSpec().document as { paths: Record<string, unknown> };
  return pathMatcher(Object.keys(paths));
}

function samplerOf(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(ratio);
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
