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
  /** Whether a route never needs a token (routes/public-routes.ts). */
  isPublic: (method: string, path: string) => boolean;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** A check of a presented token against one secret: SHA-256 digests compared in constant time. */
export function secretMatcher(secret: string): (presented: string) => boolean {
  const expected = digest(secret);
  return (presented) => timingSafeEqual(digest(presented), expected);
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
 * Authentication in the contract's three modes (spec/openapi.yaml, security):
 * - no secrets configured and not required: tokens are ignored, everyone is anonymous;
 * - secrets configured: a presented token must match one (else 401) and sets `auth.id`;
 * - required: a valid token is needed (else 401).
 * Tokens are compared as SHA-256 digests with timingSafeEqual, against every secret.
 */
export function authenticate(options: AuthOptions) {
  const secrets = options.secrets.flatMap((s) =>
    [s.secret, ...(s.alsoAccepted ?? [])].map((secret) => ({ id: s.id, digest: digest(secret) })),
  );
  const unauthorized = () =>
    new HttpProblem("UNAUTHORIZED", "A valid API token is required", undefined, { "WWW-Authenticate": "Bearer" });

  return (req: Request, res: Response, next: NextFunction) => {
    if (options.isPublic(req.method, req.path)) return next();
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
