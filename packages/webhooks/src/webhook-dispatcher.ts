import {
  type Scheduler,
  type TransferRecord,
  type WebhookDelivery,
  type WebhookOutbox,
  type WebhookRecord,
  globalScheduler,
} from "@sip-transfer/domain";
import { type SendResult, sendWebhook } from "./send-webhook.js";
import { type WebhookTarget, webhookOrigin } from "./webhook-target.js";

export interface WebhookDispatcherOptions<R extends WebhookRecord = TransferRecord> {
  /** The store's outbox: due deliveries, claimed one attempt at a time. */
  outbox: WebhookOutbox<R>;
  /** The events' type prefix: `transfer` (`transfer.completed`…) or `warm_transfer` (default `transfer`). */
  eventPrefix?: string;
  /** Where a tenant's (undefined: anonymous) webhooks go now; undefined when none is configured any more. */
  targetFor(tenantId: string | undefined): WebhookTarget | undefined;
  /** The event body of an ended transfer (the same bytes every time for the same record). */
  bodyOf(transfer: R): string;
  /** Attempts before a webhook is `failed` (default 8). */
  maxAttempts?: number;
  /** One attempt, connection to response headers (ms, default 10 000). */
  attemptTimeoutMs?: number;
  /**
   * Wait after the first failed attempt; doubled after each next one, ±20 % (ms, default 5000). A
   * receiver's Retry-After, when longer, is waited instead (up to `maxRetryDelayMs`).
   */
  retryDelayMs?: number;
  /** The longest wait between two attempts (ms, default 1 h). */
  maxRetryDelayMs?: number;
  /**
   * How often the outbox is looked at besides `wake()` (ms, default 1000); during a graceful stop,
   * also how often it is asked again when the next delivery is due.
   */
  pollIntervalMs?: number;
  /** Attempts in flight at once (default 10). */
  concurrency?: number;
  userAgent?: string;
  /** Told about every attempt (logs, metrics). */
  onAttempt?(report: WebhookAttemptReport): void;
  /** Told when the outbox (the store) fails; the dispatcher tries again on its next poll. */
  onOutboxError?(error: unknown): void;
  /**
   * How long a webhook whose tenant has no webhook configured any more is held, from the
   * transfer's end (ms, default 7 days): it stays `pending`, no attempt is counted, and it goes out
   * if a webhook is configured for the tenant again. After that it is `failed`.
   */
  holdWithoutTargetMs?: number;
  /** How often a held webhook is looked at again (ms, default 60 000). */
  recheckHeldMs?: number;
  /** Told each time a webhook is held because its tenant has no webhook configured (logs). */
  onHeld?(report: WebhookHeldReport): void;
  now?: () => number;
  random?: () => number;
  /** The timers of a graceful stop (its grace, its waits for the next due delivery); the global ones by default. */
  timers?: Scheduler;
}

/** One attempt and what became of the webhook. */
export interface WebhookAttemptReport {
  /** `delivered` (2xx), `retry` (another attempt is due at `retryAt`) or `failed` (no attempts left). */
  outcome: "delivered" | "retry" | "failed";
  webhookId: string;
  transferId: string;
  tenantId: string | undefined;
  eventType: string;
  attempt: number;
  maxAttempts: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  error?: string;
  durationMs: number;
  retryAt?: number;
  /** Scheme, host and port of the receiver (the path may hold a token). */
  receiver?: string;
  /** Cut off by stop before it had an outcome: not counted, due again at once. */
  givenBack?: boolean;
}

/** A webhook held (not attempted, still `pending`) because its tenant has no webhook configured. */
export interface WebhookHeldReport {
  webhookId: string;
  transferId: string;
  tenantId: string | undefined;
  eventType: string;
  /** When it is looked at again (epoch ms). */
  recheckAt: number;
  /** Held until then at most (epoch ms); a webhook still without a receiver then is `failed`. */
  heldUntil: number;
}

/** Counts since start, ready for a metrics endpoint. */
export interface WebhookCounters {
  attempts: number;
  delivered: number;
  retried: number;
  failed: number;
}

/** The `webhook-id` of a transfer's event: the same on every attempt, and across replicas. */
export function webhookIdOf(transferId: string): string {
  return `msg_${transferId.replace(/^tr_/, "")}`;
}

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` failed: `baseMs` · 2^(attempt − 1),
 * ±20 % so receivers that came back are not hit by every retry at once, at most `maxMs`.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(maxMs, exponential) * (0.8 + 0.4 * random()));
}

/**
 * Delivers transfer webhooks from the store's outbox: at least once, signed, the same `webhook-id`
 * every attempt, `attemptTimeoutMs` per attempt, exponential backoff up to `maxAttempts`. Each
 * attempt is claimed in the store first, so with many replicas on one store a given attempt is
 * made by one of them; a replica that dies mid-attempt gives it back when its lease ends.
 */
export class WebhookDispatcher<R extends WebhookRecord = TransferRecord> {
  readonly counters: WebhookCounters = { attempts: 0, delivered: 0, retried: 0, failed: 0 };
  private readonly maxAttempts: number;
  private readonly attemptTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly holdWithoutTargetMs: number;
  private readonly recheckHeldMs: number;
  private readonly now: () => number;
  private readonly timers: Scheduler;
  private readonly pollIntervalMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  /** Claims the outbox refused, since start. */
  private outboxFailures = 0;
  private closing = false;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WebhookDispatcherOptions<R>) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.retryDelayMs = options.retryDelayMs ?? 5_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 3_600_000;
    this.concurrency = options.concurrency ?? 10;
    // Longer than an attempt and the write of its result: another replica takes it over only
    // when this one is surely gone.
    this.leaseMs = this.attemptTimeoutMs + 5_000;
    this.holdWithoutTargetMs = options.holdWithoutTargetMs ?? 7 * 24 * 3_600_000;
    this.recheckHeldMs = options.recheckHeldMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalScheduler();
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** Looks at the outbox now and then every `pollIntervalMs`. */
  start(): void {
    if (this.timer || this.closing) return;
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks at the outbox now (a transfer just ended). */
  wake(): void {
    if (this.closing) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      this.notifyIfIdle();
    });
  }

  /** Attempts in flight now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Sends every webhook due within `graceMs` (when > 0), `concurrency` at a time: those due now
   * (those of transfers that ended as the server stopped included), then, while the grace lasts,
   * each one that falls due before it ends (a retry due in 3 s of a 25 s grace is waited for and
   * made). It returns as soon as nothing pending is due before the grace ends (it asks the outbox
   * when the next one is due, again at least every `pollIntervalMs`, since another replica may
   * deliver it meanwhile), or when the grace is over. Then no new attempt; the ones still in flight
   * are cut off: they are given back (no attempt counted, the last one included) and due again at
   * once, on another replica or after the restart. Retries due after the grace stay in the store.
   */
  async stop(graceMs: number): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const graceEnd = this.now() + Math.max(0, graceMs);
    const cutOff = new AbortController();
    const grace = this.timers.setTimeout(() => cutOff.abort(), Math.max(0, graceMs));
    const over = new Promise<void>((resolve) =>
      cutOff.signal.addEventListener("abort", () => resolve(), { once: true }),
    );
    const settled = async () => {
      await this.polling;
      await Promise.allSettled([...this.inFlight]);
    };
    if (graceMs > 0 && !this.closing) {
      for (;;) {
        const failures = this.outboxFailures;
        this.wake();
        await Promise.race([this.whenIdle(), over]);
        if (cutOff.signal.aborted || this.closing) break; // (closing: another stop came meanwhile)
        // Nothing is due now and nothing is in flight: wait for the next one due within the grace.
        // (The outbox failed to hand out what is due: try again at the poll interval, not at once.)
        const next =
          this.outboxFailures === failures
            ? await Promise.race([this.nextDueAt(), over.then(() => undefined)])
            : this.now() + this.pollIntervalMs;
        if (next === undefined || next >= graceEnd || cutOff.signal.aborted) break;
        await this.sleep(Math.min(Math.max(0, next - this.now()), this.pollIntervalMs), over);
        if (cutOff.signal.aborted || this.closing) break;
      }
    }
    this.closing = true;
    await Promise.race([settled(), over]);
    this.timers.clearTimeout(grace);
    this.stopping.abort();
    await settled();
  }

  /** When the next pending delivery is due; a failing outbox is asked again at the next poll. */
  private async nextDueAt(): Promise<number | undefined> {
    try {
      return await this.options.outbox.nextWebhookDueAt();
    } catch (error) {
      this.outboxFailures += 1;
      this.options.onOutboxError?.(error);
      return this.now() + this.pollIntervalMs;
    }
  }

  /** Waits `ms`, or until `over` settles. */
  private async sleep(ms: number, over: Promise<void>): Promise<void> {
    let handle: unknown;
    const slept = new Promise<void>((resolve) => {
      handle = this.timers.setTimeout(resolve, ms);
    });
    await Promise.race([slept, over]);
    this.timers.clearTimeout(handle);
  }

  /** Resolves when no poll runs and no attempt is in flight: with `closing` unset, nothing is due. */
  private whenIdle(): Promise<void> {
    if (this.polling === undefined && this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIfIdle(): void {
    if (this.polling === undefined && this.inFlight.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async poll(): Promise<void> {
    do {
      this.pollAgain = false;
      const room = this.concurrency - this.inFlight.size;
      if (room <= 0) return; // a finishing attempt wakes the next poll
      let deliveries: WebhookDelivery<R>[];
      try {
        deliveries = await this.options.outbox.claimWebhookDeliveries(this.now(), this.leaseMs, room);
      } catch (error) {
        this.outboxFailures += 1;
        this.options.onOutboxError?.(error);
        return;
      }
      for (const delivery of deliveries) {
        const attempt: Promise<void> = this.attempt(delivery).finally(() => {
          this.inFlight.delete(attempt);
          this.wake();
          this.notifyIfIdle();
        });
        this.inFlight.add(attempt);
      }
      if (deliveries.length === room) this.pollAgain = true; // there may be more due
    } while (this.pollAgain && !this.closing);
  }

  private async attempt({ transfer, attempt }: WebhookDelivery<R>): Promise<void> {
    const started = this.now();
    const webhookId = webhookIdOf(transfer.id);
    const target = this.options.targetFor(transfer.tenantId);
    const heldUntil = (transfer.endedAt ?? transfer.updatedAt) + this.holdWithoutTargetMs;
    if (!target && started < heldUntil) return this.hold(transfer, attempt, heldUntil);
    let body: string | undefined;
    let problem: string | undefined;
    try {
      body = this.options.bodyOf(transfer);
    } catch (error) {
      problem = `the event could not be built: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!target)
      problem ??= `no webhook was configured for this tenant within ${duration(this.holdWithoutTargetMs)} of the transfer's end`;
    const result: SendResult =
      problem !== undefined || body === undefined || !target
        ? { delivered: false, error: problem ?? "the event could not be built" }
        : await sendWebhook(
            target,
            { id: webhookId, body },
            {
              timeoutMs: this.attemptTimeoutMs,
              signedAt: new Date(this.now()),
              userAgent: this.options.userAgent ?? "sip-transfer-webhooks",
              signal: this.stopping.signal,
            },
          );
    // Cut off by stop before it had an outcome: given back, due again at once (another replica,
    // or after the restart), never the end of the webhook even when it was the last attempt.
    const cutOff = !result.delivered && problem === undefined && this.stopping.signal.aborted;
    // Without a target or a body, another attempt would fail the same way.
    const final = !cutOff && (result.delivered || problem !== undefined || attempt >= this.maxAttempts);
    // A receiver that says when to come back (429, 503 with Retry-After) is not tried sooner.
    const askedMs = result.delivered ? undefined : result.retryAfterMs;
    const waitMs = cutOff
      ? 0
      : Math.max(
          retryDelay(attempt, this.retryDelayMs, this.maxRetryDelayMs, this.options.random),
          Math.min(askedMs ?? 0, this.maxRetryDelayMs),
        );
    const retryAt = final ? undefined : this.now() + waitMs;
    const outcome: WebhookAttemptReport["outcome"] = result.delivered
      ? "delivered"
      : retryAt === undefined
        ? "failed"
        : "retry";
    try {
      await this.options.outbox.finishWebhookAttempt(
        transfer.id,
        attempt,
        outcome === "delivered"
          ? { status: "delivered" }
          : outcome === "failed"
            ? { status: "failed" }
            : { status: "pending", retryAt: retryAt!, ...(cutOff ? { giveBack: true } : {}) },
      );
    } catch (error) {
      // The lease ends and the attempt is made again: at least once.
      this.options.onOutboxError?.(error);
    }
    this.counters.attempts += 1;
    if (outcome === "delivered") this.counters.delivered += 1;
    else if (outcome === "retry") this.counters.retried += 1;
    else this.counters.failed += 1;
    this.options.onAttempt?.({
      outcome,
      webhookId,
      transferId: transfer.id,
      tenantId: transfer.tenantId,
      eventType: `${this.options.eventPrefix ?? "transfer"}.${transfer.status}`,
      attempt,
      maxAttempts: this.maxAttempts,
      ...(result.status === undefined ? {} : { status: result.status }),
      ...(result.delivered ? {} : { error: result.error }),
      durationMs: this.now() - started,
      ...(retryAt === undefined ? {} : { retryAt }),
      ...(target ? { receiver: webhookOrigin(target.url) } : {}),
      ...(cutOff ? { givenBack: true } : {}),
    });
  }

  /**
   * No webhook is configured for the transfer's tenant (its settings were removed): no attempt is
   * made or counted; the webhook stays `pending` and is looked at again in `recheckHeldMs`, so it
   * goes out if the tenant's webhook comes back, until `heldUntil`.
   */
  private async hold(transfer: R, attempt: number, heldUntil: number): Promise<void> {
    const recheckAt = Math.min(this.now() + this.recheckHeldMs, heldUntil);
    try {
      await this.options.outbox.finishWebhookAttempt(transfer.id, attempt, {
        status: "pending",
        retryAt: recheckAt,
        giveBack: true,
      });
    } catch (error) {
      this.options.onOutboxError?.(error);
    }
    this.options.onHeld?.({
      webhookId: webhookIdOf(transfer.id),
      transferId: transfer.id,
      tenantId: transfer.tenantId,
      eventType: `${this.options.eventPrefix ?? "transfer"}.${transfer.status}`,
      recheckAt,
      heldUntil,
    });
  }
}

/** A duration for messages: "7 d", "2 h", "90 s". */
function duration(ms: number): string {
  for (const [unit, size] of [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["min", 60_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${Math.round(ms / 1000)} s`;
}
