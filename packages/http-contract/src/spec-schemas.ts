import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The `$id` under which the spec's component schemas are registered with a JSON Schema validator. */
export const SPEC_SCHEMAS_ID = "https://sip-transfer.local/spec.json";

/**
 * Rewrites `#/components/schemas/X` references to point into one registered document
 * (`{ $id: SPEC_SCHEMAS_ID, $defs: <the spec's component schemas, rebased> }`), so a validator such
 * as Ajv resolves them wherever the schema that holds them is compiled.
 */
export function rebaseSpecRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseSpecRefs);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) =>
        key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")
          ? [key, `${SPEC_SCHEMAS_ID}#/$defs/${value.slice("#/components/schemas/".length)}`]
          : [key, rebaseSpecRefs(value)],
      ),
    );
  }
  return node;
}

/**
 * An Ajv (JSON Schema 2020-12, the formats) that knows the spec's component schemas: every error
 * (not the first); `coerceTypes` for parameters, which come as text; `strict` where a schema Ajv
 * would warn about is a mistake (the tests' checker). The request check, the server's answer check
 * and the tests' spec checker each make theirs here.
 */
export function specAjv(
  schemas: Record<string, unknown>,
  options: { coerceTypes?: boolean; strict?: boolean } = {},
): Ajv2020 {
  const ajv = new Ajv2020({
    strict: options.strict ?? false,
    allErrors: true,
    coerceTypes: options.coerceTypes ?? false,
  });
  addFormats.default(ajv);
  ajv.addSchema({ $id: SPEC_SCHEMAS_ID, $defs: rebaseSpecRefs(schemas) as object });
  return ajv;
}
