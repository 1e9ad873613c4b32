import cors from "cors";
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** Headers a browser app may send, and read from the answers. */
const ALLOWED_HEADERS = ["Authorization", "Content-Type", "Content-Encoding", "Idempotency-Key", "X-Request-Id"];
const EXPOSED_HEADERS = [
  "X-Request-Id",
  "Location",
  "Retry-After",
  "Idempotent-Replayed",
  "RateLimit",
  "RateLimit-Policy",
];

/**
 * CORS for browser apps on `origins` (`*`: any; none: no browser app). Preflights end here, before
 * authentication: an allowed origin gets the Access-Control-Allow-* headers, another an empty 204
 * the browser refuses.
 * Tokens travel in `Authorization`, never cookies, so credentials are not allowed.
 */
export function corsFor(origins: string[] | "*"): RequestHandler {
  const allowed = new Set(origins === "*" ? [] : origins);
  const handler = cors({
    origin: origins === "*" ? "*" : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ["GET", "HEAD", "POST"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    // No Origin: not a browser's cross-origin request (a server calling the API), nothing to add
    // (answers are never cached, so no Vary either). A preflight still ends here, as before.
    if (req.headers.origin === undefined && req.method !== "OPTIONS") return next();
    handler(req, res, () => {
      const preflight =
        req.method === "OPTIONS" &&
        req.headers.origin !== undefined &&
        req.headers["access-control-request-method"] !== undefined;
      if (preflight) {
        res.status(204).end();
        return;
      }
      next();
    });
  };
}
