import { type RequestHandler, Router } from "express";

/**
 * Routes that never need a token. A route module declares its public routes here instead of on a
 * plain Router, and authentication lets exactly these through: nothing public is listed apart
 * from its handler. Only what is declared is public: a HEAD the contract does not document for a
 * GET route (Express would answer it) stays behind authentication. Paths are literal:
 * `/docs/nope.js` is not public because `/docs/init.js` is.
 */
export class PublicRoutes {
  readonly router = Router({ caseSensitive: true, strict: true });
  readonly #routes = new Set<string>();

  get(path: string, ...handlers: RequestHandler[]): this {
    this.#declare(path, "GET");
    this.router.get(path, ...handlers);
    return this;
  }

  /** A GET route whose HEAD is public too, answered by the same handlers without the body. */
  getAndHead(path: string, ...handlers: RequestHandler[]): this {
    this.#declare(path, "GET", "HEAD");
    this.router.get(path, ...handlers);
    return this;
  }

  head(path: string, ...handlers: RequestHandler[]): this {
    this.#declare(path, "HEAD");
    this.router.head(path, ...handlers);
    return this;
  }

  /** Whether a request's `method` and `path` (e.g. `GET`, `/health`) are one of these routes. */
  has(method: string, path: string): boolean {
    return this.#routes.has(`${method} ${path}`);
  }

  /** The routes, as `METHOD /path`. */
  get routes(): string[] {
    return [...this.#routes];
  }

  #declare(path: string, ...methods: string[]) {
    if (!path.startsWith("/") || /[:*(){}?]/.test(path)) throw new Error(`public route ${path}: a literal path`);
    for (const method of methods) this.#routes.add(`${method} ${path}`);
  }
}

/** Whether a request is to a route of any of `groups`. */
export const isPublicIn =
  (groups: readonly PublicRoutes[]) =>
  (method: string, path: string): boolean =>
    groups.some((group) => group.has(method, path));
