import { isIP } from "node:net";
import { type EnvReader, list } from "./env-reader.js";

export interface HttpLimits {
  /** All request headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (ms); Node answers 408 otherwise. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** Connections beyond this are refused at once. */
  maxConnections: number;
  /** Open connections from one client address beyond this are refused at once; 0: no such cap. */
  maxConnectionsPerClient: number;
}

/** The HTTP_* variables: how long and how many, what a slow or greedy client can hold. */
export function httpLimitsFromEnv(integer: EnvReader["integer"], problems: string[]): HttpLimits {
  const http: HttpLimits = {
    headersTimeoutMs: integer("HTTP_HEADERS_TIMEOUT_MS", 10_000, 500, 60_000),
    requestTimeoutMs: integer("HTTP_REQUEST_TIMEOUT_MS", 15_000, 500, 300_000),
    keepAliveTimeoutMs: integer("HTTP_KEEP_ALIVE_TIMEOUT_MS", 5_000, 0, 120_000),
    maxConnections: integer("HTTP_MAX_CONNECTIONS", 2_000, 1, 1_000_000),
    maxConnectionsPerClient: integer("HTTP_MAX_CONNECTIONS_PER_CLIENT", 100, 0, 1_000_000),
  };
  if (http.requestTimeoutMs < http.headersTimeoutMs) {
    problems.push("HTTP_REQUEST_TIMEOUT_MS must not be shorter than HTTP_HEADERS_TIMEOUT_MS");
  }
  return http;
}

const PROXY_KEYWORDS = new Set(["loopback", "linklocal", "uniquelocal"]);

/** TRUST_PROXY: `false`, a hop count, or addresses, CIDRs and proxy-addr's keywords. Never `true`. */
export function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  if (raw === undefined || raw.toLowerCase() === "false") return false;
  if (raw.toLowerCase() === "true") {
    problems.push(
      "TRUST_PROXY=true would believe any client's X-Forwarded-For (and let it pick the address the limits count): give the number of proxies in front (e.g. 1) or their addresses (e.g. loopback,10.0.0.0/8)",
    );
    return false;
  }
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > 10) problems.push(`TRUST_PROXY must be a number of proxies from 0 to 10, got '${raw}'`);
    return Number(raw);
  }
  const entries = list(raw);
  const bad = entries.filter((entry) => {
    if (PROXY_KEYWORDS.has(entry)) return false;
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address ?? "");
    if (family === 0 || extra !== undefined) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (bad.length > 0)
    problems.push(`TRUST_PROXY: ${bad.join(", ")} not an address, a CIDR or loopback, linklocal, uniquelocal`);
  return entries;
}

/** CORS_ORIGINS: `*`, or origins (`https://app.example.com`, `http://localhost:5173`) separated by commas or spaces. */
export function parseCorsOrigins(raw: string | undefined, problems: string[]): string[] | "*" {
  if (raw === undefined) return [];
  if (raw === "*") return "*";
  const origins: string[] = [];
  for (const entry of list(raw)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    // An origin is scheme://host[:port]: no path, query, fragment or credentials.
    if (!url || !["http:", "https:"].includes(url.protocol) || url.origin !== entry.replace(/\/$/, "")) {
      problems.push(
        `CORS_ORIGINS: '${entry.slice(0, 100)}' is not an origin like https://app.example.com or http://localhost:5173 (or use * alone)`,
      );
      continue;
    }
    origins.push(url.origin);
  }
  return origins;
}
