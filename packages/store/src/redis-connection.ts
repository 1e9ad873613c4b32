import { Redis, type RedisOptions } from "ioredis";

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
  return redis;
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
