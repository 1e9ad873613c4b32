import { randomId } from "./base64url.js";
import { lookUpCaller } from "./caller-lookup.js";
import {
  CallNotActiveError,
  LiveKitNotConfiguredError,
  type TransferError,
  TransferFailedError,
  TransferInProgressError,
  TransferNotFoundError,
} from "./errors.js";
import type { LiveKitPort, LiveKitTransferResult } from "./livekit-port.js";
import { type TransferEnd, type TransferRecord, type TransferStatus, endedRecord } from "./transfer.js";
import { decodeCursor, encodeCursor } from "./transfer-cursor.js";
import { type TransferEnded, TransferEvents } from "./transfer-events.js";
import type { TransferOrder } from "./transfer-order.js";
import type { TransferStore } from "./transfer-store.js";
import { type Backoff, type Scheduler, WakeableSleeps, backoffDelay, globalScheduler } from "./scheduler.js";

export interface TransferServiceDeps {
  /** Undefined when LiveKit is not configured. */
  livekit: LiveKitPort | undefined;
  store: TransferStore;
  /** How long to wait for LiveKit's outcome before answering `initiated` (ms). */
  waitMs: number;
  /**
   * Added to LiveKit's own call timeout to make a record's deadline: an `initiated` record still
   * not ended by then (its replica died) ends `unknown`. Default 30 s.
   */
  deadlineGraceMs?: number;
  /**
   * Whether a webhook is configured for the tenant (undefined: anonymous): its records then carry
   * `webhook: { status: "pending", attempts: 0 }`, which the store's outbox delivers once they end.
   */
  hasWebhook?: (tenantId: string | undefined) => boolean;
  /** Told when a "transfer ended" subscriber fails. */
  onSubscriberError?: (error: unknown, event: TransferEnded) => void;
  /** Told when writing an outcome fails (it is retried), lands after failures, or is given up at stop. */
  onOutcomeWrite?: (report: OutcomeWriteReport) => void;
  /** Backoff of the outcome write's retries (default: 100 ms, doubling, at most 5 s apart). */
  outcomeRetry?: Backoff;
  now?: () => number;
  /** The timers of the wait window, the outcome write's backoff and `stop` (default: the global ones). */
  scheduler?: Scheduler;
  newTransferId?: () => string;
}

/** What happened to the write of a transfer's outcome, when it did not simply land at once. */
export type OutcomeWriteReport =
  /** The write failed; it is tried again in `retryInMs`. */
  | { kind: "retrying"; transfer: TransferRecord; attempt: number; retryInMs: number; error: unknown }
  /** The write landed after `attempts` tries (reported only after a failure). */
  | { kind: "written"; transfer: TransferRecord; attempts: number }
  /**
   * The process is stopping and its grace ran out before the write landed: the record stays
   * `initiated` and ends `unknown` at its deadline (here after a restart, or on another replica).
   */
  | { kind: "given_up"; transfer: TransferRecord; attempts: number; error: unknown };

/** Who is asking, and under which request. */
export interface TransferContext {
  tenantId: string | undefined;
  requestId: string;
  /** The id of the record this request makes, chosen beforehand (an Idempotency-Key claim names it); default a new one. */
  transferId?: string | undefined;
}

export interface StartedTransfer {
  transfer: TransferRecord;
  /** True when this is the participant's running transfer to the same destination (no new REFER). */
  reused: boolean;
}

export interface ListTransfersInput {
  tenantId: string | undefined;
  roomName?: string | undefined;
  participantIdentity?: string | undefined;
  status?: TransferStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface TransferPage {
  transfers: TransferRecord[];
  nextCursor: string | undefined;
}

const DEFAULT_DEADLINE_GRACE_MS = 30_000;
const OVERDUE_BATCH = 100;
const DEFAULT_OUTCOME_RETRY: Backoff = { firstDelayMs: 100, maxDelayMs: 5000 };

/** `tr_` + 128 random bits, URL-safe. */
export function newTransferId(): string {
  return randomId("tr_");
}

interface Running {
  /** Ends the transfer now with `unknown` (shutdown), unless it has ended. */
  abandon(detail: string): Promise<void>;
  ended: Promise<void>;
}

/**
 * The transfer use cases: start a transfer (the contract's checks in its order, one transfer per participant, the
 * record), follow it to its end, and read records. Ending a transfer is writing its outcome to the
 * store — retried with backoff until it lands, so a store hiccup never loses LiveKit's answer —
 * and then publishing it once as "transfer ended" (in the wait window, in the background, past the
 * deadline, at shutdown); the subscribers hear only outcomes the store holds.
 */
export class TransferService {
  readonly events: TransferEvents;
  private readonly running = new Map<string, Running>();
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly timers: Scheduler;
  /** Set while `stop` ends what is left after its grace: outcome writes still failing then are given up. */
  private givingUp = false;
  /** The outcome writes' waits for their next try, cut short at the end of `stop`'s grace. */
  private readonly sleeps: WakeableSleeps;

  constructor(private readonly deps: TransferServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newTransferId ?? newTransferId;
    this.timers = deps.scheduler ?? globalScheduler();
    this.sleeps = new WakeableSleeps(this.timers);
    this.events = new TransferEvents(deps.onSubscriberError);
  }

  /** Transfers still followed by this process. */
  get runningCount(): number {
    return this.running.size;
  }

  /**
   * Checks LiveKit and room access, takes the participant's lock with a new record, asks LiveKit
   * to transfer, and waits up to `waitMs` for the outcome. Throws a TransferError for refusals.
   */
  async transferCall(order: TransferOrder, context: TransferContext): Promise<StartedTransfer> {
    const livekit = this.deps.livekit;
    if (!livekit) throw new LiveKitNotConfiguredError();
    const { roomName, participantIdentity, transferTo } = order;

    await lookUpCaller(livekit, roomName, participantIdentity, context.tenantId);

    const createdAt = this.now();
    const record: TransferRecord = {
      id: context.transferId ?? this.newId(),
      tenantId: context.tenantId,
      status: "initiated",
      roomName,
      participantIdentity,
      transferTo,
      createdAt,
      updatedAt: createdAt,
      deadlineAt:
        createdAt + livekit.transferTimeoutMs(order.options) + (this.deps.deadlineGraceMs ?? DEFAULT_DEADLINE_GRACE_MS),
      requestId: context.requestId,
      ...(this.deps.hasWebhook?.(context.tenantId) ? { webhook: { status: "pending", attempts: 0 } } : {}),
    };
    const reused = await this.takeParticipant(record);
    if (reused) return { transfer: reused, reused: true };

    const outcome = this.follow(livekit, record, order.options);
    let timer: unknown;
    const windowEnded = new Promise<undefined>((resolve) => {
      timer = this.timers.setTimeout(() => resolve(undefined), Math.max(0, this.deps.waitMs));
    });
    const ended = await Promise.race([outcome, windowEnded]);
    this.timers.clearTimeout(timer);
    // Not ended in the window, or its outcome not written yet (the store holds `initiated`).
    if (!ended || ended.status === "initiated") return { transfer: record, reused: false };
    throwIfRefused(ended);
    return { transfer: ended, reused: false };
  }

  /** The caller's transfer; TransferNotFoundError for an unknown id and for another tenant's. */
  async getTransfer(id: string, tenantId: string | undefined): Promise<TransferRecord> {
    const record = await this.deps.store.getTransfer(id);
    if (!record || record.tenantId !== tenantId) throw new TransferNotFoundError(id);
    return this.endIfOverdue(record);
  }

  /** The caller's transfers, newest first. InvalidCursorError for a cursor not handed out here. */
  async listTransfers(input: ListTransfersInput): Promise<TransferPage> {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    const page = await this.deps.store.listTransfers({
      tenantId: input.tenantId,
      roomName: input.roomName,
      participantIdentity: input.participantIdentity,
      status: input.status,
      limit: input.limit,
      after,
    });
    const transfers = await Promise.all(page.transfers.map((record) => this.endIfOverdue(record)));
    return {
      // A stale `initiated` record just ended `unknown` no longer matches a status=initiated filter.
      transfers: input.status ? transfers.filter((t) => t.status === input.status) : transfers,
      nextCursor: page.next ? encodeCursor(page.next) : undefined,
    };
  }

  /**
   * Ends `unknown` every `initiated` record past its deadline that no process here is following
   * (its replica died, or the process was killed). Returns how many it ended.
   */
  async endOverdueTransfers(): Promise<number> {
    const overdue = await this.deps.store.overdueTransfers(this.now(), OVERDUE_BATCH);
    let count = 0;
    for (const record of overdue) {
      if (this.running.has(record.id)) continue;
      const ended = await this.endIfOverdue(record);
      if (ended.status !== "initiated") count += 1;
    }
    return count;
  }

  /**
   * Waits up to `graceMs` for the transfers this process follows, their outcome writes included
   * (a failing write keeps being retried meanwhile). Then the ones LiveKit has not answered end
   * `unknown` (the server stopped first: one write attempt each), and writes still failing are
   * given up (reported; the record's deadline ends it `unknown` later). Returns how many transfers
   * were still running when the grace ran out.
   */
  async stop(graceMs: number): Promise<number> {
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.timers.setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.running.values()].map((r) => r.ended)), timeout]);
    this.timers.clearTimeout(timer);
    this.givingUp = true;
    this.sleeps.wakeAll();
    const left = [...this.running.values()];
    await Promise.all(left.map((r) => r.abandon("the server stopped before LiveKit reported the outcome")));
    this.givingUp = false; // every write pending at stop has settled; later transfers retry as usual
    return left.length;
  }

  /** Saves the record with the participant's lock; returns the running transfer to reuse, if any. */
  private async takeParticipant(record: TransferRecord): Promise<TransferRecord | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      const result = await this.deps.store.startTransfer(record);
      if (result.started) return undefined;
      if ("heldBy" in result)
        throw TransferInProgressError.heldBy(
          record.roomName,
          record.participantIdentity,
          result.heldBy,
          record.tenantId,
        );
      const running = await this.endIfOverdue(result.running);
      if (running.status !== "initiated" && attempt === 0) continue; // it was stale: the lock is free now
      const mine = running.tenantId === record.tenantId;
      if (running.status === "initiated" && mine && running.transferTo === record.transferTo) return running;
      throw new TransferInProgressError(record.roomName, record.participantIdentity, mine ? running.id : undefined);
    }
  }

  /**
   * Starts LiveKit's transfer call; resolves with the ended record once the outcome is written and
   * published (with the record as stored when another process ended it first, or still `initiated`
   * when the write was given up at stop).
   */
  private follow(
    livekit: LiveKitPort,
    record: TransferRecord,
    options: TransferOrder["options"],
  ): Promise<TransferRecord> {
    let endedRecordPromise: Promise<TransferRecord> | undefined;
    const end = (result: LiveKitTransferResult) =>
      (endedRecordPromise ??= (async () => {
        const outcome = endOf(result, this.now());
        const written = await this.writeOutcome(record, outcome);
        if (!written) return record;
        if (written.mine) {
          await this.events.publishTransferEnded({
            transfer: written.transfer,
            durationMs: outcome.endedAt - record.createdAt,
            ...("detail" in result ? { detail: result.detail } : {}),
          });
        }
        return written.transfer;
      })());
    const call = livekit
      .transferSipParticipant(record.roomName, record.participantIdentity, record.transferTo, options)
      .catch((error: unknown): LiveKitTransferResult => ({
        outcome: "unknown",
        reason: "connection_lost",
        detail: String(error),
      }))
      .then(end);
    const running: Running = {
      abandon: async (detail) => {
        await end({ outcome: "unknown", reason: "cancelled", detail });
      },
      ended: call.then(() => undefined),
    };
    this.running.set(record.id, running);
    void running.ended.finally(() => this.running.delete(record.id));
    return call;
  }

  /**
   * Writes a transfer's outcome, retrying with backoff until it lands. Returns the stored record and
   * whether this write ended it (false: another process ended it first, e.g. past its deadline), or
   * undefined when `stop`'s grace ran out first (reported).
   */
  private async writeOutcome(
    record: TransferRecord,
    end: TransferEnd,
  ): Promise<{ transfer: TransferRecord; mine: boolean } | undefined> {
    const retry = this.deps.outcomeRetry ?? DEFAULT_OUTCOME_RETRY;
    const report = this.deps.onOutcomeWrite ?? (() => {});
    const ended = endedRecord(record, end);
    for (let attempt = 1; ; attempt += 1) {
      let lastError: unknown;
      try {
        let written = await this.deps.store.endTransfer(record.id, end);
        let mine = written !== undefined;
        if (!written) {
          // Not `initiated` any more: an earlier attempt landed though its answer was lost (a
          // stalled store runs a command it no longer answers), or another process ended it.
          const stored = await this.deps.store.getTransfer(record.id);
          mine = stored?.status === end.status && stored.endedAt === end.endedAt;
          written = stored ?? ended;
        }
        if (attempt > 1) report({ kind: "written", transfer: written, attempts: attempt });
        return { transfer: written, mine };
      } catch (error) {
        lastError = error;
      }
      if (this.givingUp) {
        report({ kind: "given_up", transfer: ended, attempts: attempt, error: lastError });
        return undefined;
      }
      const delay = backoffDelay(retry, attempt);
      report({ kind: "retrying", transfer: ended, attempt, retryInMs: delay, error: lastError });
      await this.sleeps.sleep(delay);
      if (this.givingUp) {
        report({ kind: "given_up", transfer: ended, attempts: attempt, error: lastError });
        return undefined;
      }
    }
  }

  /** An `initiated` record past its deadline ends `unknown` (once, whoever notices first). */
  private async endIfOverdue(record: TransferRecord): Promise<TransferRecord> {
    const now = this.now();
    if (record.status !== "initiated" || record.deadlineAt > now || this.running.has(record.id)) return record;
    const end = endOf({ outcome: "unknown", reason: "timeout", detail: "the record passed its deadline" }, now);
    const ended = await this.deps.store.endTransfer(record.id, end);
    if (!ended) return (await this.deps.store.getTransfer(record.id)) ?? record;
    await this.events.publishTransferEnded({
      transfer: ended,
      durationMs: now - record.createdAt,
      detail: "the record passed its deadline",
    });
    return ended;
  }
}

const UNKNOWN_MESSAGES: Record<Extract<LiveKitTransferResult, { outcome: "unknown" }>["reason"], string> = {
  timeout: "LiveKit did not report the outcome in time; the REFER may still have succeeded",
  cancelled: "The transfer was cut off before LiveKit reported the outcome; the REFER may still have succeeded",
  refer_unanswered:
    "LiveKit sent the REFER and reported no answer to it (its SIP transaction ended without a final response); the REFER may still have succeeded",
  connection_lost:
    "The connection to LiveKit was lost before it reported the outcome; the REFER may still have succeeded",
  not_livekit: "The answer to the transfer call was not LiveKit's; the REFER may still have succeeded",
};

/** How LiveKit's answer ends a record. */
function endOf(result: LiveKitTransferResult, now: number): TransferEnd {
  switch (result.outcome) {
    case "completed":
      return { status: "completed", endedAt: now };
    case "failed": {
      const sip = [result.sipStatusCode, result.sipStatus].filter((part) => part !== undefined).join(" ");
      return {
        status: "failed",
        endedAt: now,
        error: {
          code: "TRANSFER_FAILED",
          message: sip ? `SIP transfer failed: ${sip}` : "SIP transfer failed",
          ...(result.sipStatusCode === undefined ? {} : { sipStatusCode: result.sipStatusCode }),
          ...(result.sipStatus === undefined ? {} : { sipStatus: result.sipStatus }),
        },
      };
    }
    case "refused":
      return {
        status: "failed",
        endedAt: now,
        error:
          result.reason === "call_not_active"
            ? { code: "CALL_NOT_ACTIVE", message: "LiveKit refused: the call is not established" }
            : {
                code: "TRANSFER_IN_PROGRESS",
                message: "LiveKit refused: the call is already being transferred elsewhere",
              },
      };
    case "unknown":
      return {
        status: "unknown",
        endedAt: now,
        error: { code: "OUTCOME_UNKNOWN", message: UNKNOWN_MESSAGES[result.reason] },
      };
  }
}

/** An outcome in the wait window that the caller must hear as an error. */
function throwIfRefused(record: TransferRecord): void {
  const refusal = refusalOf(record);
  if (refusal) throw refusal;
}

/**
 * The error a request that ended with this record answers (undefined: it answers the record): a
 * `failed` record is TRANSFER_FAILED, or LiveKit's refusal (CALL_NOT_ACTIVE, TRANSFER_IN_PROGRESS).
 */
export function refusalOf(record: TransferRecord): TransferError | undefined {
  if (record.status !== "failed" || !record.error) return undefined;
  switch (record.error.code) {
    case "CALL_NOT_ACTIVE":
      return new CallNotActiveError(record.participantIdentity, record.id);
    case "TRANSFER_IN_PROGRESS":
      return new TransferInProgressError(record.roomName, record.participantIdentity, undefined);
    default:
      return new TransferFailedError(
        record.id,
        record.error.sipStatusCode,
        record.error.sipStatus,
        record.error.message,
      );
  }
}
