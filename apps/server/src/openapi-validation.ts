import type { ErrorCode } from "@sip-transfer/api-types";
import { invalidRequest } from "@sip-transfer/http-contract";
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
  const responses =
    mode === "off"
      ? false
      : mode === "log"
        ? {
            onError: (
              error: { message?: string; errors?: unknown },
              body: unknown,
              req: { method: string; path: string },
            ) => {
              loggerOf(req).error(
                { err: { message: error.message, errors: error.errors }, method: req.method, path: req.path, body },
                "response does not match spec/openapi.yaml",
              );
            },
          }
        : true;
  const validator = OpenApiValidator.middleware({
    apiSpec: specPath,
    validateRequests: { allErrors: true },
    validateResponses: responses,
    validateSecurity: false,
    validateApiSpec: true,
    ignoreUndocumented: false,
  }) as RequestHandler[];
  return mode === "off" ? validator : [...validator, serverErrorCodes(specPath, mode)];
}

interface ServerErrorSpec {
  paths: Record<
    string,
    Record<
      string,
      { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }> }
    >
  >;
  components: {
    responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    schemas: Record<string, { properties?: { code?: { enum?: string[] } } }>;
  };
}

/**
 * express-openapi-validator does not check 5xx answers, so this does, for the one thing a 5xx body
 * can get wrong: its `code` must be one the spec lists for that operation and status (a 500 with
 * ROOM_NOT_FOUND breaks the contract). Same modes as the validator: `fail` turns it into 500
 * INTERNAL_ERROR, `log` logs it.
 */
function serverErrorCodes(specPath: string, mode: "fail" | "log"): RequestHandler {
  const spec = readSpec(specPath).document as unknown as ServerErrorSpec;
  const allowed = new Map<string, Set<string>>();
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) < 500) continue;
        const resolved = response.$ref ? spec.components.responses[response.$ref.split("/").pop()!] : response;
        const schemaRef = resolved?.content?.["application/json"]?.schema?.$ref;
        const codes = schemaRef
          ? spec.components.schemas[schemaRef.split("/").pop()!]?.properties?.code?.enum
          : undefined;
        if (codes) allowed.set(`${method.toUpperCase()} ${path} ${status}`, new Set(codes));
      }
    }
  }
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const route = (req as { openapi?: { openApiRoute?: string } }).openapi?.openApiRoute;
      const codes = route ? allowed.get(`${req.method} ${route} ${res.statusCode}`) : undefined;
      const code = (body as { code?: unknown } | null)?.code;
      if (res.statusCode >= 500 && codes && !(typeof code === "string" && codes.has(code))) {
        loggerOf(req).error(
          { method: req.method, path: req.path, status: res.statusCode, code },
          "response does not match spec/openapi.yaml: code not allowed for this status",
        );
        if (mode === "fail")
          return json.call(res.status(500), { error: "Internal server error", code: "INTERNAL_ERROR" });
      }
      return json(body);
    };
    next();
  };
}

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
