import { createHash, timingSafeEqual } from "node:crypto";
import type { ErrorRequestHandler, NextFunction, Request, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { ApiSecret } from "./config.js";
import { HttpProblem } from "./error-mapping.js";

export interface AuthContext {
  /** The tenant the token belongs to. */
  id: string;
}

export interface AuthOptions {
  required: boolean;
  secrets: ApiSecret[];
  /** Routes that never need a token, as "METHOD /path". */
  publicRoutes: string[];
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** A check of a presented token against one secret: SHA-256 digests compared in constant time. */
export function secretMatcher(secret: string): (presented: string) => boolean {
  const expected = digest(secret);
  return (presented) => timingSafeEqual(digest(presented), expected);
}

/** Seconds until an express-rate-limit window ends (its Retry-After), at least 1. */
export function secondsUntilReset(req: Request, windowMs: number): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
}

/**
 * The token from `Authorization: Bearer <token>` or `?api_key=<token>`; `conflict` when the request
 * carries more than one credential (two headers, two api_key values, or one of each), which is
 * refused rather than guessed at.
 */
export function presentedToken(req: Request): { token: string } | { conflict: true } | undefined {
  const headers = req.headersDistinct["authorization"] ?? [];
  const query = new URL(req.originalUrl, "http://localhost").searchParams.getAll("api_key");
  if (headers.length + query.length > 1) return { conflict: true };
  const [header] = headers;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S.*?)\s*$/i.exec(header);
    return { token: match?.[1] ?? "" };
  }
  return query.length > 0 ? { token: query[0] ?? "" } : undefined;
}

/**
 * Authentication per the seed's modes:
 * - no secrets configured and not required: tokens are ignored, everyone is anonymous;
 * - secrets configured: a presented token must match one (else 401) and sets `auth.id`;
 * - required: a valid token is needed (else 401).
 * Tokens are compared as SHA-256 digests with timingSafeEqual, against every secret.
 */
export function authenticate(options: AuthOptions) {
  const secrets = options.secrets.map((s) => ({ id: s.id, digest: digest(s.secret) }));
  const unauthorized = () =>
    new HttpProblem("UNAUTHORIZED", "A valid API token is required", undefined, { "WWW-Authenticate": "Bearer" });

  return (req: Request, res: Response, next: NextFunction) => {
    if (options.publicRoutes.includes(`${req.method} ${req.path}`)) return next();
    if (secrets.length === 0 && !options.required) return next();
    const presented = presentedToken(req);
    if (presented === undefined) return options.required ? next(unauthorized()) : next();
    if ("conflict" in presented) {
      return next(
        new HttpProblem(
          "UNAUTHORIZED",
          "Send one API token, in the Authorization header or in api_key, not several",
          undefined,
          {
            "WWW-Authenticate": "Bearer",
          },
        ),
      );
    }
    const { token } = presented;
    const presentedDigest = digest(token);
    let match: string | undefined;
    for (const secret of secrets) {
      if (timingSafeEqual(presentedDigest, secret.digest) && match === undefined) match = secret.id;
    }
    if (match === undefined || token === "") return next(unauthorized());
    const auth: AuthContext = { id: match };
    res.locals["auth"] = auth;
    next();
  };
}

/**
 * Brute-force guard: counts failed authentications (the answers that would be 401) per client
 * address (a fixed window, in this process); past `failureLimit` in `failureWindowMs`, a further
 * failed attempt from that address answers 429 RATE_LIMITED with Retry-After until the window
 * ends. Mounted as the error handler right after `authenticate`, it sees only requests whose token
 * was refused: a valid token is never counted nor refused by it, so guessing from an address (or
 * from everyone behind a proxy without TRUST_PROXY) does not lock out the tenants using it.
 * Public routes never reach it, and nothing is counted when no secrets are configured.
 */
export function limitFailedAuthentications(options: {
  required: boolean;
  secrets: ApiSecret[];
  failureLimit?: number;
  failureWindowMs?: number;
}): ErrorRequestHandler {
  const windowMs = options.failureWindowMs ?? 60_000;
  const limiter = rateLimit({
    windowMs,
    limit: options.failureLimit ?? 20,
    standardHeaders: false,
    legacyHeaders: false,
    // Behind a proxy every client has the proxy's address; the README says so. No console noise.
    validate: { xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const seconds = secondsUntilReset(req, windowMs);
      next(
        new HttpProblem("RATE_LIMITED", "Too many failed authentications from this address; retry later", undefined, {
          "Retry-After": String(seconds),
        }),
      );
    },
  });
  return (error: unknown, req, res, next) => {
    const refused = error instanceof HttpProblem && error.code === "UNAUTHORIZED";
    if (!refused || (options.secrets.length === 0 && !options.required)) return next(error);
    // Counted; within the limit the 401 goes on, past it the limiter's 429 replaces it.
    void limiter(req, res, (limited?: unknown) => next(limited ?? error));
  };
}
