import type { BackgroundTransfer } from "@sip-transfer/domain";
import type { Logger } from "pino";

/**
 * Follows transfers that were still running when the HTTP answer (`initiated`) went out, logs how
 * each one ended, and lets shutdown wait for them.
 */
export class BackgroundTransfers {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.running.size;
  }

  follow(transfer: BackgroundTransfer, requestId: string | undefined): void {
    const context = {
      requestId,
      room_name: transfer.roomName,
      participant_identity: transfer.participantIdentity,
      transfer_to: transfer.transferTo,
    };
    const done = transfer.settled.then((outcome) => {
      if (outcome.status === "completed") {
        this.logger.info({ ...context, outcome: "completed", elapsedMs: outcome.elapsedMs }, "background transfer completed");
      } else {
        this.logger.warn(
          { ...context, outcome: "failed", elapsedMs: outcome.elapsedMs, error: outcome.error.message, ...outcome.error.details },
          "background transfer failed",
        );
      }
    });
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** Waits until every followed transfer has ended, or `timeoutMs`; returns how many still run. */
  async drain(timeoutMs: number): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), timeout]);
    clearTimeout(timer);
    return this.running.size;
  }
}
