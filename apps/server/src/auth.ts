import { createHash, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
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

/** The token from `Authorization: Bearer <token>`, else from `?api_key=<token>`. */
export function presentedToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S.*?)\s*$/i.exec(header);
    return match?.[1] ?? "";
  }
  const query = new URL(req.originalUrl, "http://localhost").searchParams.getAll("api_key");
  return query.length > 0 ? (query[0] ?? "") : undefined;
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
    const token = presentedToken(req);
    if (token === undefined) return options.required ? next(unauthorized()) : next();
    const presented = digest(token);
    let match: string | undefined;
    for (const secret of secrets) {
      if (timingSafeEqual(presented, secret.digest) && match === undefined) match = secret.id;
    }
    if (match === undefined || token === "") return next(unauthorized());
    const auth: AuthContext = { id: match };
    res.locals["auth"] = auth;
    next();
  };
}
