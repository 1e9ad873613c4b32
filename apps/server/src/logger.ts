import type { IncomingMessage, ServerResponse } from "node:http";
import { isSpanContextValid, trace } from "@opentelemetry/api";
import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./config.js";

/**
 * The URL's path, for logs. No query string at all: a secret can hide under any parameter name
 * (`api_key`, `API_KEY`, `api_key[]`, a typo), so no value is ever logged.
 */
export function pathForLogs(url: string): string {
  const question = url.indexOf("?");
  return question === -1 ? url : url.slice(0, question);
}

/**
 * What a request and a response look like in the logs: no headers (Authorization), and the URL's
 * path without its query.
 */
export const httpSerializers = {
  req: (req: IncomingMessage & { id?: unknown; originalUrl?: string; res?: { locals?: Record<string, unknown> } }) => ({
    // Its X-Request-Id (request-id.ts keeps it in res.locals).
    id: req.id ?? req.res?.locals?.["requestId"],
    method: req.method,
    url: pathForLogs(req.originalUrl ?? req.url ?? ""),
    userAgent: req.headers?.["user-agent"],
    remoteAddress: req.socket?.remoteAddress,
    // The client's address as Express tells it: the socket's, or a trusted proxy's X-Forwarded-For (TRUST_PROXY).
    clientAddress: (req as { ip?: string }).ip,
  }),
  res: (res: ServerResponse) => (res.writableEnded ? { statusCode: res.statusCode } : { aborted: true }),
  err: (error: Error): unknown => pino.stdSerializers.err(error),
};

/**
 * The active span's ids, on a log line: the line leads to its trace (and a span to its lines). Empty
 * outside a traced request, and always when tracing is off (no context manager: no active span).
 */
export function traceIds(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, "0"),
  };
}

/** `traceIds`: every line written within a traced request carries its trace_id and span_id. */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  options: { traceIds?: boolean } = {},
): Logger {
  return pino(
    {
      level,
      ...(options.traceIds ? { mixin: traceIds } : {}),
      base: { service: "sip-transfer" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: the serializers below never copy these, but a careless log call might.
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "authorization",
          "token",
          "api_key",
          "secret",
          "*.secret",
          "*.alsoAccepted",
          "*.api_key",
          "*.apiSecret",
        ],
        censor: "[REDACTED]",
      },
      serializers: httpSerializers,
    },
    // Synchronous stdout by default: lines keep their order and none is lost when the process exits.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
