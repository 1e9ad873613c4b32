import type { TransferRecord, WebhookState } from "./transfer.js";

/**
 * The durable outbox of transfer webhooks, kept in the transfer store: ending a record whose
 * webhook is `pending` makes its delivery due in the same atomic step, so no ended transfer is
 * left without its webhook (a crash, a restart, another replica). Implemented by both store
 * adapters and held to the same conformance suite.
 */
export interface WebhookOutbox<R extends WebhookRecord = TransferRecord> {
  /**
   * Takes up to `limit` ended transfers whose webhook is due at `now`, oldest due first. Each one's
   * `webhook.attempts` goes up by one and it is not due again for `leaseMs`, atomically: a given
   * attempt goes to one caller (one replica) only, and one that dies mid-attempt gives it back
   * when the lease ends.
   */
  claimWebhookDeliveries(now: number, leaseMs: number, limit: number): Promise<WebhookDelivery<R>[]>;
  /**
   * Records how attempt `attempt` went. Changes nothing (returns false) when the delivery moved on
   * meanwhile (its lease ended and it was claimed again, or it is no longer `pending`).
   */
  finishWebhookAttempt(id: string, attempt: number, result: WebhookAttemptResult): Promise<boolean>;
  /**
   * When the earliest `pending` delivery is due (epoch ms; one claimed now: when its lease ends),
   * or undefined when none is pending. May be earlier than the truth, never later: a graceful stop
   * waits for it when it falls within its grace, and claims (and rechecks) then.
   */
  nextWebhookDueAt(): Promise<number | undefined>;
}

/** What an outbox delivers the webhook of: an ended transfer, or an ended warm transfer. */
export interface WebhookRecord {
  id: string;
  tenantId: string | undefined;
  status: string;
  updatedAt: number;
  endedAt?: number;
  webhook?: WebhookState;
}

/** An ended record whose webhook this caller now attempts (`attempt` counts from 1). */
export interface WebhookDelivery<R extends WebhookRecord = TransferRecord> {
  /** The record (named `transfer` since transfers came first: a warm transfer's outbox hands out warm transfers). */
  transfer: R;
  attempt: number;
}

export type WebhookAttemptResult =
  | { status: "delivered" }
  | { status: "failed" }
  /**
   * Not delivered; due again at `retryAt` (epoch ms). `giveBack`: the claim was not a counted
   * attempt (cut off by a server stop before it had an outcome, or not made because no webhook is
   * configured), so `webhook.attempts` goes back down by one.
   */
  | { status: "pending"; retryAt: number; giveBack?: boolean };
