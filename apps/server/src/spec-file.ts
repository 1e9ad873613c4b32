import { fileURLToPath } from "node:url";

/** spec/openapi.yaml of this repository (the server runs from apps/server/src or apps/server/dist). */
export const specPath = fileURLToPath(new URL("../../../spec/openapi.yaml", import.meta.url));
