import { StoreUnavailableError } from "@sip-transfer/domain";
import type { HitCounter } from "@sip-transfer/store";
import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import { type Store, ipKeyGenerator, rateLimit } from "express-rate-limit";
import type { Logger } from "pino";
import type { ApiSecret } from "./config.js";
import { HttpProblem } from "./error-mapping.js";
import "./locals.js";

// Both limits on express-rate-limit: transfers per tenant, failed authentications per address.

/** Seconds until an express-rate-limit window ends (its Retry-After), at least 1. */
function secondsUntilReset(req: Request, windowMs: number): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
}

export interface TransferRateLimit {
  /** Transfers per window per tenant (an anonymous caller: per client address); 0 turns it off. */
  limit: number;
  windowMs: number;
  /** Where hits are counted: Redis for many replicas; this process's memory when absent. */
  counter?: HitCounter;
}

/**
 * The per-tenant limit on `POST /sip/transfer` (express-rate-limit, fixed window): past `limit`
 * in `windowMs`, 429 RATE_LIMITED with Retry-After, before the body is read and nothing reaches
 * LiveKit. Every answer carries the RateLimit and RateLimit-Policy headers (IETF draft 8).
 *
 * One time budget per request: the counter is in the store's Redis, so when it is down or does
 * not answer in time (StoreUnavailableError) the request answers 503 STORE_UNAVAILABLE at once,
 * instead of waiting for the store's own timeout after the counter's. Any other failure of the
 * counter lets the request through, logged.
 */
export function limitTransfers(options: TransferRateLimit, logger: Logger): RequestHandler {
  if (options.limit <= 0) return (_req, _res, next) => next();
  const windowS = Math.round(options.windowMs / 1000);
  const limiter = rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    // A warm transfer counts as a transfer: it dials out too.
    skip: (req) => !(req.method === "POST" && (req.path === "/sip/transfer" || req.path === "/sip/warm-transfers")),
    keyGenerator: (req) => {
      const tenant = req.res!.locals.auth?.id;
      return tenant === undefined ? `address:${ipKeyGenerator(req.ip ?? "")}` : `tenant:${tenant}`;
    },
    standardHeaders: "draft-8",
    legacyHeaders: false,
    identifier: `${options.limit}-in-${windowS}s`,
    ...(options.counter ? { store: hitCounterStore(options.counter) } : {}),
    passOnStoreError: false,
    logger: {
      error: (error, message) =>
        logger.warn({ err: error }, message ?? "transfer rate limit: the counter failed; request let through"),
      warn: (error, message) => logger.warn({ err: error }, message ?? "transfer rate limit"),
    },
    // The library's checks of its own configuration (this one is fixed and tested) cost a sixth of
    // its time on every request. The client's address is req.ip: the socket's, or what
    // TRUST_PROXY's proxies say (app.ts sets Express's trust proxy).
    validate: false,
    handler: (req: Request, _res, next) => {
      const seconds = secondsUntilReset(req, options.windowMs);
      const who = req.res!.locals.auth?.id === undefined ? "this address" : "this tenant";
      next(
        new HttpProblem(
          "RATE_LIMITED",
          `Too many transfers: ${options.limit} per ${windowS} s for ${who}; retry in ${seconds} s`,
          undefined,
          {
            "Retry-After": String(seconds),
          },
        ),
      );
    },
  });
  // express-rate-limit hands the counter's failure to `next` (and so does its 429 handler).
  return (req, res, next) =>
    limiter(req, res, (error?: unknown) => {
      if (error === undefined || error instanceof HttpProblem || error instanceof StoreUnavailableError)
        return next(error);
      logger.warn({ err: error }, "transfer rate limit: the counter failed; request let through");
      next();
    });
}

/** express-rate-limit's Store on a HitCounter. */
function hitCounterStore(counter: HitCounter): Store {
  let windowMs = 60_000;
  return {
    localKeys: false,
    prefix: "transfers:",
    init(options) {
      windowMs = options.windowMs;
    },
    async increment(key) {
      const { hits, resetAt } = await counter.increment(`transfers:${key}`, windowMs);
      return { totalHits: hits, resetTime: new Date(resetAt) };
    },
    async decrement(key) {
      await counter.decrement(`transfers:${key}`);
    },
    async resetKey(key) {
      await counter.reset(`transfers:${key}`);
    },
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
    // The client's address is req.ip: the socket's, or what TRUST_PROXY's proxies say (app.ts sets
    // Express's trust proxy). The library's own X-Forwarded-For warning would only repeat that.
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
