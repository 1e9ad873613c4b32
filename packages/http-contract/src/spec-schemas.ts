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
