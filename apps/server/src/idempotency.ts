import { createHash } from "node:crypto";
import { type Backoff, type Scheduler, WakeableSleeps, backoffDelay, globalScheduler } from "@sip-transfer/domain";
import { canonicalJson } from "@sip-transfer/http-contract";
import type { IdempotencyKeyStore, StoredAnswer } from "@sip-transfer/store";
import type { Request } from "express";
import type { Logger } from "pino";
import { HttpProblem } from "./error-mapping.js";

// Backoff of the background retries that store an answer (or give a key back) after a failure.
const RETRY: Backoff = { firstDelayMs: 100, maxDelayMs: 5000 };

/**
 * `Idempotency-Key` for POST /sip/transfer (IETF httpapi draft semantics), on the store so it holds
 * across replicas. Keys are scoped to the tenant; the fingerprint is the request body's canonical
 * JSON, so the same fields in another order or spacing are the same request.
 *
 * A claim names the transfer id its request will use, so a key never frees into a second transfer:
 * when the answer cannot be stored, it is retried in the background (backoff, until it lands or the
 * lease runs out), and once the lease has run out a retry with the key is answered from that
 * transfer's record (`started`) — never with a second REFER. (A request that joined the running
 * transfer of the same participant and destination made no record of its own: if its answer is
 * never stored, its key is free again after the lease, like one that stopped before the call.)
 */
export class Idempotency {
  private stopped = false;
  /** The background retries' waits for their next try, cut short at stop. */
  private readonly sleeps: WakeableSleeps;

  constructor(
    private readonly store: IdempotencyKeyStore,
    private readonly options: {
      ttlMs: number;
      leaseMs: number;
      logger: Logger;
      scheduler?: Scheduler;
      now?: () => number;
    },
  ) {
    // A retry never holds the process.
    this.sleeps = new WakeableSleeps(options.scheduler ?? globalScheduler({ unref: true }));
  }

  /** Ends the background retries (shutdown): a key whose answer is not stored yet keeps its claim. */
  stop(): void {
    this.stopped = true;
    this.sleeps.wakeAll();
  }

  /** The key the request carries (spec-validated), without Structured Field quotes; undefined without one. */
  static keyOf(req: Request): string | undefined {
    const raw = req.headers["idempotency-key"];
    if (typeof raw !== "string") return undefined;
    return /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  }

  /**
   * Claims the key for a request that will start transfer `transferId`. Returns a stored answer to
   * replay, the transfer an earlier request with the key started (its answer was never stored), or
   * a claim to settle with `keep` or `release`. Throws the contract's 409/422 when the key is busy
   * or was used otherwise.
   */
  async claim(
    scope: string,
    key: string,
    body: unknown,
    transferId: string,
  ): Promise<{ replay: StoredAnswer } | { started: string } | { claim: IdempotencyClaim }> {
    const fingerprint = createHash("sha256").update(canonicalJson(body)).digest("base64url");
    const result = await this.store.claimIdempotencyKey(scope, key, fingerprint, this.options.leaseMs, {
      id: transferId,
      keepMs: this.options.ttlMs,
    });
    const leaseEnd = this.now() + this.options.leaseMs;
    switch (result.state) {
      case "completed":
        return { replay: result.answer };
      case "started":
        return { started: result.transferId };
      case "mismatch":
        throw new HttpProblem(
          "IDEMPOTENCY_KEY_REUSED",
          "This Idempotency-Key was already used with another request body",
        );
      case "in_progress":
        throw new HttpProblem(
          "IDEMPOTENCY_KEY_IN_USE",
          "A request with this Idempotency-Key is still being answered; retry later",
          undefined,
          {
            "Retry-After": "1",
          },
        );
      case "claimed":
        return {
          claim: {
            keep: (answer, log) =>
              this.settle(
                () => this.store.completeIdempotencyKey(scope, key, fingerprint, answer, this.options.ttlMs),
                leaseEnd,
                log,
                {
                  failed: "could not store the answer for the Idempotency-Key; retrying in the background",
                  landed: "stored the answer for the Idempotency-Key after retries",
                  gaveUp:
                    "gave up storing the answer for the Idempotency-Key: a retry with the key is answered from the transfer's record (never a second transfer)",
                },
              ),
            release: (log) =>
              this.settle(() => this.store.releaseIdempotencyKey(scope, key, fingerprint), leaseEnd, log, {
                failed: "could not release the Idempotency-Key; retrying in the background",
                landed: "released the Idempotency-Key after retries",
                gaveUp:
                  "gave up releasing the Idempotency-Key: it is free once its lease runs out (unless its transfer was made)",
              }),
          },
        };
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Writes once; when that fails, retries in the background with backoff until it lands, `until`
   * (the lease's end: past it, the claim answers for itself) or stop. Never throws.
   */
  private async settle(
    write: () => Promise<void>,
    until: number,
    log: Logger | undefined,
    says: { failed: string; landed: string; gaveUp: string },
  ): Promise<void> {
    const logger = log ?? this.options.logger;
    try {
      await write();
      return;
    } catch (error) {
      logger.warn({ err: error }, says.failed);
    }
    void (async () => {
      for (let attempt = 1; ; attempt += 1) {
        const delay = backoffDelay(RETRY, attempt);
        if (this.stopped || this.now() + delay > until) {
          logger.warn({ attempts: attempt }, says.gaveUp);
          return;
        }
        await this.sleeps.sleep(delay);
        if (this.stopped) {
          logger.warn({ attempts: attempt }, says.gaveUp);
          return;
        }
        try {
          await write();
          logger.info({ attempts: attempt + 1 }, says.landed);
          return;
        } catch (error) {
          logger.debug({ err: error, attempt: attempt + 1 }, says.failed);
        }
      }
    })();
  }
}

export interface IdempotencyClaim {
  /**
   * Stores the answer: later requests with the key get it again. A failure is logged (on `log`)
   * and retried in the background; never throws.
   */
  keep(answer: StoredAnswer, log?: Logger): Promise<void>;
  /** Frees the key: the answer was a refusal that is safe to retry. Like `keep`, never throws. */
  release(log?: Logger): Promise<void>;
}
