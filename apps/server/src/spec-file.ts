import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The contract: spec/openapi.yaml of this repository when the server runs from a checkout
 * (apps/server/src or apps/server/dist), else the copy the build put in dist/ (a production bundle
 * made by `pnpm deploy`, which has no repository around it).
 */
const inRepository = fileURLToPath(new URL("../../../spec/openapi.yaml", import.meta.url));
const bundled = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));
export const specPath = existsSync(inRepository) ? inRepository : bundled;
