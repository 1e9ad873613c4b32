import { createHash } from "node:crypto";
import type { StoredAnswer, TransferStore } from "@sip-transfer/domain";
import type { Request } from "express";
import { HttpProblem } from "./error-mapping.js";

/**
 * `Idempotency-Key` for POST /sip/transfer (IETF httpapi draft semantics), on the store so it holds
 * across replicas. Keys are scoped to the tenant; the fingerprint is the request body's canonical
 * JSON, so the same fields in another order or spacing are the same request.
 */
export class Idempotency {
  constructor(
    private readonly store: TransferStore,
    private readonly options: { ttlMs: number; leaseMs: number },
  ) {}

  /** The key the request carries (spec-validated), without Structured Field quotes; undefined without one. */
  static keyOf(req: Request): string | undefined {
    const raw = req.headers["idempotency-key"];
    if (typeof raw !== "string") return undefined;
    return /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  }

  /**
   * Claims the key for this request. Returns a stored answer to replay, or a claim to settle with
   * `keep` or `release`. Throws the contract's 409/422 when the key is busy or was used otherwise.
   */
  async claim(scope: string, key: string, body: unknown): Promise<{ replay: StoredAnswer } | { claim: IdempotencyClaim }> {
    const fingerprint = createHash("sha256").update(canonicalJson(body)).digest("base64url");
    const result = await this.store.claimIdempotencyKey(scope, key, fingerprint, this.options.leaseMs);
    switch (result.state) {
      case "completed":
        return { replay: result.answer };
      case "mismatch":
        throw new HttpProblem("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with another request body");
      case "in_progress":
        throw new HttpProblem("IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still being answered; retry later", undefined, {
          "Retry-After": "1",
        });
      case "claimed":
        return {
          claim: {
            keep: (answer) => this.store.completeIdempotencyKey(scope, key, fingerprint, answer, this.options.ttlMs),
            release: () => this.store.releaseIdempotencyKey(scope, key, fingerprint),
          },
        };
    }
  }
}

export interface IdempotencyClaim {
  /** Stores the answer: later requests with the key get it again. */
  keep(answer: StoredAnswer): Promise<void>;
  /** Frees the key: the answer was a refusal that is safe to retry. */
  release(): Promise<void>;
}

/** JSON with object keys sorted, so equal values have one text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
