import { StoreUnavailableError } from "@sip-transfer/domain";

/**
 * What a store tells its owner about itself, once per change (not once per failed call): the
 * server logs these. `unavailable` when a call first fails for a reason of the outside world
 * (Redis down or stalled, the SQLite file locked, full or read-only), `available` when a call
 * succeeds again; `eviction_risk` when Redis may evict keys (its `maxmemory-policy` is not
 * `noeviction`).
 */
export type StoreEvent =
  | { type: "unavailable"; store: string; reason: string }
  | { type: "available"; store: string }
  | { type: "eviction_risk"; store: string; maxmemoryPolicy: string; message: string };

export type StoreEventListener = (event: StoreEvent) => void;

// SQLite's primary result codes that mean "the file cannot be used right now", not "the query is
// wrong": locked by another connection, I/O error, disk full, read-only file or folder, cannot
// open, out of memory, WAL lock protocol. Anything else (SQLITE_ERROR for bad SQL or a missing
// table, CONSTRAINT, MISMATCH, CORRUPT, NOTADB…) is a bug or a damaged file: retrying will not help.
const SQLITE_UNAVAILABLE = new Set([
  5, // SQLITE_BUSY
  6, // SQLITE_LOCKED
  7, // SQLITE_NOMEM
  8, // SQLITE_READONLY
  10, // SQLITE_IOERR
  13, // SQLITE_FULL
  14, // SQLITE_CANTOPEN
  15, // SQLITE_PROTOCOL
]);

/** Is this error from node:sqlite one of "the store cannot be used right now"? */
export function isSqliteUnavailable(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  // A closed database (the process is stopping): node:sqlite's ERR_INVALID_STATE.
  if (code === "ERR_INVALID_STATE") return true;
  return code === "ERR_SQLITE_ERROR" && typeof errcode === "number" && SQLITE_UNAVAILABLE.has(errcode & 0xff);
}

// Error replies of a Redis that is there but cannot serve now: loading its data, busy with a
// script, a replica without its primary or read-only, too few replicas for a write, a failed
// save that stops writes, out of memory (maxmemory with noeviction), authentication lost.
const REDIS_UNAVAILABLE_REPLIES = new Set([
  "LOADING",
  "BUSY",
  "MASTERDOWN",
  "READONLY",
  "NOREPLICAS",
  "MISCONF",
  "OOM",
  "TRYAGAIN",
  "CLUSTERDOWN",
  "NOAUTH",
  "WRONGPASS",
]);
// ioredis' own errors when there is no usable connection or no answer in time.
const REDIS_CONNECTION_MESSAGES = [
  "Connection is closed.",
  "Command timed out",
  "Stream isn't writeable",
  "connect ETIMEDOUT",
  "Socket timeout",
  "Ready check failed",
  "Command aborted due to connection close",
];
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Is this error from ioredis one of "Redis cannot be reached or does not answer now"? */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "ReplyError") {
    // Inside a script, Redis (7+) keeps the error's code first: "OOM command not allowed …".
    const code = error.message.split(" ", 1)[0]!;
    return REDIS_UNAVAILABLE_REPLIES.has(code);
  }
  if (error.name === "MaxRetriesPerRequestError" || error.name === "AbortError") return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  return REDIS_CONNECTION_MESSAGES.some((message) => error.message.startsWith(message));
}

/**
 * Wraps every store call: an error of the outside world becomes StoreUnavailableError (503,
 * retryable); any other error (a bug: bad SQL, bad JSON, a wrong Redis command) is thrown as it
 * is, so it answers 500 and is logged as unexpected. Tells `onEvent` when the store turns
 * unavailable and when it answers again, once per change.
 */
export function availabilityGuard(
  store: string,
  isUnavailable: (error: unknown) => boolean,
  onEvent: StoreEventListener | undefined,
) {
  // "up"; "writes": reads work, writes fail (a read-only or full file, a Redis refusing writes);
  // "all": nothing works (down, stalled, locked). A read's success ends only "all".
  let state: "up" | "writes" | "all" = "up";
  const emit = (event: StoreEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's failure must not change the store's answer.
    }
  };
  const up = () => {
    if (state === "up") return;
    state = "up";
    emit({ type: "available", store });
  };
  const down = (reason: string, access: Access = "read") => {
    const next = access === "read" ? "all" : state === "all" ? "all" : "writes";
    if (state === "up") emit({ type: "unavailable", store, reason });
    state = next;
  };
  const succeeded = (access: Access) => {
    if (access === "write" || state === "all") up();
  };
  const failed = (error: unknown, access: Access): Error => {
    if (!isUnavailable(error)) {
      succeeded(access); // the store answered; the call itself is wrong
      return error instanceof Error ? error : new Error(String(error));
    }
    down(error instanceof Error ? error.message : String(error), access);
    return new StoreUnavailableError(error);
  };
  return {
    up,
    down,
    /** Runs one store call; `access` says whether it only reads (its success proves less). */
    async run<T>(work: () => Promise<T> | T, access: Access = "write"): Promise<T> {
      try {
        const result = await work();
        succeeded(access);
        return result;
      } catch (error) {
        throw failed(error, access);
      }
    },
  };
}

type Access = "read" | "write";
