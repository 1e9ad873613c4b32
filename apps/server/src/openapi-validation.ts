import type { ErrorCode } from "@sip-transfer/api-types";
import { SPEC_SCHEMAS_ID, invalidRequest, rebaseSpecRefs } from "@sip-transfer/http-contract";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { RequestHandler } from "express";
import * as OpenApiValidator from "express-openapi-validator";
import type { Logger } from "pino";
import type { ResponseValidation } from "./config.js";
import { HttpProblem, payloadTooLarge } from "./error-mapping.js";
import { readSpec } from "./spec-file.js";

interface ValidatorError {
  status?: number;
  message?: string;
  errors?: { path?: string; message?: string }[];
  headers?: Record<string, string>;
}

/** The request's logger: pino-http's child (with the request id), else the app's (set below). */
function loggerOf(req: unknown): Logger {
  return (req as { log: Logger }).log;
}

const built = new Map<string, RequestHandler[]>();

/**
 * The one owner of express-openapi-validator: requests (and, unless switched off, responses) are
 * validated against spec/openapi.yaml. Security is ours (auth.ts), not the validator's.
 *
 * Built once per process for a spec and mode: loading, checking and compiling the contract is the
 * costly part of an app's start (a test file builds dozens of apps). The middleware keeps no
 * per-app state that we use (its path-parameter hook serves routes on the app itself; ours are on
 * routers), and logs through each request's own logger.
 */
export function openApiValidation(options: {
  specPath: string;
  responses: ResponseValidation;
  logger: Logger;
}): RequestHandler[] {
  const key = `${options.responses} ${options.specPath}`;
  let handlers = built.get(key);
  if (!handlers) {
    handlers = buildValidation(options.specPath, options.responses);
    built.set(key, handlers);
  }
  const logger = options.logger;
  // The app's logger reaches the shared handlers through the request when pino-http is absent.
  return [
    (req, _res, next) => {
      (req as { log?: Logger }).log ??= logger;
      next();
    },
    ...handlers,
  ];
}

function buildValidation(specPath: string, mode: ResponseValidation): RequestHandler[] {
  const validator = OpenApiValidator.middleware({
    apiSpec: specPath,
    validateRequests: { allErrors: true },
    // Answers are checked by responseCheck below: compiled once per status, a few microseconds each
    // (the library's own check took a tenth of a transfer's time).
    validateResponses: false,
    validateSecurity: false,
    validateApiSpec: true,
    ignoreUndocumented: false,
  }) as RequestHandler[];
  return mode === "off" ? validator : [...validator, responseCheck(specPath, mode)];
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
function responseCheck(specPath: string, mode: "fail" | "log"): RequestHandler {
  const spec = readSpec(specPath).document as unknown as ContractDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: SPEC_SCHEMAS_ID, $defs: rebaseSpecRefs(spec.components.schemas ?? {}) as object });
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

  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const route = (req as { openapi?: { openApiRoute?: string } }).openapi?.openApiRoute;
      if (route === undefined) return json(body);
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
          loggerOf(req).error(
            { method: req.method, path: req.path, status: res.statusCode, code },
            "response does not match spec/openapi.yaml: code not allowed for this status",
          );
          if (mode === "fail") return json.call(res.status(500), INTERNAL_ERROR);
        }
      }
      if (problem) {
        loggerOf(req).error(
          { err: problem, method: req.method, path: req.path, body },
          "response does not match spec/openapi.yaml",
        );
        if (mode === "fail") return json.call(res.status(500), INTERNAL_ERROR);
      }
      return json(body);
    };
    next();
  };
}

const INTERNAL_ERROR = { error: "Internal server error", code: "INTERNAL_ERROR" };

/** Turns express-openapi-validator's errors into the contract's error codes, or undefined. */
export function fromValidatorError(error: unknown, requestHadBody: boolean): HttpProblem | undefined {
  if (!error || typeof error !== "object" || !("status" in error) || !Array.isArray((error as ValidatorError).errors)) {
    return undefined;
  }
  const { status, errors = [], headers } = error as ValidatorError;
  const byStatus: Record<number, [ErrorCode, string]> = {
    404: ["NOT_FOUND", "No such route"],
    405: ["METHOD_NOT_ALLOWED", "This route does not accept that method"],
    415: ["UNSUPPORTED_MEDIA_TYPE", "Unsupported content type: send the body as application/json"],
  };
  // No body at all (so no content type either) is a malformed request, not a wrong media type.
  if (status === 415 && !requestHadBody) {
    return new HttpProblem("INVALID_REQUEST", "Invalid request: the body must be a JSON object", {
      issues: [{ path: "/body", message: "is required" }],
    });
  }
  if (status === 413) return payloadTooLarge();
  if (status === 500) return new HttpProblem("INTERNAL_ERROR", "Internal server error");
  const invalid = invalidRequest(errors);
  const [code, message] = (status !== undefined && byStatus[status]) || ["INVALID_REQUEST", invalid.message];
  return new HttpProblem(
    code,
    message,
    code === "INVALID_REQUEST" ? invalid.details : undefined,
    headers?.["Allow"] ? { Allow: headers["Allow"] } : {},
  );
}
