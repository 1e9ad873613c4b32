import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type SpecDocument, RequestContract } from "@sip-transfer/http-contract";
import { parse } from "yaml";

export type { MatchedOperation, Problem, RequestParts } from "@sip-transfer/http-contract";

/** The contract the mock serves: the same file Prism mocks and the server validates against. */
export const specPath = fileURLToPath(new URL("../../../spec/openapi.yaml", import.meta.url));

/** spec/openapi.yaml as the mock serves it: its text, as JSON, and its operations to check requests by. */
export class Contract extends RequestContract {
  readonly json: string;

  constructor(readonly text: string) {
    const document = parse(text) as SpecDocument;
    super(document);
    this.json = JSON.stringify(document);
  }
}

let loaded: { contract: Contract; mtimeMs: number; size: number } | undefined;

/**
 * The contract as spec/openapi.yaml stands now: read again when the file changes (Prism reloads it
 * too), the last good one kept while an edit does not parse.
 */
export function currentContract(): Contract {
  const stat = statSync(specPath);
  if (loaded && loaded.mtimeMs === stat.mtimeMs && loaded.size === stat.size) return loaded.contract;
  try {
    loaded = { contract: new Contract(readFileSync(specPath, "utf8")), mtimeMs: stat.mtimeMs, size: stat.size };
  } catch (error) {
    if (!loaded) throw error;
    process.stderr.write(`[MOCK] spec/openapi.yaml does not parse, still serving the previous one: ${String(error)}\n`);
    loaded = { ...loaded, mtimeMs: stat.mtimeMs, size: stat.size };
  }
  return loaded.contract;
}
