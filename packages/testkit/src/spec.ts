import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const specPath = fileURLToPath(new URL("../../../spec/openapi.yaml", import.meta.url));

// The parts of an OpenAPI 3.1 document these tests walk; everything else stays `unknown`.
export interface MediaType {
  schema?: Record<string, unknown>;
  examples?: Record<string, { summary?: string; value: unknown }>;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, MediaType>;
}
export interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | { $ref: string }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses: Record<string, ResponseObject>;
    headers: Record<string, { schema: Record<string, unknown> }>;
  };
}

/** A fresh parse of spec/openapi.yaml (a test may change its copy). */
export function loadSpec(): OpenApiDocument {
  return parse(readFileSync(specPath, "utf8")) as OpenApiDocument;
}

let shared: OpenApiDocument | undefined;

/** spec/openapi.yaml parsed once per process, for readers that never change it. */
export function sharedSpec(): OpenApiDocument {
  shared ??= Object.freeze(loadSpec());
  return shared;
}

export function resolveResponse(spec: OpenApiDocument, response: ResponseObject | { $ref: string }): ResponseObject {
  if ("$ref" in response) {
    const name = response.$ref.replace("#/components/responses/", "");
    const resolved = spec.components.responses[name];
    if (!resolved) throw new Error(`unresolved ${response.$ref}`);
    return resolved;
  }
  return response;
}

export interface DocumentedExample {
  method: string;
  path: string;
  status: number;
  name: string;
  value: unknown;
  schema: Record<string, unknown>;
}

/** Every named response example of every operation, with the schema it must satisfy. */
export function responseExamples(spec: OpenApiDocument): DocumentedExample[] {
  const found: DocumentedExample[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, reference] of Object.entries(operation.responses)) {
        const media = resolveResponse(spec, reference).content?.["application/json"];
        for (const [name, example] of Object.entries(media?.examples ?? {})) {
          found.push({ method, path, status: Number(status), name, value: example.value, schema: media?.schema ?? {} });
        }
      }
    }
  }
  return found;
}
