import { type Attributes, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { type Command, Redis, type RedisOptions } from "ioredis";

// The one way this package connects to Redis (the store and the hit counter alike).

/**
 * A client that fails fast: no offline queue, no retries per command, each command within
 * `commandTimeoutMs`; it reconnects on its own. Not connected yet (see connectWithin).
 */
export function redisClient(url: string, commandTimeoutMs: number): Redis {
  const redisOptions: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  };
  const redis = new Redis(url, redisOptions);
  // Errors surface on the commands; the client keeps reconnecting. Without a listener ioredis
  // would print every connection error.
  redis.on("error", () => {});
  traceCommands(redis);
  return redis;
}

/**
 * Each command a traced request sends is a CLIENT span of it, named as the command (`EVALSHA`,
 * `HGETALL`), with `db.system.name` redis and `db.operation.name`: never its keys or arguments (a
 * record's key holds its room, participant and tenant; its value the destination). Every command
 * passes through the client's sendCommand, a pipeline's and a MULTI's (as each command, MULTI and
 * EXEC) and a script's EVALSHA (and its resend) alike. With no active span (tracing off, the
 * sweeper, the webhook dispatcher) it only checks for one.
 */
function traceCommands(redis: Redis): void {
  const send = redis.sendCommand.bind(redis) as (command: Command, ...rest: unknown[]) => unknown;
  const server: Attributes = {
    "server.address": redis.options.host ?? "localhost",
    "server.port": redis.options.port ?? 6379,
  };
  redis.sendCommand = ((command: Command, ...rest: unknown[]) => {
    if (trace.getActiveSpan() === undefined) return send(command, ...rest);
    const operation = command.name.toUpperCase();
    // Asked for each command: a tracer kept from an earlier provider would outlive it.
    const span = trace.getTracer("@sip-transfer/store").startSpan(operation, {
      kind: SpanKind.CLIENT,
      attributes: { "db.system.name": "redis", "db.system": "redis", "db.operation.name": operation, ...server },
    });
    const sent = send(command, ...rest);
    command.promise.then(
      () => span.end(),
      (error: unknown) => {
        span.setAttribute("error.type", redisErrorType(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    );
    return sent;
  }) as Redis["sendCommand"];
}

/** A failed command's `error.type`: Redis's error prefix (`NOSCRIPT`, `READONLY`), or what went wrong. */
function redisErrorType(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const prefix = /^([A-Z][A-Z_]+)\b/.exec(message)?.[1];
  if (prefix !== undefined) return prefix;
  if (/timed out/i.test(message)) return "timeout";
  if (/closed|writeable/i.test(message)) return "connection_closed";
  return error instanceof Error ? error.name : "unknown";
}

/** Starts connecting and waits up to `timeoutMs` for Redis; the client keeps trying after that. */
export async function connectWithin(redis: Redis, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = new Promise<void>((resolve) => {
    redis.once("ready", resolve);
    timer = setTimeout(resolve, timeoutMs);
  });
  redis.connect().catch(() => {});
  await ready;
  clearTimeout(timer);
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "redis://(unparseable url)";
  }
}
