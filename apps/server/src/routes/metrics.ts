import { createHash, timingSafeEqual } from "node:crypto";
import { Router } from "express";
import { presentedToken } from "../auth.js";
import { HttpProblem } from "../error-mapping.js";
import type { Metrics } from "../metrics.js";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * `GET /metrics` in Prometheus' text format. With `token` (METRICS_TOKEN) it needs
 * `Authorization: Bearer <token>` (401 UNAUTHORIZED otherwise); tenants' tokens do not open it.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Router {
  const router = Router({ caseSensitive: true, strict: true });
  const expected = token === undefined ? undefined : digest(token);
  router.get("/metrics", async (req, res, next) => {
    if (expected) {
      const presented = presentedToken(req);
      const ok = presented !== undefined && "token" in presented && timingSafeEqual(digest(presented.token), expected);
      if (!ok) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        return next(new HttpProblem("UNAUTHORIZED", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>"));
      }
    }
    res.status(200).type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
