import { Router } from "express";
import { presentedToken, secretMatcher } from "../auth.js";
import { HttpProblem } from "../error-mapping.js";
import type { Metrics } from "../metrics.js";

/**
 * `GET /metrics` in Prometheus' text format. With `token` (METRICS_TOKEN) it needs
 * `Authorization: Bearer <token>` (401 UNAUTHORIZED otherwise); tenants' tokens do not open it.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined): Router {
  const router = Router({ caseSensitive: true, strict: true });
  const matches = token === undefined ? undefined : secretMatcher(token);
  router.get("/metrics", async (req, res, next) => {
    if (matches) {
      const presented = presentedToken(req);
      const ok = presented !== undefined && "token" in presented && matches(presented.token);
      if (!ok) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
        return next(new HttpProblem("UNAUTHORIZED", "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>"));
      }
    }
    res
      .status(200)
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
  return router;
}
