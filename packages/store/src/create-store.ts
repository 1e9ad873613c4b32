import { isAbsolute, resolve } from "node:path";
import type { SipTransferStore } from "./idempotency-keys.js";
import type { StoreEventListener } from "./availability.js";
import { createRedisStore } from "./redis-store.js";
import { createSqliteStore } from "./sqlite-store.js";

/** Where the store is when STORE_URL is unset: a SQLite file under the working directory. */
export const DEFAULT_SQLITE_PATH = "data/sip-transfer.sqlite";

export type StoreLocation = { kind: "sqlite"; path: string } | { kind: "redis"; url: string };

/**
 * Reads STORE_URL: unset → SQLite at DEFAULT_SQLITE_PATH; `sqlite:<path>` (relative to `cwd`)
 * or `sqlite::memory:`; `redis://…` / `rediss://…`. Throws an Error naming the problem.
 */
export function parseStoreUrl(value: string | undefined, cwd: string = process.cwd()): StoreLocation {
  if (value === undefined || value.trim() === "") return { kind: "sqlite", path: resolve(cwd, DEFAULT_SQLITE_PATH) };
  const url = value.trim();
  if (url === "sqlite::memory:") return { kind: "sqlite", path: ":memory:" };
  if (url.startsWith("sqlite:")) {
    const path = url.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "")
      throw new Error("STORE_URL sqlite: needs a file path, e.g. sqlite:data/sip-transfer.sqlite or sqlite::memory:");
    return { kind: "sqlite", path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^rediss?:\/\//.test(url)) {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      host = "";
    }
    if (!host) throw new Error("STORE_URL is not a valid redis:// URL: it needs a host, e.g. redis://127.0.0.1:6379");
    return { kind: "redis", url };
  }
  throw new Error("STORE_URL must be sqlite:<path>, sqlite::memory: or a redis:// or rediss:// URL");
}

export interface OpenStoreOptions {
  /** How long records are kept (ms). */
  retentionMs: number;
  now?: () => number;
  /** Told when the store turns unavailable and back, and of risks (see StoreEvent); for logs. */
  onEvent?: StoreEventListener;
}

export async function openStore(location: StoreLocation, options: OpenStoreOptions): Promise<SipTransferStore> {
  if (location.kind === "sqlite") {
    return createSqliteStore({
      path: location.path,
      ...(options.now ? { now: options.now } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  }
  return createRedisStore({
    url: location.url,
    retentionMs: options.retentionMs,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}
