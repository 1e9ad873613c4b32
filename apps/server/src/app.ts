import { readFileSync } from "node:fs";
import type { TransferRequest } from "@sip-transfer/api-types";
import { type LiveKitPort, type PhoneNumberOptions, TransferError, transferCall } from "@sip-transfer/domain";
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Request, type Response } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import { type AuthContext, authenticate } from "./auth.js";
import { BackgroundTransfers } from "./background-transfers.js";
import type { ApiSecret, ResponseValidation } from "./config.js";
import { BODY_LIMIT_BYTES, HttpProblem, payloadTooLarge, sendError } from "./error-mapping.js";
import { fromValidatorError, openApiValidation } from "./openapi-validation.js";
import { httpSerializers } from "./logger.js";
import { requestId } from "./request-id.js";
import { specPath } from "./spec-file.js";

export interface AppDeps {
  logger: Logger;
  /** Undefined when LiveKit is not configured: transfers answer 500 LIVEKIT_NOT_CONFIGURED. */
  livekit: LiveKitPort | undefined;
  auth: { required: boolean; secrets: ApiSecret[] };
  transferWaitMs: number;
  phone?: PhoneNumberOptions;
  /** `fail`: a response that breaks the spec becomes a 500 (tests); `log`: it is logged and sent. */
  responseValidation: ResponseValidation;
  backgroundTransfers?: BackgroundTransfers;
}

export interface SipTransferApp extends Express {
  locals: Express["locals"] & { backgroundTransfers: BackgroundTransfers };
}

const JSON_TYPES = ["application/json", "application/*+json"];

/** The Express app, without listening (main.ts listens; tests use a random port). */
export function createApp(deps: AppDeps): SipTransferApp {
  const app = express() as SipTransferApp;
  const backgroundTransfers = deps.backgroundTransfers ?? new BackgroundTransfers(deps.logger);
  app.locals.backgroundTransfers = backgroundTransfers;
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  // Paths are exactly the spec's: /SIP/Transfer and /sip/transfer/ are not /sip/transfer.
  app.set("case sensitive routing", true);
  app.set("strict routing", true);
  const specText = readFileSync(specPath, "utf8");

  app.use(requestId);
  app.use(
    pinoHttp({
      logger: deps.logger,
      serializers: httpSerializers,
      wrapSerializers: false,
      genReqId: (_req, res) => String(res.getHeader("X-Request-Id")),
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
      customSuccessMessage: (req, res) => `${req.method} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${res.statusCode}`,
    }),
  );
  app.use(authenticate({ ...deps.auth, publicRoutes: ["GET /health", "GET /openapi.yaml", "HEAD /health", "HEAD /openapi.yaml"] }));
  app.use(requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES, strict: false }));
  app.use(openApiValidation({ specPath, responses: deps.responseValidation, logger: deps.logger }));

  app.get("/health", (_req, res) => {
    res.status(200).json({ status: "ok" });
  });
  app.get("/openapi.yaml", (_req, res) => {
    res.status(200).type("application/yaml").send(specText);
  });
  app.post("/sip/transfer", async (req: Request, res: Response) => {
    const body = req.body as TransferRequest;
    const auth = res.locals["auth"] as AuthContext | undefined;
    const answer = await transferCall(
      {
        livekit: deps.livekit,
        waitMs: deps.transferWaitMs,
        ...(deps.phone ? { phone: deps.phone } : {}),
        onBackgroundTransfer: (transfer) => backgroundTransfers.follow(transfer, res.locals["requestId"] as string),
      },
      {
        roomName: body.room_name,
        participantIdentity: body.participant_identity,
        transferTo: body.transfer_to,
        authId: auth?.id,
      },
    );
    res.status(200).json(answer);
  });

  app.use((_req, _res, next) => next(new HttpProblem("NOT_FOUND", "No such route")));
  app.use(errorHandler(deps.logger));
  return app;
}

/** A body sent with a content type other than JSON is refused before parsing (415). */
function requireJsonBody(req: Request, _res: Response, next: NextFunction) {
  if (!hasBody(req) || req.is(JSON_TYPES)) return next();
  const type = req.headers["content-type"];
  next(
    new HttpProblem(
      "UNSUPPORTED_MEDIA_TYPE",
      type ? `Unsupported content type '${type.split(";")[0]}': send the body as application/json` : "Missing content type: send the body as application/json",
    ),
  );
}

function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof TransferError) {
      if (error.code === "LIVEKIT_UNAVAILABLE" || error.code === "TRANSFER_FAILED") {
        req.log.warn({ code: error.code, err: error.cause ?? error, details: error.details }, error.message);
      }
      return sendError(res, error.code, error.message, error.details);
    }
    const problem = error instanceof HttpProblem ? error : (fromBodyParserError(error) ?? fromValidatorError(error, hasBody(req)));
    if (problem) {
      for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
      if (problem.code === "INTERNAL_ERROR") (req.log ?? logger).error({ err: error }, "request failed");
      return sendError(res, problem.code, problem.message, problem.details);
    }
    (req.log ?? logger).error({ err: error }, "unexpected error");
    return sendError(res, "INTERNAL_ERROR", "Internal server error");
  };
}

function fromBodyParserError(error: unknown): HttpProblem | undefined {
  const type = (error as { type?: unknown } | null)?.type;
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
