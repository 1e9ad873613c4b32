import {
  BODY_REQUIRED,
  RequestContract,
  type SpecDocument,
  invalidRequest,
  isJsonContentType,
  hasBody,
  rebaseSpecRefs,
  specAjv,
} from "@sip-transfer/http-contract";
import type { ValidateFunction } from "ajv/dist/2020.js";
import type { Express, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { ResponseValidation } from "./config.js";
import { HttpProblem } from "./error-mapping.js";
import "./locals.js";
import { readSpec } from "./spec-file.js";

interface Checks {
  requests: RequestHandler;
  /** True: the answer breaks the spec and, in `fail` mode, must become 500 INTERNAL_ERROR. */
  response?: (req: Request, res: Response, body: unknown) => boolean;
}
const built = new Map<string, Checks>();

/**
 * Requests (and, unless switched off, responses) are checked against spec/openapi.yaml: the
 * contract's operations from @sip-transfer/http-contract (the mock's front answers with the same
 * words from the same code), each schema compiled once. Security is ours (auth.ts).
 *
 * Installs on `app` the request check (a middleware, here in the app's order) and the response
 * check, in the app's `res.json` (its response prototype: a method set on each response instead
 * slowed every request down by a sixth). Built once per process for a spec and mode (compiling is
 * the costly part of an app's start, and a test file builds dozens of apps); logs through each
 * request's own logger.
 */
export function openApiValidation(
  app: Express,
  options: { specPath: string; responses: ResponseValidation; logger: Logger },
): void {
  const key = `${options.responses} ${options.specPath}`;
  let checks = built.get(key);
  if (!checks) {
    const document = readSpec(options.specPath).document as unknown as SpecDocument;
    checks = {
      requests: requestCheck(new RequestContract(document)),
      ...(options.responses === "off" ? {} : { response: responseCheck(options.specPath, options.responses) }),
    };
    built.set(key, checks);
  }
  // The shared checks log through req.log: the app's logger where nothing gives requests their own.
  if (!Object.prototype.hasOwnProperty.call(app.request, "log"))
    Object.defineProperty(app.request, "log", { value: options.logger, writable: true, configurable: true });
  app.use(checks.requests);
  const check = checks.response;
  if (!check) return;
  const prototype = app.response as Response;
  const json = prototype.json;
  prototype.json = function (this: Response, body: unknown) {
    if (check(this.req, this, body)) return json.call(this.status(500), INTERNAL_ERROR);
    return json.call(this, body);
  };
}

/**
 * Every request is for an operation of the spec (else 404 NOT_FOUND, or 405 METHOD_NOT_ALLOWED
 * with Allow when the path has others: HEAD only where the spec has it); its query has no unknown or empty
 * parameter; its parameters and JSON body match their schemas (400 INVALID_REQUEST naming every
 * problem). The body was read and parsed before (express.json; no body with a JSON content type
 * reads as `{}`, and no body at all where one is required is refused as missing).
 */
function requestCheck(contract: RequestContract): RequestHandler {
  return (req, res, next) => {
    const operation = contract.match(req.method, req.path);
    if (!operation) {
      const allowed = contract.methodsAt(req.path);
      return next(
        allowed.length === 0
          ? new HttpProblem("NOT_FOUND", "No such route")
          : new HttpProblem("METHOD_NOT_ALLOWED", "This route does not accept that method", undefined, {
              Allow: allowed.join(", "),
            }),
      );
    }
    res.locals.route = operation.path;
    let body: { value: unknown } | undefined;
    if (operation.takesJson) {
      if (hasBody(req.headers)) body = { value: req.body as unknown };
      else if (isJsonContentType(req.headers["content-type"])) body = { value: {} };
      else if (operation.bodyRequired) {
        return next(new HttpProblem("INVALID_REQUEST", BODY_REQUIRED.message, { issues: [...BODY_REQUIRED.issues] }));
      }
    }
    const query = req.query as Record<string, string | string[]>;
    const queryProblem = operation.queryProblem(query);
    const problems = queryProblem
      ? [queryProblem]
      : operation.problems({
          query,
          headers: req.headers,
          params: operation.params,
          ...(body ? { body } : {}),
        });
    if (problems.length === 0) return next();
    const invalid = invalidRequest(problems);
    next(new HttpProblem("INVALID_REQUEST", invalid.message, invalid.details));
  };
}

interface ResponseSpec {
  $ref?: string;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
interface ContractDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseSpec> }>>;
  components: {
    responses?: Record<string, ResponseSpec>;
    schemas?: Record<string, unknown>;
  };
}

/** What an operation may answer with a status: its JSON body's schema (none: no JSON body). */
type AnswerCheck = { validate?: ValidateFunction; errorCodes?: Set<string> };

/**
 * Every JSON answer (`res.json`) of an operation of the spec is checked against the spec: its
 * status must be one the operation lists (or a `4XX`-style range, or `default`) and its body must
 * match that response's schema; a 5xx body's `code` must moreover be one the spec lists for that
 * operation and status (a 500 with ROOM_NOT_FOUND breaks the contract). `fail` turns a violation
 * into 500 INTERNAL_ERROR (tests), `log` logs it and sends the answer as it is. Each schema is
 * compiled once per process.
 */
function responseCheck(
  specPath: string,
  mode: "fail" | "log",
): (req: Request, res: Response, body: unknown) => boolean {
  const spec = readSpec(specPath).document as unknown as ContractDocument;
  const ajv = specAjv(spec.components.schemas ?? {});
  const compiled = new Map<Record<string, unknown>, ValidateFunction>();
  const checks = new Map<string, AnswerCheck>();
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const resolved = response.$ref ? spec.components.responses?.[response.$ref.split("/").pop()!] : response;
        const schema = resolved?.content?.["application/json"]?.schema;
        let validate: ValidateFunction | undefined;
        if (schema) {
          validate = compiled.get(schema);
          if (!validate) {
            validate = ajv.compile(rebaseSpecRefs(schema) as object);
            compiled.set(schema, validate);
          }
        }
        const codes = (
          schema?.["$ref"] === undefined
            ? undefined
            : (spec.components.schemas?.[String(schema["$ref"]).split("/").pop()!] as {
                properties?: { code?: { enum?: string[] } };
              })
        )?.properties?.code?.enum;
        checks.set(`${method.toUpperCase()} ${path} ${status}`, {
          ...(validate ? { validate } : {}),
          ...(Number(status) >= 500 && codes ? { errorCodes: new Set(codes) } : {}),
        });
      }
    }
  }
  const checkFor = (method: string, route: string, status: number) =>
    checks.get(`${method} ${route} ${status}`) ??
    checks.get(`${method} ${route} ${String(status)[0]}XX`) ??
    checks.get(`${method} ${route} default`);

  return (req, res, body) => {
    const route = res.locals.route;
    if (route === undefined) return false;
    const check = checkFor(req.method, route, res.statusCode);
    let problem: { message: string; errors?: unknown } | undefined;
    if (!check) {
      problem = { message: `no response with status ${res.statusCode} in the spec for ${req.method} ${route}` };
    } else if (check.validate && !check.validate(body)) {
      problem = {
        message: `.response ${ajv.errorsText(check.validate.errors, { dataVar: "" })}`,
        errors: check.validate.errors,
      };
    } else if (check.errorCodes) {
      const code = (body as { code?: unknown } | null)?.code;
      if (!(typeof code === "string" && check.errorCodes.has(code))) {
        req.log.error(
          { method: req.method, path: req.path, status: res.statusCode, code },
          "response does not match spec/openapi.yaml: code not allowed for this status",
        );
        return mode === "fail";
      }
    }
    if (!problem) return false;
    req.log.error(
      { err: problem, method: req.method, path: req.path, body },
      "response does not match spec/openapi.yaml",
    );
    return mode === "fail";
  };
}

const INTERNAL_ERROR = { error: "Internal server error", code: "INTERNAL_ERROR" };
