import { pathTemplatePattern } from "@sip-transfer/http-contract";
import { specValidator } from "./spec-validator.js";
import { type OpenApiDocument, resolveResponse, sharedSpec } from "./spec.js";

export interface SpecViolation {
  request: string;
  status: number;
  problem: string;
}

/**
 * A `fetch` that checks every response against spec/openapi.yaml (documented status, JSON body
 * valid against its schema, X-Request-Id present) and records what does not conform. Use it as the
 * client's `fetch` and assert `violations` is empty.
 */
export function createSpecCheckedFetch(spec: OpenApiDocument = sharedSpec(), inner: typeof fetch = fetch) {
  const validate = specValidator(spec);
  const operationAt = pathMatcher(spec);
  const violations: SpecViolation[] = [];
  const checked = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const response = await inner(request);
    const path = new URL(request.url).pathname;
    const label = `${request.method} ${path}`;
    const problem = (text: string) => violations.push({ request: label, status: response.status, problem: text });
    if (!response.headers.get("x-request-id")) problem("no X-Request-Id header");
    const operation = operationAt(path)?.[request.method.toLowerCase()];
    if (!operation) return response;
    const documented = operation.responses[String(response.status)];
    if (!documented) {
      problem(`status ${response.status} is not documented`);
      return response;
    }
    const media = resolveResponse(spec, documented).content?.["application/json"];
    if (media?.schema) {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        problem(`body is not JSON: ${text.slice(0, 200)}`);
        return response;
      }
      if (!(response.headers.get("content-type") ?? "").startsWith("application/json")) {
        problem(`content-type ${response.headers.get("content-type")}`);
      }
      const result = validate(media.schema, body);
      if (!result.valid) problem(`${result.errors} in ${text.slice(0, 300)}`);
    }
    return response;
  };
  return { fetch: checked as typeof fetch, violations };
}

/**
 * The spec's path item for a request path: a literal path first, else the templated one it fits
 * (`/sip/transfers/tr_1` is `/sip/transfers/{transfer_id}`), so templated operations are checked too.
 */
function pathMatcher(spec: OpenApiDocument) {
  const templated = Object.keys(spec.paths)
    .filter((path) => path.includes("{"))
    .map((path) => ({
      pattern: pathTemplatePattern(path).pattern,
      item: spec.paths[path]!,
    }));
  return (path: string) => spec.paths[path] ?? templated.find((t) => t.pattern.test(path))?.item;
}
