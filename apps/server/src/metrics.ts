import type { LiveKitPort, TransferEnded } from "@sip-transfer/domain";
import type { WebhookAttemptReport } from "@sip-transfer/webhooks";
import type { NextFunction, Request, Response } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { pathMatcher } from "@sip-transfer/http-contract";
import { answeredWithOutcome } from "./error-mapping.js";
import { readSpec } from "./spec-file.js";

/**
 * The Prometheus metrics of one app (its own registry: several apps in one process, as in the
 * tests, never mix). Labels are bounded: routes are the spec's path templates (`other` for
 * anything else), never a tenant, room or number.
 */
export interface Metrics {
  registry: Registry;
  /** Times every request by method, route and status (Express middleware). */
  observeRequests(req: Request, res: Response, next: NextFunction): void;
  /** "transfer ended" subscriber: transfers by outcome. */
  transferEnded(event: TransferEnded): void;
  /** The LiveKit port, timing each call by method and outcome. */
  instrumentLiveKit(livekit: LiveKitPort): LiveKitPort;
  /** Webhook attempts by outcome. */
  webhookAttempt(report: WebhookAttemptReport): void;
}

export function createMetrics(options: { transfersInFlight: () => number; webhooksInFlight: () => number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "sip_transfer_" });
  const routeOf = specRouteMatcher();

  const requests = new Histogram({
    name: "sip_transfer_http_request_duration_seconds",
    help: "HTTP requests by method, route (the spec's path) and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const serverErrors = new Counter({
    name: "sip_transfer_http_server_errors_total",
    help: "HTTP answers 5xx that are the server's failure, by method, route and error code (a transfer the phone declined, 500 TRANSFER_FAILED, is an outcome and not counted)",
    labelNames: ["method", "route", "code"] as const,
    registers: [registry],
  });
  /** A counter by outcome, every outcome shown from the start (at 0). */
  const byOutcome = (name: string, help: string, outcomes: string[]) => {
    const counter = new Counter({ name, help, labelNames: ["outcome"] as const, registers: [registry] });
    for (const outcome of outcomes) counter.inc({ outcome }, 0);
    return counter;
  };
  /** A gauge read when scraped. */
  const readWhenScraped = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  const transfers = byOutcome(
    "sip_transfer_transfers_total",
    "Transfers that ended, by outcome (completed, failed, unknown)",
    ["completed", "failed", "unknown"],
  );
  readWhenScraped(
    "sip_transfer_transfers_in_flight",
    "Transfers this process is following (LiveKit's transfer call not returned yet)",
    options.transfersInFlight,
  );
  const livekitCalls = new Histogram({
    name: "sip_transfer_livekit_request_duration_seconds",
    help: "LiveKit calls by method (ListRooms, GetParticipant, TransferSIPParticipant) and outcome",
    labelNames: ["method", "outcome"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const webhooks = byOutcome(
    "sip_transfer_webhook_attempts_total",
    "Webhook attempts by outcome: delivered, retry (failed, tried again later), failed (gave up)",
    ["delivered", "retry", "failed"],
  );
  readWhenScraped(
    "sip_transfer_webhooks_in_flight",
    "Webhook attempts this process is making",
    options.webhooksInFlight,
  );

  const timed = async <T>(method: string, call: () => Promise<T>, outcomeOf: (value: T) => string): Promise<T> => {
    const stop = livekitCalls.startTimer({ method });
    try {
      const value = await call();
      stop({ outcome: outcomeOf(value) });
      return value;
    } catch (error) {
      stop({ outcome: "error" });
      throw error;
    }
  };

  return {
    registry,
    observeRequests(req, res, next) {
      const started = process.hrtime.bigint();
      res.once("close", () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // The request check's match where it ran; the same matcher for a request refused before it.
        const route = res.locals.route ?? routeOf(req.method, req.path);
        requests.observe(
          { method: req.method, route, status: res.writableFinished ? String(res.statusCode) : "aborted" },
          seconds,
        );
        if (res.writableFinished && res.statusCode >= 500 && !answeredWithOutcome(res))
          serverErrors.inc({ method: req.method, route, code: res.locals.problem?.code ?? "none" });
      });
      next();
    },
    transferEnded(event) {
      transfers.inc({ outcome: event.transfer.status });
    },
    instrumentLiveKit(livekit) {
      return {
        transferTimeoutMs: (transferOptions) => livekit.transferTimeoutMs(transferOptions),
        findRoom: (roomName) =>
          timed(
            "ListRooms",
            () => livekit.findRoom(roomName),
            (room) => (room ? "found" : "not_found"),
          ),
        findParticipant: (roomName, identity) =>
          timed(
            "GetParticipant",
            () => livekit.findParticipant(roomName, identity),
            (participant) => (participant ? "found" : "not_found"),
          ),
        transferSipParticipant: (roomName, identity, transferTo, transferOptions) =>
          timed(
            "TransferSIPParticipant",
            () => livekit.transferSipParticipant(roomName, identity, transferTo, transferOptions),
            (result) => result.outcome,
          ),
      };
    },
    webhookAttempt(report) {
      webhooks.inc({ outcome: report.outcome });
    },
  };
}

/** The spec path a request is for (`/sip/transfers/{transfer_id}`), or `other`: a bounded label. */
function specRouteMatcher(): (method: string, path: string) => string {
  const { paths } = readSpec().document as { paths: Record<string, unknown> };
  const match = pathMatcher(Object.keys(paths));
  return (_method, path) => match(path)?.template ?? "other";
}
