import { describe, expect, it } from "vitest";
import { PublicRoutes, isPublicIn } from "../src/routes/public-routes.js";

describe("PublicRoutes", () => {
  const noop = () => {};
  it("declares exactly the routes it serves, a GET's HEAD only when asked", () => {
    const health = new PublicRoutes().getAndHead("/health", noop).head("/ready", noop);
    const docs = new PublicRoutes().get("/docs/init.js", noop);
    expect(health.routes).toEqual(["GET /health", "HEAD /health", "HEAD /ready"]);
    expect(docs.routes).toEqual(["GET /docs/init.js"]);
    const isPublic = isPublicIn([health, docs]);
    expect(isPublic("HEAD", "/health")).toBe(true);
    expect(isPublic("GET", "/docs/init.js")).toBe(true);
    expect(isPublic("GET", "/ready")).toBe(false); // only its HEAD was declared
    expect(isPublic("GET", "/docs/nope.js")).toBe(false);
    expect(isPublic("HEAD", "/docs/init.js")).toBe(false);
    expect(isPublic("POST", "/health")).toBe(false);
  });

  it("refuses a pattern: what is public is spelled out", () => {
    expect(() => new PublicRoutes().get("/docs/:asset", noop)).toThrow(/literal path/);
    expect(() => new PublicRoutes().get("health", noop)).toThrow(/literal path/);
  });
});
