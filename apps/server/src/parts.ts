import {
  type LiveKitPort,
  type OutcomeWriteReport,
  TransferService,
  type WarmTransferLiveKitPort,
  type WarmTransferRecord,
  WarmTransferService,
} from "@sip-transfer/domain";
import type { SipTransferStore } from "@sip-transfer/store";
import type { WebhookDispatcher } from "@sip-transfer/webhooks";
import type { Logger } from "pino";
import { auditTransferEnded } from "./audit-log.js";
import { Idempotency } from "./idempotency.js";
import { type Metrics, createMetrics } from "./metrics.js";
import type { Tracing } from "./tracing.js";
import { type WebhookDeps, createWarmWebhookDispatcher, createWebhookDispatcher } from "./webhooks.js";

export interface PartsDeps {
  logger: Logger;
  /** Undefined when LiveKit is not configured: transfers answer 500 LIVEKIT_NOT_CONFIGURED. */
  livekit: (LiveKitPort & WarmTransferLiveKitPort) | undefined;
  /** Transfers, the per-participant lock and the webhook outbox (the domain's), and Idempotency-Keys (the server's). */
  store: SipTransferStore;
  transferWaitMs: number;
  /** How long an Idempotency-Key's answer is kept (ms, default 24 h). */
  idempotencyTtlMs?: number;
  /** Added to LiveKit's call timeout to make a record's deadline (ms, default 30 s). */
  transferDeadlineGraceMs?: number;
  /** Transfer webhooks: where each tenant's go, and how they are delivered (none when absent). */
  webhooks?: WebhookDeps;
  /** Traces (OTEL_*): the app traces each request with it (none when absent: tracing is off). */
  tracing?: Tracing;
  /** Warm transfers: the outbound trunk for a tenant (undefined: none), and how long a consult may last. */
  warmTransfers?: { trunkFor: (tenantId: string | undefined) => string | undefined; consultTimeoutMs: number };
  now?: () => number;
}

/**
 * The parts of a running service, built once per process (server.ts) or test (the harness): the
 * app serves HTTP with them, and whoever built them starts and stops them.
 */
export interface AppParts {
  store: SipTransferStore;
  /** LiveKit, measured by the metrics; undefined when it is not configured. */
  livekit: (LiveKitPort & WarmTransferLiveKitPort) | undefined;
  transfers: TransferService;
  /** Warm transfers; `watch()` it every second or so, and `stop()` it at shutdown. */
  warmTransfers: WarmTransferService;
  /** Its background retries end with `stop()`. */
  idempotency: Idempotency;
  metrics: Metrics;
  /** Not started: `start()` it, and `stop()` it at shutdown. Undefined without webhooks. */
  webhooks: WebhookDispatcher | undefined;
  /** The `warm_transfer.*` webhooks, as `webhooks` (undefined without webhooks). */
  warmWebhooks: WebhookDispatcher<WarmTransferRecord> | undefined;
  /** The one clock of the service: transfers, Idempotency-Keys and `/ready`'s cache read it. */
  now: () => number;
  /** Undefined when traces are not exported: then no request is traced. */
  tracing: Tracing | undefined;
}

/**
 * Builds the parts and wires "transfer ended" to its listeners (audit log, metrics, the webhook
 * dispatcher's wake-up). Starts nothing.
 */
export function createParts(deps: PartsDeps): AppParts {
  // The gauges read what they count when scraped, after it is made below.
  const metrics = createMetrics({
    transfersInFlight: () => transfers.runningCount,
    webhooksInFlight: () => (webhooks?.inFlightCount ?? 0) + (warmWebhooks?.inFlightCount ?? 0),
  });
  // The lookups and the transfer call are measured; a warm transfer's own calls are LiveKit's as they are.
  const livekit = deps.livekit ? { ...deps.livekit, ...metrics.instrumentLiveKit(deps.livekit) } : undefined;
  const transfers = new TransferService({
    livekit,
    store: deps.store,
    waitMs: deps.transferWaitMs,
    ...(deps.webhooks
      ? { hasWebhook: (tenantId: string | undefined) => deps.webhooks!.targetFor(tenantId) !== undefined }
      : {}),
    ...(deps.transferDeadlineGraceMs === undefined ? {} : { deadlineGraceMs: deps.transferDeadlineGraceMs }),
    ...(deps.now ? { now: deps.now } : {}),
    onSubscriberError: (error, event) =>
      deps.logger.error(
        { err: error, transfer_id: event.transfer.id, outcome: event.transfer.status },
        "a transfer-ended subscriber failed",
      ),
    onOutcomeWrite: logOutcomeWrite(deps.logger),
  });
  transfers.events.onTransferEnded(auditTransferEnded(deps.logger));
  transfers.events.onTransferEnded((event) => metrics.transferEnded(event));
  // Delivers from the store's outbox; a transfer that just ended is looked at at once.
  const webhooks = deps.webhooks
    ? createWebhookDispatcher(deps.store, deps.webhooks, deps.logger, (report) => metrics.webhookAttempt(report))
    : undefined;
  if (webhooks) transfers.events.onTransferEnded(() => webhooks.wake());
  const auditWarm = auditWarmTransferEnded(deps.logger);
  const warmTransfers = new WarmTransferService({
    livekit,
    store: deps.store,
    trunkFor: deps.warmTransfers?.trunkFor ?? (() => undefined),
    consultTimeoutMs: deps.warmTransfers?.consultTimeoutMs ?? 900_000,
    ...(deps.webhooks
      ? { hasWebhook: (tenantId: string | undefined) => deps.webhooks!.targetFor(tenantId) !== undefined }
      : {}),
    ...(deps.now ? { now: deps.now } : {}),
    onEnded: (record, detail) => {
      auditWarm(record, detail);
      warmWebhooks?.wake();
    },
    onBackgroundError: (error, record, step) =>
      deps.logger.warn(
        { err: error, warm_transfer_id: record.id, status: record.status, step },
        "a warm transfer step failed; the watch tries again (the caller stays on hold until it succeeds or the record's deadline)",
      ),
  });
  const warmWebhooks = deps.webhooks
    ? createWarmWebhookDispatcher(deps.store, deps.webhooks, deps.logger, (report) => metrics.webhookAttempt(report))
    : undefined;
  const idempotency = new Idempotency(deps.store, {
    ttlMs: deps.idempotencyTtlMs ?? 86_400_000,
    // Held while a request is answered: its lookups, the wait window and a margin. A replica that
    // dies mid-request frees the key after this, unless the claim's transfer was made.
    leaseMs: deps.transferWaitMs + 60_000,
    logger: deps.logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  return {
    store: deps.store,
    livekit,
    transfers,
    warmTransfers,
    idempotency,
    metrics,
    webhooks,
    warmWebhooks,
    now: deps.now ?? Date.now,
    tracing: deps.tracing,
  };
}

/**
 * How writing an outcome goes when the store fails: the first failure and every tenth retry at
 * `warn` (the rest at `debug`), the landing after failures at `info`, giving up at stop at `error`.
 */
function logOutcomeWrite(logger: Logger) {
  return (report: OutcomeWriteReport) => {
    const about = { transfer_id: report.transfer.id, outcome: report.transfer.status };
    switch (report.kind) {
      case "retrying":
        logger[report.attempt === 1 || report.attempt % 10 === 0 ? "warn" : "debug"](
          { ...about, err: report.error, attempt: report.attempt, retry_in_ms: report.retryInMs },
          "could not write the transfer's outcome to the store; retrying",
        );
        return;
      case "written":
        logger.info({ ...about, attempts: report.attempts }, "wrote the transfer's outcome to the store after retries");
        return;
      case "given_up":
        logger.error(
          { ...about, err: report.error, attempts: report.attempts },
          "stopped before the transfer's outcome could be written: the record stays initiated and ends unknown at its deadline",
        );
        return;
    }
  };
}

/** One line per ended warm transfer, like a transfer's audit line. */
function auditWarmTransferEnded(logger: Logger) {
  return (record: WarmTransferRecord, detail: string | undefined) =>
    logger.info(
      {
        audit: "warm_transfer_ended",
        warm_transfer_id: record.id,
        tenant: record.tenantId ?? null,
        room: record.roomName,
        status: record.status,
        reason: record.error?.reason,
        sip_status_code: record.error?.sipStatusCode,
        duration_ms: (record.endedAt ?? record.updatedAt) - record.createdAt,
        ...(detail ? { livekit_detail: detail } : {}),
        request_id: record.requestId,
      },
      "warm transfer ended",
    );
}
