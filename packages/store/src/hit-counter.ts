import { type StoreEventListener, availabilityGuard, isRedisUnavailable } from "./availability.js";
import { connectWithin, redactedUrl, redisClient } from "./redis-connection.js";

/** Counts hits per key in fixed windows, shared by every process on the same Redis. */
export interface HitCounter {
  /** Counts one hit for `key`; a key's window starts with its first hit and lasts `windowMs`. */
  increment(key: string, windowMs: number): Promise<{ hits: number; resetAt: number }>;
  /** Takes one hit back (a request that should not count after all). */
  decrement(key: string): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

// KEYS: counter. ARGV: window ms. Returns {hits, ms until the window ends}.
const HIT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if hits == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}
`;

/**
 * A HitCounter on Redis (rate limits across replicas); fails fast like the store, and like it
 * throws StoreUnavailableError when Redis is down or does not answer within `commandTimeoutMs`.
 */
export async function createRedisHitCounter(options: {
  url: string;
  keyPrefix?: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Told when its calls start failing for an outage and when they work again (like the store's). */
  onEvent?: StoreEventListener;
}): Promise<HitCounter> {
  const prefix = `${options.keyPrefix ?? "sip-transfer:"}hits:`;
  const redis = redisClient(options.url, options.commandTimeoutMs ?? 2000);
  redis.defineCommand("hit", { numberOfKeys: 1, lua: HIT });
  const hit = (redis as unknown as { hit(key: string, windowMs: number): Promise<[number, number]> }).hit.bind(redis);
  await connectWithin(redis, options.connectTimeoutMs ?? 5000);
  const { run: guard } = availabilityGuard(redactedUrl(options.url), isRedisUnavailable, options.onEvent);
  return {
    increment: (key, windowMs) =>
      guard(async () => {
        const [hits, ttl] = await hit(prefix + key, windowMs);
        return { hits, resetAt: Date.now() + ttl };
      }),
    decrement: (key) =>
      guard(async () => {
        await redis.decr(prefix + key);
      }),
    reset: (key) =>
      guard(async () => {
        await redis.del(prefix + key);
      }),
    async close() {
      redis.disconnect();
    },
  };
}
