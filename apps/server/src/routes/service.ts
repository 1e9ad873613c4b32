import type { HealthResponse } from "@sip-transfer/api-types";
import type { LiveKitPort, TransferStore, WarmTransferLiveKitPort } from "@sip-transfer/domain";
import { HttpProblem, sendProblem } from "../error-mapping.js";
import { cachedReadiness, checkReadiness, isReady } from "../readiness.js";
import { readSpec } from "../spec-file.js";
import { PublicRoutes } from "./public-routes.js";

export interface ServiceRouteDeps {
  store: TransferStore;
  /** Undefined when LiveKit is not configured (then not ready). */
  livekit: (LiveKitPort & Partial<WarmTransferLiveKitPort>) | undefined;
  /** SIP_OUTBOUND_TRUNK_ID: checked to exist in LiveKit (a warning when it does not). */
  outboundTrunkId?: string | undefined;
  /** How long a readiness check's answer is reused (ms, READY_CACHE_MS; default 2000, 0: never). */
  readyCacheMs?: number;
  now?: () => number;
}

/** Health, readiness and the contract: public, never need a token. */
export function serviceRoutes(deps: ServiceRouteDeps): PublicRoutes {
  const routes = new PublicRoutes();
  const { text: specText, document } = readSpec();
  const specJson = JSON.stringify(document);
  const readiness = cachedReadiness(() => checkReadiness(deps), {
    cacheMs: deps.readyCacheMs ?? 2000,
    ...(deps.now ? { now: deps.now } : {}),
  });
  // HEAD answers the headers alone (Express would run the GET handler, whose JSON body the
  // response check would then hold against a HEAD that documents none).
  routes.head("/health", (_req, res) => {
    res.status(200).end();
  });
  routes.get("/health", (_req, res) => {
    const body: HealthResponse = { status: "ok" };
    res.status(200).json(body);
  });
  routes.head("/ready", async (_req, res) => {
    res.status(isReady(await readiness()) ? 200 : 503).end();
  });
  routes.get("/ready", async (_req, res) => {
    const checks = await readiness();
    if (isReady(checks)) {
      res.status(200).json({ status: "ready", checks });
      return;
    }
    const down = Object.entries(checks).filter(([name, state]) => name !== "warnings" && state !== "ok");
    const message = `Not ready: ${down.map(([name, state]) => `${name} is ${state === "down" ? "down" : "not configured"}`).join(", ")}`;
    sendProblem(res, new HttpProblem("NOT_READY", message, { checks }));
  });
  routes.getAndHead("/openapi.yaml", (_req, res) => {
    res.status(200).type("application/yaml").send(specText);
  });
  routes.getAndHead("/openapi.json", (_req, res) => {
    res.status(200).type("application/json").send(specJson);
  });
  return routes;
}
