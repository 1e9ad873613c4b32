import { DEFAULT_DESTINATION_POLICY, type DestinationPolicy, type PhoneNumberOptions } from "@sip-transfer/domain";
import { hasBody, isJsonContentType, unsupportedContentTypeMessage } from "@sip-transfer/http-contract";
import express, {
  type ErrorRequestHandler,
  type Express,
  type NextFunction,
  type Request,
  type Response,
} from "express";
import type { Logger } from "pino";
import { corsFor } from "./cors.js";
import { consoleAuthMode, consoleRoutes } from "./routes/console.js";
import { docsRoutes } from "./routes/docs.js";
import { metricsRoutes } from "./routes/metrics.js";
import { type TransferRateLimit, limitFailedAuthentications, limitTransfers } from "./rate-limit.js";
import { authenticate } from "./auth.js";
import type { ApiSecret, ResponseValidation } from "./config.js";
import {
  BODY_LIMIT_BYTES,
  HttpProblem,
  errorAnswer,
  payloadTooLarge,
  problemOf,
  sendError,
  sendProblem,
} from "./error-mapping.js";
import "./locals.js";
import { openApiValidation } from "./openapi-validation.js";
import type { AppParts } from "./parts.js";
import { logRequests } from "./request-log.js";
import { requestId } from "./request-id.js";
import { isPublicIn } from "./routes/public-routes.js";
import { serviceRoutes } from "./routes/service.js";
import { transferRoutes } from "./routes/transfers.js";
import { warmTransferRoutes } from "./routes/warm-transfers.js";
import { specPath } from "./spec-file.js";

export interface AppDeps {
  logger: Logger;
  /** The store, LiveKit, the transfer use cases, Idempotency-Keys, metrics and webhooks: see parts.ts. */
  parts: AppParts;
  /**
   * `failureLimit` failed authentications per client address within `failureWindowMs` (defaults:
   * 20 per minute); past that, requests from that address answer 429 RATE_LIMITED until the window ends.
   */
  auth: { required: boolean; secrets: ApiSecret[]; failureLimit?: number; failureWindowMs?: number };
  phone?: PhoneNumberOptions;
  /** Where transfers may go: the global policy and tenants' overrides (default: DEFAULT_DESTINATION_POLICY). */
  destinations?: { global: DestinationPolicy; tenants?: ReadonlyMap<string, DestinationPolicy> };
  /** `fail`: a response that breaks the spec becomes a 500 (tests); `log`: it is logged and sent. */
  responseValidation: ResponseValidation;
  /** Browser origins allowed to call the API (`*`: any); none by default. */
  corsOrigins?: string[] | "*";
  /** The per-tenant limit on transfers (none when absent). */
  transferRateLimit?: TransferRateLimit;
  /** `GET /metrics` needs `Authorization: Bearer <metricsToken>` when set; public otherwise. */
  metricsToken?: string;
  /** Express's `trust proxy`: whose X-Forwarded-For gives the client's address (none by default). */
  trustProxy?: false | number | string[];
  /** How long `/ready` reuses a check's answer (ms, default 2000; 0: every probe checks). */
  readyCacheMs?: number;
  /** SIP_OUTBOUND_TRUNK_ID: /ready warns when LiveKit does not know it. */
  outboundTrunkId?: string | undefined;
}

const EARLY_REFUSALS = new Set(["UNAUTHORIZED", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"]);

/**
 * The HTTP app from the parts it is given: it starts nothing and does not listen (server.ts, the
 * composition root, builds the parts, starts and stops them and listens; tests use a random port).
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  const { store, livekit, transfers, warmTransfers, idempotency, metrics } = deps.parts;
  app.disable("x-powered-by");
  // Answers are never cached (Cache-Control: no-store): no ETag to hash for each.
  app.set("etag", false);
  app.set("query parser", "simple");
  // The client's address (per-address limits, logs) is the socket's unless configured proxies say otherwise.
  app.set("trust proxy", deps.trustProxy ?? false);
  // Paths are exactly the spec's: /SIP/Transfer and /sip/transfer/ are not /sip/transfer.
  app.set("case sensitive routing", true);
  app.set("strict routing", true);

  // First: the request's span covers all that follows, and is active for it (log lines, LiveKit, Redis).
  if (deps.parts.tracing) app.use(deps.parts.tracing.traceRequests);
  app.use(requestId);
  app.use((req, res, next) => metrics.observeRequests(req, res, next));
  app.use(apiResponseHeaders);
  // One line per request, when its response is done; req.log for the lines written while it runs.
  app.use(logRequests(app, deps.logger));
  // Always: without CORS_ORIGINS no origin is allowed, and a preflight still ends here, refused,
  // before authentication (as a 401 it counted as a failed one and locked its address out).
  app.use(corsFor(deps.corsOrigins ?? []));
  // Health, readiness, the contract, metrics, the docs page and the console's page: the routes that
  // need no tenant token.
  const publicRoutes = [
    serviceRoutes({
      store,
      livekit,
      outboundTrunkId: deps.outboundTrunkId,
      readyCacheMs: deps.readyCacheMs ?? 2000,
      now: deps.parts.now,
    }),
    metricsRoutes(metrics, deps.metricsToken),
    docsRoutes(),
    consoleRoutes(consoleAuthMode(deps.auth)),
  ];
  app.use(authenticate({ ...deps.auth, isPublic: isPublicIn(publicRoutes) }));
  // Only a refused token reaches it (as authenticate's 401): valid tokens are never limited by it.
  app.use(limitFailedAuthentications(deps.auth));
  if (deps.transferRateLimit) app.use(limitTransfers(deps.transferRateLimit, deps.logger));
  app.use(requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT_BYTES, type: "application/json", strict: false }));
  openApiValidation(app, { specPath, responses: deps.responseValidation, logger: deps.logger });

  const globalPolicy = deps.destinations?.global ?? DEFAULT_DESTINATION_POLICY;
  // The API's routes first: its requests then skip the public routers' routes (theirs are GETs of
  // other paths, so the order changes no answer).
  const destinationPolicy = (tenantId: string | undefined) =>
    (tenantId === undefined ? undefined : deps.destinations?.tenants?.get(tenantId)) ?? globalPolicy;
  app.use(transferRoutes({ transfers, idempotency, phone: deps.phone, destinationPolicy }));
  app.use(warmTransferRoutes({ warmTransfers, idempotency, phone: deps.phone, destinationPolicy }));
  for (const routes of publicRoutes) app.use(routes.router);

  // An operation of the spec no route serves (none today): sent as text, outside the response
  // check of an operation it does not belong to.
  app.use((_req, res) => {
    const { status, body } = errorAnswer(new HttpProblem("NOT_FOUND", "No such route"));
    res.status(status).type("application/json").send(JSON.stringify(body));
  });
  app.use(errorHandler(deps.logger));
  return app;
}

/** Every answer is data for one caller: never sniffed as another type, never cached. */
function apiResponseHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "no-store");
  next();
}

/** A body sent with a content type other than JSON is refused before parsing (415). */
function requireJsonBody(req: Request, _res: Response, next: NextFunction) {
  if (!hasBody(req.headers) || isJsonContentType(req.headers["content-type"])) return next();
  next(new HttpProblem("UNSUPPORTED_MEDIA_TYPE", unsupportedContentTypeMessage(req.headers["content-type"])));
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    // The request's logger only for what is logged here (made when first used).
    const log = () => req.log ?? logger;
    const problem = problemOf(error) ?? fromBodyParserError(error);
    if (!problem) {
      log().error({ err: error }, "unexpected error");
      return sendError(res, "INTERNAL_ERROR", "Internal server error");
    }
    if (problem.code === "LIVEKIT_UNAVAILABLE" || problem.code === "STORE_UNAVAILABLE") {
      log().warn({ code: problem.code, err: (error as Error).cause ?? error }, problem.message);
    }
    if (problem.code === "INTERNAL_ERROR") log().error({ err: error }, "request failed");
    // Refused before the body was read: do not wait for the rest of it, close the connection.
    if (EARLY_REFUSALS.has(problem.code)) res.setHeader("Connection", "close");
    return sendProblem(res, problem);
  };
}

function fromBodyParserError(error: unknown): HttpProblem | undefined {
  // A path parameter that is not valid percent-encoding (`/sip/transfers/%ZZ`): the router cannot
  // decode it.
  if (error instanceof URIError) {
    return new HttpProblem("INVALID_REQUEST", "Invalid request: the path is not valid percent-encoding", {
      issues: [{ path: "/path", message: "must be valid percent-encoding (%XX)" }],
    });
  }
  const type = (error as { type?: unknown } | null)?.type;
  // A body whose Content-Encoding (gzip, deflate, br) does not decode: zlib's error, which the body
  // parser passes on as a 400 without a type. (The size limit applies to the decoded body.)
  const code = (error as { code?: unknown } | null)?.code;
  if (
    type === undefined &&
    typeof code === "string" &&
    /^(Z_|ERR_)/.test(code) &&
    (error as { status?: unknown }).status === 400
  ) {
    return new HttpProblem(
      "INVALID_REQUEST",
      "Invalid request: the body could not be decoded as its Content-Encoding says",
    );
  }
  switch (type) {
    case "entity.too.large":
      return payloadTooLarge();
    case "entity.parse.failed":
      return new HttpProblem("INVALID_REQUEST", "Invalid request: the body is not valid JSON");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new HttpProblem("UNSUPPORTED_MEDIA_TYPE", "Unsupported body encoding: send UTF-8 JSON");
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return new HttpProblem("INVALID_REQUEST", "Invalid request: the body could not be read");
    default:
      return undefined;
  }
}
