export { type StoreEvent, type StoreEventListener, isRedisUnavailable, isSqliteUnavailable } from "./availability.js";
export {
  DEFAULT_SQLITE_PATH,
  type OpenStoreOptions,
  type StoreLocation,
  openStore,
  parseStoreUrl,
} from "./create-store.js";
export { type HitCounter, createRedisHitCounter } from "./hit-counter.js";
export { redactedUrl } from "./redis-connection.js";
export { type RedisStoreOptions, createRedisStore } from "./redis-store.js";
export { type SqliteStoreOptions, createSqliteStore } from "./sqlite-store.js";
export type { IdempotencyClaim, IdempotencyKeyStore, SipTransferStore, StoredAnswer } from "./idempotency-keys.js";
