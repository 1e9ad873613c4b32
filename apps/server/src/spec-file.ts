import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/**
 * The contract: spec/openapi.yaml of this repository when the server runs from a checkout
 * (apps/server/src or apps/server/dist), else the copy the build put in dist/ (a production bundle
 * made by `pnpm deploy`, which has no repository around it).
 */
const inRepository = fileURLToPath(new URL("../../../spec/openapi.yaml", import.meta.url));
const bundled = fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url));
export const specPath = existsSync(inRepository) ? inRepository : bundled;

export interface SpecDocument {
  text: string;
  /** The parsed document (YAML → objects). */
  document: Record<string, unknown>;
}

const read = new Map<string, SpecDocument>();

/** The contract's text and parsed document, read once per process (and per path). */
export function readSpec(path: string = specPath): SpecDocument {
  let spec = read.get(path);
  if (!spec) {
    const text = readFileSync(path, "utf8");
    spec = { text, document: parse(text) as Record<string, unknown> };
    read.set(path, spec);
  }
  return spec;
}
