import { presentedToken, secretMatcher } from "../auth.js";
import { HttpProblem } from "../error-mapping.js";
import type { Metrics } from "../metrics.js";
import { PublicRoutes } from "./public-routes.js";

/**
 * `GET /metrics` in Prometheus' text format. With `token` (METRICS_TOKEN) it needs
 * `Authorization: Bearer <token>` (401 UNAUTHORIZED otherwise); tenants' tokens do not open it.
 */
export function metricsRoutes(metrics: Metrics, token: string | undefined): PublicRoutes {
  // Public to tenants' tokens: behind its own METRICS_TOKEN when one is set.
  const routes = new PublicRoutes();
  const matches = token === undefined ? undefined : secretMatcher(token);
  routes.get("/metrics", async (req, res, next) => {
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
  return routes;
}
