import type { IncomingHttpHeaders } from "node:http";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { type PathMatch, pathMatcher } from "./path-template.js";
import { rebaseSpecRefs, specAjv } from "./spec-schemas.js";

interface Reference {
  $ref: string;
}
interface Parameter {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  parameters?: (Parameter | Reference)[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
  security?: Record<string, string[]>[];
  "x-eov-allow-unknown-query-parameters"?: boolean;
}
export interface SpecDocument {
  paths: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  components?: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, Parameter>;
    securitySchemes?: Record<string, { type?: string; in?: string; name?: string }>;
  };
}

/** One problem with a request, where the server would name it (`/body/room_name`, `/query/limit`). */
export interface Problem {
  path: string;
  message: string;
}

/** A request's parts as the validation sees them. */
export interface RequestParts {
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** Absent: no body to check (the operation takes none, or it was refused before). */
  body?: { value: unknown };
}

export interface MatchedOperation {
  method: string;
  path: string;
  params: Record<string, string>;
  /** The operation takes a JSON body. */
  takesJson: boolean;
  /** Its JSON body is required. */
  bodyRequired: boolean;
  /** Header parameter names, lower-case. */
  headerNames: Set<string>;
  /** A query parameter that is unknown or empty: the server refuses it alone, before the rest. */
  queryProblem(query: RequestParts["query"]): Problem | undefined;
  /** Every problem of the parameters and body, in the server's order: parameters, then body. */
  problems(parts: RequestParts): Problem[];
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function newAjv(document: SpecDocument, coerceTypes: boolean): Ajv2020 {
  // Parameters are coerced from their text (`limit=5` is 5); bodies are JSON already.
  return specAjv(document.components?.schemas ?? {}, { coerceTypes });
}

/** Ajv's error as the server's validator reports it: a missing or unknown property is named in the path. */
function problemOf(error: ErrorObject): Problem {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  const named = params.missingProperty ?? params.additionalProperty;
  const message =
    error.keyword === "enum" && params.allowedValues
      ? `${error.message}: ${params.allowedValues.join(", ")}`
      : (error.message ?? "is invalid");
  return { path: named === undefined ? error.instancePath : `${error.instancePath}/${named}`, message };
}

/**
 * The contract's requests: spec/openapi.yaml's operations (given parsed), ready to match a request
 * and name what is wrong with it, in the words and the order the server answers with. The server
 * checks its requests with it, and the mock front answers as the server does with it.
 */
export class RequestContract {
  private readonly items: Map<string, Record<string, unknown>>;
  private readonly pathOf: (path: string) => PathMatch | undefined;
  private readonly matched = new Map<string, Omit<MatchedOperation, "params">>();
  private ajvs: { params: Ajv2020; body: Ajv2020 } | undefined;

  constructor(private readonly document: SpecDocument) {
    this.items = new Map(Object.entries(this.document.paths ?? {}) as [string, Record<string, unknown>][]);
    this.pathOf = pathMatcher([...this.items.keys()]);
  }

  /** The spec's path a request path is (a literal path before a templated one), if any. */
  private routeOf(pathname: string) {
    const matched = this.pathOf(pathname);
    return matched && { ...matched, path: matched.template, item: this.items.get(matched.template)! };
  }

  /** The methods the spec has for a request path (upper case; empty: no such path). */
  methodsAt(pathname: string): string[] {
    const route = this.routeOf(pathname);
    return route
      ? Object.keys(route.item)
          .filter((key) => METHODS.has(key))
          .map((m) => m.toUpperCase())
      : [];
  }

  /** The operation a request is for: the path exactly as the spec spells it (as the server routes). */
  match(method: string, pathname: string): MatchedOperation | undefined {
    const verb = method.toLowerCase();
    if (!METHODS.has(verb)) return undefined;
    const route = this.routeOf(pathname);
    if (!route || !route.item[verb]) return undefined;
    const params: Record<string, string> = {};
    for (const [name, raw] of Object.entries(route.params)) {
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw; // the server's router answers it 400
      }
    }
    const key = `${verb} ${route.path}`;
    let operation = this.matched.get(key);
    if (!operation) {
      operation = this.prepare(verb, route.path, route.item);
      this.matched.set(key, operation);
    }
    return { ...operation, params };
  }

  private resolveParameter(parameter: Parameter | Reference): Parameter {
    if (!("$ref" in parameter)) return parameter;
    const name = parameter.$ref.replace("#/components/parameters/", "");
    const resolved = this.document.components?.parameters?.[name];
    if (!resolved) throw new Error(`spec/openapi.yaml: unresolved ${parameter.$ref}`);
    return resolved;
  }

  private prepare(method: string, path: string, item: Record<string, unknown>): Omit<MatchedOperation, "params"> {
    const operation = item[method] as Operation;
    const parameters = [
      ...((item["parameters"] as Parameter[] | undefined) ?? []),
      ...(operation.parameters ?? []),
    ].map((p) => this.resolveParameter(p));
    const group = (where: Parameter["in"], lowerCase = false) => {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const parameter of parameters.filter((p) => p.in === where)) {
        const name = lowerCase ? parameter.name.toLowerCase() : parameter.name;
        properties[name] = rebaseSpecRefs(parameter.schema ?? {});
        if (parameter.required) required.push(name);
      }
      return { type: "object", properties, required };
    };
    const query = group("query");
    const knownQuery = new Set(Object.keys(query.properties));
    // The API key of a security scheme is a query parameter the operation need not declare.
    for (const requirement of operation.security ?? this.document.security ?? []) {
      for (const scheme of Object.keys(requirement)) {
        const definition = this.document.components?.securitySchemes?.[scheme];
        if (definition?.type === "apiKey" && definition.in === "query" && definition.name)
          knownQuery.add(definition.name);
      }
    }
    const headers = group("header", true);
    const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
    let general: ValidateFunction | undefined;
    let body: ValidateFunction | undefined;
    const ajvs = () => (this.ajvs ??= { params: newAjv(this.document, true), body: newAjv(this.document, false) });
    return {
      method,
      path,
      takesJson: bodySchema !== undefined,
      bodyRequired: operation.requestBody?.required === true,
      headerNames: new Set(Object.keys(headers.properties)),
      queryProblem: (values) => {
        for (const [name, value] of Object.entries(values)) {
          if (!operation["x-eov-allow-unknown-query-parameters"] && !knownQuery.has(name)) {
            return { path: `/query/${name}`, message: `Unknown query parameter '${name}'` };
          }
          if (value === "")
            return { path: `/query/${name}`, message: `Empty value found for query parameter '${name}'` };
        }
        return undefined;
      },
      problems: (parts) => {
        general ??= ajvs().params.compile({
          type: "object",
          properties: { query, headers, params: group("path") },
        });
        const found: Problem[] = [];
        // Coerced in place (a copy): `limit=5` is the integer 5, as the server reads it.
        const data = { query: { ...parts.query }, headers: { ...parts.headers }, params: { ...parts.params } };
        if (!general(data)) found.push(...(general.errors ?? []).map(problemOf));
        if (bodySchema && parts.body) {
          body ??= ajvs().body.compile({ type: "object", properties: { body: rebaseSpecRefs(bodySchema) } });
          if (!body({ body: parts.body.value })) found.push(...(body.errors ?? []).map(problemOf));
        }
        return found;
      },
    };
  }
}
