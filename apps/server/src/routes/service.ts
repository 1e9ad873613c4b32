import { readFileSync } from "node:fs";
import type { HealthResponse } from "@sip-transfer/api-types";
import { Router } from "express";
import { specPath } from "../spec-file.js";

/** Health and the contract: public, never need a token. */
export function serviceRoutes(): Router {
  const router = Router({ caseSensitive: true, strict: true });
  const specText = readFileSync(specPath, "utf8");
  // HEAD answers the headers alone (Express would run the GET handler, whose JSON body the
  // response check would then hold against a HEAD that documents none).
  router.head("/health", (_req, res) => {
    res.status(200).end();
  });
  router.get("/health", (_req, res) => {
    const body: HealthResponse = { status: "ok" };
    res.status(200).json(body);
  });
  router.get("/openapi.yaml", (_req, res) => {
    res.status(200).type("application/yaml").send(specText);
  });
  return router;
}

/** The routes `serviceRoutes` serves, which authentication lets through. */
export const PUBLIC_ROUTES = ["GET /health", "GET /openapi.yaml", "HEAD /health", "HEAD /openapi.yaml"];
