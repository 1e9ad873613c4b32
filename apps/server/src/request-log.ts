import type { Express, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { answeredWithOutcome } from "./error-mapping.js";
import "./locals.js";

// Refusals an operator may have to act on: a wrong or guessed key (401), a destination the
// policy forbids (403, a fraud attempt or a policy to widen), a tenant at its limit (429). Any
// other 4xx is the caller's mistake, told to the caller: logged at info, counted in /metrics.
const WARNED_REFUSALS = new Set([401, 403, 429]);

declare module "express-serve-static-core" {
  interface Request {
    /** A logger whose lines carry this request (`req`: its id, method, path…). */
    log: Logger;
  }
}

/**
 * One line per request, written when its response is done, at the level of what an operator does
 * about it (docs/operations.md, "Log levels"): `req`, `res`, `responseTime` (ms), and `msg`
 * `POST 400`; a client that went away before its answer is logged as aborted, not with the status
 * it never got. A declined transfer (500 TRANSFER_FAILED) carries its outcome and SIP status, any
 * other 5xx an `err`.
 *
 * `req.log` is a child logger bound to the request, made when first used: most requests write no
 * line but their own, and making one for each (as pino-http did, with its other per-request
 * properties) cost a tenth of a refused request's time.
 */
export function logRequests(app: Express, logger: Logger): RequestHandler {
  Object.defineProperty(app.request, "log", {
    configurable: true,
    get(this: Request): Logger {
      const log = logger.child({ req: this });
      Object.defineProperty(this, "log", { value: log, writable: true, configurable: true });
      return log;
    },
    set(this: Request, value: Logger) {
      Object.defineProperty(this, "log", { value, writable: true, configurable: true });
    },
  });
  return (req, res, next) => {
    const started = Date.now();
    res.once("close", () => writeLine(logger, req, res, Date.now() - started));
    next();
  };
}

function writeLine(logger: Logger, req: Request, res: Response, responseTime: number): void {
  const answered = res.writableEnded;
  const message = answered ? `${req.method} ${res.statusCode}` : `${req.method} aborted by the client`;
  if (!answered) return logger.warn({ req, res, responseTime }, message);
  if (answeredWithOutcome(res)) {
    // A declined transfer: its outcome and SIP status, not an error.
    const details = res.locals.problem?.details as { sip_status_code?: number; sip_status?: string } | undefined;
    return logger.warn(
      {
        req,
        res,
        responseTime,
        outcome: "failed",
        ...(details?.sip_status_code === undefined ? {} : { sipStatusCode: details.sip_status_code }),
        ...(details?.sip_status === undefined ? {} : { sipStatus: details.sip_status }),
      },
      message,
    );
  }
  if (res.statusCode >= 500) {
    const code = res.locals.problem?.code;
    return logger.error({ req, res, responseTime, err: { message: `answered ${res.statusCode}`, code } }, message);
  }
  if (WARNED_REFUSALS.has(res.statusCode)) return logger.warn({ req, res, responseTime }, message);
  logger.info({ req, res, responseTime }, message);
}
