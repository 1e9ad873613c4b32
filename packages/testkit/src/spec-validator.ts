import type { OpenApiDocument } from "./spec.js";
import { rebaseSpecRefs, specAjv } from "@sip-transfer/http-contract";

export type SpecValidator = (schema: Record<string, unknown>, value: unknown) => { valid: boolean; errors: string };

const validators = new WeakMap<OpenApiDocument, SpecValidator>();

/**
 * An Ajv (JSON Schema draft 2020-12) that validates values against schemas of the spec. One per
 * document, and each schema compiled once: compiling is what costs, and a test checks hundreds of
 * answers against the same few schemas.
 */
export function specValidator(spec: OpenApiDocument): SpecValidator {
  const known = validators.get(spec);
  if (known) return known;
  const ajv = specAjv(spec.components.schemas, { strict: true });
  const compiled = new WeakMap<Record<string, unknown>, ReturnType<typeof ajv.compile>>();
  const validator: SpecValidator = (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(rebaseSpecRefs(schema) as object);
      compiled.set(schema, validate);
    }
    // Synchronous: none of the spec's schemas is $async.
    const valid = validate(value) as boolean;
    return { valid, errors: ajv.errorsText(validate.errors) };
  };
  validators.set(spec, validator);
  return validator;
}
