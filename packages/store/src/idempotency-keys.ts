import type { TransferStore, WarmTransferStore } from "@sip-transfer/domain";

/**
 * The server's `Idempotency-Key` records: an HTTP concern (the answer kept is an HTTP status,
 * headers and body), so not part of the domain's TransferStore. Both adapters implement it beside
 * the TransferStore, in the same database (a claim looks up the record it names), and pass the same
 * conformance suite. Errors as TransferStore's: StoreUnavailableError when it cannot answer now.
 */
export interface IdempotencyKeyStore {
  /**
   * Claims `key` in `scope` for a request with `fingerprint`, atomically: the first claim wins and
   * holds it for `leaseMs` (so a crashed replica does not hold it forever).
   *
   * With `transfer`, the claim names the transfer the request will start and outlives its lease
   * (kept `transfer.keepMs`): once the lease has run out with no answer stored, the key is free
   * again only if no record with that id exists (the request never reached the transfer call);
   * while it exists the claim answers `started` with its id — a key whose answer could not be
   * stored never lets a retry start a second transfer.
   */
  claimIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    leaseMs: number,
    transfer?: { id: string; keepMs: number },
  ): Promise<IdempotencyClaim>;
  /** Stores the answer for a claimed key, kept `ttlMs`. */
  completeIdempotencyKey(
    scope: string,
    key: string,
    fingerprint: string,
    answer: StoredAnswer,
    ttlMs: number,
  ): Promise<void>;
  /** Gives a claimed key back (the answer is not kept, the key may be used again). */
  releaseIdempotencyKey(scope: string, key: string, fingerprint: string): Promise<void>;
}

/** What the adapters are: the domain's TransferStore and the server's IdempotencyKeyStore. */
export type SipTransferStore = TransferStore & WarmTransferStore & IdempotencyKeyStore;

/** The answer kept for an idempotency key: opaque to the store. */
export interface StoredAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export type IdempotencyClaim =
  | { state: "claimed" }
  | { state: "in_progress" }
  | { state: "mismatch" }
  | { state: "completed"; answer: StoredAnswer }
  /** Its lease ran out with no answer stored, and the transfer it named exists: answer with it. */
  | { state: "started"; transferId: string };
