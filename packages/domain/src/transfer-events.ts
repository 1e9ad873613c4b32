import type { TransferRecord } from "./transfer.js";

/** The one event every transfer outcome goes through, in the wait window or in the background. */
export interface TransferEnded {
  /** The record as it ended. */
  transfer: TransferRecord;
  /** From the transfer call to the outcome. */
  durationMs: number;
  /** What LiveKit said, in its own words: for logs, never for API clients. */
  detail?: string;
}

export type TransferEndedListener = (event: TransferEnded) => void | Promise<void>;

/**
 * Subscribers of "transfer ended" (the audit log, metrics, the webhook dispatcher's wake-up), called
 * one after another in the order they subscribed. The event is published only once the outcome is
 * written to the store (writing it is part of ending the transfer, not a subscriber), so every
 * subscriber sees the record as stored. A failing subscriber is reported to `onListenerError` and
 * does not stop the rest.
 */
export class TransferEvents {
  private readonly listeners: TransferEndedListener[] = [];

  constructor(private readonly onListenerError: (error: unknown, event: TransferEnded) => void = () => {}) {}

  onTransferEnded(listener: TransferEndedListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index !== -1) this.listeners.splice(index, 1);
    };
  }

  async publishTransferEnded(event: TransferEnded): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
