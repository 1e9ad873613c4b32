import type { IncomingMessage, ServerResponse } from "node:http";
import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./config.js";

/**
 * The URL's path, for logs. No query string at all: a secret can hide under any parameter name
 * (`api_key`, `API_KEY`, `api_key[]`, a typo), so no value is ever logged.
 */
export function pathForLogs(url: string): string {
  const question = url.indexOf("?");
  return question === -1 ? url : url.slice(0, question);
}

/**
 * What a request and a response look like in the logs: no headers (Authorization), and the URL's
 * path without its query. Used by the logger and by pino-http (with wrapSerializers off).
 */
export const httpSerializers = {
  req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
    id: req.id,
    method: req.method,
    url: pathForLogs(req.originalUrl ?? req.url ?? ""),
    userAgent: req.headers?.["user-agent"],
    remoteAddress: req.socket?.remoteAddress,
    // The client's address as Express tells it: the socket's, or a trusted proxy's X-Forwarded-For (TRUST_PROXY).
    clientAddress: (req as { ip?: string }).ip,
  }),
  res: (res: ServerResponse) => (res.writableEnded ? { statusCode: res.statusCode } : { aborted: true }),
  err: (error: Error): unknown => pino.stdSerializers.err(error),
};

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "sip-transfer" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: the serializers below never copy these, but a careless log call might.
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "authorization",
          "token",
          "api_key",
          "secret",
          "*.secret",
          "*.alsoAccepted",
          "*.api_key",
          "*.apiSecret",
        ],
        censor: "[REDACTED]",
      },
      serializers: httpSerializers,
    },
    // Synchronous stdout by default: lines keep their order and none is lost when the process exits.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
