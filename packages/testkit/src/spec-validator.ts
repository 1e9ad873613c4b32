import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "./spec.js";

const SPEC_ID = "https://sip-transfer.local/spec.json";

/** Rewrites `#/components/schemas/X` references so Ajv resolves them inside one registered document. */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) =>
        key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")
          ? [key, `${SPEC_ID}#/$defs/${value.slice("#/components/schemas/".length)}`]
          : [key, rebase(value)],
      ),
    );
  }
  return node;
}

/** An Ajv (JSON Schema draft 2020-12) that validates values against schemas of the spec. */
export function specValidator(spec: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: SPEC_ID, $defs: rebase(spec.components.schemas) as object });
  return (schema: Record<string, unknown>, value: unknown) => {
    const validate = ajv.compile(rebase(schema) as object);
    const valid = validate(value);
    return { valid, errors: ajv.errorsText(validate.errors) };
  };
}
