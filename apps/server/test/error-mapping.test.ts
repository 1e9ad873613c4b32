import type { ErrorCode } from "@sip-transfer/api-types";
import { loadSpec, resolveResponse } from "@sip-transfer/testkit";
import { describe, expect, it } from "vitest";
import { STATUS_OF } from "../src/error-mapping.js";

const spec = loadSpec();
const schemas = spec.components.schemas as Record<
  string,
  { enum?: string[]; description?: string; allOf?: unknown; properties?: { code?: { enum?: string[] } } }
>;
const allCodes = schemas["ErrorCode"]!.enum!;

/** Every (status, code) an operation of the spec may answer with. */
function documentedPairs() {
  const pairs: { where: string; status: number; code: string }[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, reference] of Object.entries(operation.responses)) {
        const schema = resolveResponse(spec, reference).content?.["application/json"]?.schema as
          { $ref?: string } | undefined;
        if (!schema?.$ref || Number(status) < 400) continue;
        const name = schema.$ref.replace("#/components/schemas/", "");
        const codes = schemas[name]?.properties?.code?.enum;
        expect(codes, `${method} ${path} ${status} (${name}) lists the codes it may carry`).toBeDefined();
        for (const code of codes!)
          pairs.push({ where: `${method.toUpperCase()} ${path} ${status}`, status: Number(status), code });
      }
    }
  }
  return pairs;
}

describe("STATUS_OF, the one table from codes to statuses, matches the spec", () => {
  it("has every code of the spec, and only those", () => {
    expect(Object.keys(STATUS_OF).sort()).toEqual([...allCodes].sort());
  });

  it("sends every code only under the status an operation's response documents it with", () => {
    const pairs = documentedPairs();
    expect(pairs.length).toBeGreaterThan(15);
    for (const { where, status, code } of pairs)
      expect(STATUS_OF[code as ErrorCode], `${code} in ${where}`).toBe(status);
  });

  it("says the same status as ErrorCode's description for every code", () => {
    const description = schemas["ErrorCode"]!.description!;
    for (const code of allCodes) {
      const match = new RegExp(`\`${code}\` \\((\\d{3})\\)`).exec(description);
      expect(match, `ErrorCode's description lists ${code}`).not.toBeNull();
      expect(STATUS_OF[code as ErrorCode], code).toBe(Number(match![1]));
    }
  });

  it("every code an operation can answer is reachable from some operation, except the routing code", () => {
    const used = new Set(documentedPairs().map((p) => p.code));
    // NOT_FOUND is also an operation's (GET /docs/{asset}); a wrong method has no operation.
    expect(allCodes.filter((code) => !used.has(code)).sort()).toEqual(["METHOD_NOT_ALLOWED"]);
  });
});
