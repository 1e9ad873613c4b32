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

const CENSORED = "[REDACTED]";
/** Never written, at the top of a line. */
const SECRET_KEYS = new Set(["authorization", "token", "api_key", "secret"]);
/** Never written, one level down (`{ tenant: { secret } }`, `{ livekit: { apiSecret } }`). */
const NESTED_SECRET_KEYS = ["secret", "alsoAccepted", "api_key", "apiSecret"];
/** Never written from a `headers` object, at the top of a line or in `req`. */
const SECRET_HEADERS = ["authorization", "cookie"];

const hasAny = (value: object, keys: readonly string[]) => keys.some((key) => Object.hasOwn(value, key));
const censor = (value: Record<string, unknown>, keys: readonly string[]) => {
  const copy = { ...value };
  for (const key of keys) if (Object.hasOwn(copy, key)) copy[key] = CENSORED;
  return copy;
};

/**
 * `value` (a property of a line, as its serializer made it) without the secrets it holds one level
 * down; the same object when it holds none. An Error is turned into what the log writes of it.
 */
function censorProperty(key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  let out = value as Record<string, unknown>;
  if (hasAny(out, NESTED_SECRET_KEYS)) {
    if (out instanceof Error) out = pino.stdSerializers.err(out) as unknown as Record<string, unknown>;
    out = censor(out, NESTED_SECRET_KEYS);
  }
  const headers = out["headers"];
  if (key === "headers" && hasAny(out, SECRET_HEADERS)) out = censor(out, SECRET_HEADERS);
  else if (key === "req" && typeof headers === "object" && headers !== null && hasAny(headers, SECRET_HEADERS)) {
    out = { ...out, headers: censor(headers as Record<string, unknown>, SECRET_HEADERS) };
  }
  return out;
}

/**
 * A line's properties without their secrets (copied only when one is found: the caller's objects
 * are never changed). Belt and braces: the serializers never copy a secret, but a careless log call
 * might. pino's own `redact` with these paths cost a third of a request line (docs/performance.md).
 */
export function censorSecrets(line: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in line) {
    if (!Object.hasOwn(line, key)) continue;
    // req, res and err are censored after their serializers (below), as pino writes them.
    if (key === "req" || key === "res" || key === "err") continue;
    const value = line[key];
    const censored = SECRET_KEYS.has(key) ? CENSORED : censorProperty(key, value);
    if (censored !== value) (out ??= { ...line })[key] = censored;
  }
  return out ?? line;
}

/** A serializer whose output is censored as any other property of a line. */
const censoredSerializer =
  <T>(key: string, serialize: (value: T) => unknown) =>
  (value: T) =>
    censorProperty(key, serialize(value));

/** `traceIds`: every line written within a traced request carries its trace_id and span_id. */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  options: { traceIds?: boolean } = {},
): Logger {
  const logger = pino(
    {
      level,
      ...(options.traceIds ? { mixin: traceIds } : {}),
      base: { service: "sip-transfer" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: censorSecrets },
      serializers: {
        req: censoredSerializer("req", httpSerializers.req),
        res: censoredSerializer("res", httpSerializers.res),
        err: censoredSerializer("err", httpSerializers.err),
      },
    },
    // Synchronous stdout by default: lines keep their order and none is lost when the process exits.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  // A child's bindings are written on each of its lines, and pino formats them with no formatter.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, censorSecrets(bindings), options);
  } as Logger["child"];
  return logger;
}
