import type {
  TransferStore,
  WarmTransferRecord,
  WarmTransferStore,
  WebhookOutbox,
  WebhookRecord,
} from "@sip-transfer/domain";
import {
  type WebhookAttemptReport,
  WebhookDispatcher,
  type WebhookDispatcherOptions,
  type WebhookTarget,
} from "@sip-transfer/webhooks";
import type { Logger } from "pino";
import type { ApiSecret, WebhookSettings } from "./config.js";
import { atMostEvery } from "./log-throttle.js";
import { transferEventBody, warmTransferEventBody } from "./webhook-event.js";

export interface WebhookDeps {
  /** Where a tenant's (undefined: anonymous) webhooks go; undefined when it has none. */
  targetFor(tenantId: string | undefined): WebhookTarget | undefined;
  maxAttempts?: number;
  attemptTimeoutMs?: number;
  retryDelayMs?: number;
  /** How often the outbox is looked at besides when a transfer ends here (ms, default 1000). */
  pollIntervalMs?: number;
  /**
   * How long the webhooks of a tenant whose webhook settings were removed are held (pending, not
   * attempted) from the transfer's end, in case they come back (ms; the records' retention).
   */
  holdWithoutTargetMs?: number;
}

/** The configured targets: each tenant's own, and WEBHOOK_URL for anonymous transfers only. */
export function webhookDepsFromConfig(
  secrets: ApiSecret[],
  settings: WebhookSettings,
  holdWithoutTargetMs?: number,
): WebhookDeps | undefined {
  const tenants = new Map(secrets.filter((s) => s.webhook).map((s) => [s.id, s.webhook!]));
  if (tenants.size === 0 && !settings.anonymous) return undefined;
  return {
    targetFor: (tenantId) => (tenantId === undefined ? settings.anonymous : tenants.get(tenantId)),
    maxAttempts: settings.maxAttempts,
    attemptTimeoutMs: settings.attemptTimeoutMs,
    retryDelayMs: settings.retryDelayMs,
    ...(holdWithoutTargetMs === undefined ? {} : { holdWithoutTargetMs }),
  };
}

// A store that is down is told about at most this often (every poll would fail).
const OUTBOX_ERROR_LOG_INTERVAL_MS = 60_000;
// A tenant whose webhooks are held is told about at most this often (they are looked at each minute).
const HELD_LOG_INTERVAL_MS = 10 * 60_000;

/** The dispatcher of transfer webhooks, logging every attempt. */
export function createWebhookDispatcher(
  store: TransferStore,
  deps: WebhookDeps,
  logger: Logger,
  observe: (report: WebhookAttemptReport) => void = () => {},
): WebhookDispatcher {
  return dispatcher({ outbox: store, bodyOf: transferEventBody }, deps, logger, observe);
}

/** The dispatcher of warm transfer webhooks (`warm_transfer.*`), from the warm transfers' outbox. */
export function createWarmWebhookDispatcher(
  store: WarmTransferStore,
  deps: WebhookDeps,
  logger: Logger,
  observe: (report: WebhookAttemptReport) => void = () => {},
): WebhookDispatcher<WarmTransferRecord> {
  const outbox: WebhookOutbox<WarmTransferRecord> = {
    claimWebhookDeliveries: (now, leaseMs, limit) => store.claimWarmWebhookDeliveries(now, leaseMs, limit),
    finishWebhookAttempt: (id, attempt, result) => store.finishWarmWebhookAttempt(id, attempt, result),
    nextWebhookDueAt: () => store.nextWarmWebhookDueAt(),
  };
  return dispatcher({ outbox, bodyOf: warmTransferEventBody, eventPrefix: "warm_transfer" }, deps, logger, observe);
}

function dispatcher<R extends WebhookRecord>(
  what: Pick<WebhookDispatcherOptions<R>, "outbox" | "bodyOf" | "eventPrefix">,
  deps: WebhookDeps,
  logger: Logger,
  observe: (report: WebhookAttemptReport) => void,
): WebhookDispatcher<R> {
  const outboxError = atMostEvery(OUTBOX_ERROR_LOG_INTERVAL_MS);
  const heldLogged = atMostEvery(HELD_LOG_INTERVAL_MS); // per tenant
  return new WebhookDispatcher<R>({
    ...what,
    targetFor: deps.targetFor,
    ...(deps.maxAttempts === undefined ? {} : { maxAttempts: deps.maxAttempts }),
    ...(deps.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: deps.attemptTimeoutMs }),
    ...(deps.retryDelayMs === undefined ? {} : { retryDelayMs: deps.retryDelayMs }),
    ...(deps.pollIntervalMs === undefined ? {} : { pollIntervalMs: deps.pollIntervalMs }),
    ...(deps.holdWithoutTargetMs === undefined ? {} : { holdWithoutTargetMs: deps.holdWithoutTargetMs }),
    userAgent: "sip-transfer-webhooks/1",
    onAttempt: (report) => {
      logAttempt(logger, report);
      observe(report);
    },
    onHeld: (report) =>
      heldLogged(
        () =>
          logger.warn(
            {
              tenant: report.tenantId ?? null,
              transfer_id: report.transferId,
              webhook_id: report.webhookId,
              event: report.eventType,
              held_until: new Date(report.heldUntil).toISOString(),
            },
            "webhooks held: this tenant has no webhook configured any more; its pending webhooks stay pending (not attempted) and go out if its webhook is configured again, or are failed at held_until",
          ),
        report.tenantId,
      ),
    onOutboxError: (error) =>
      outboxError(() =>
        logger.warn(
          { err: error },
          "webhook outbox unavailable (the store does not answer); pending webhooks wait in the store and are retried",
        ),
      ),
  });
}

function logAttempt(logger: Logger, report: WebhookAttemptReport): void {
  const line = {
    webhook: report.outcome,
    webhook_id: report.webhookId,
    transfer_id: report.transferId,
    tenant: report.tenantId ?? null,
    event: report.eventType,
    attempt: report.attempt,
    max_attempts: report.maxAttempts,
    receiver: report.receiver ?? null,
    status: report.status ?? null,
    durationMs: report.durationMs,
    ...(report.error ? { error: report.error } : {}),
    ...(report.retryAt === undefined ? {} : { retry_at: new Date(report.retryAt).toISOString() }),
  };
  if (report.outcome === "delivered") logger.info(line, "webhook delivered");
  else if (report.outcome === "retry") logger.warn(line, "webhook attempt failed; retrying");
  else logger.error(line, "webhook gave up");
}
