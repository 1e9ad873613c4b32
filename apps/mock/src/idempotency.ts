import { createHash } from "node:crypto";
import { canonicalJson } from "@sip-transfer/http-contract";

/** An answer as it is sent again on a replay. */
export interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

type Entry = { fingerprint: string; expires: number } & (
  { state: "pending" } | { state: "completed"; answer: KeptAnswer }
);

export type Claim =
  | { state: "claimed"; keep: (answer: KeptAnswer) => void; release: () => void }
  | { state: "replay"; answer: KeptAnswer }
  | { state: "mismatch" }
  | { state: "in_progress" };

/**
 * The server's `Idempotency-Key` semantics, in memory (lost when the mock stops): per token, the
 * same key with the same body answers the kept answer again; with another body it is refused
 * (422); while the first request is being answered, retry later (409). Only answers from the
 * transfer call are kept (the caller decides: 200 and 500 TRANSFER_FAILED); a refusal frees the key.
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: { ttlMs: number; maxKeys: number; now?: () => number } = {
      ttlMs: 24 * 60 * 60 * 1000,
      maxKeys: 10_000,
    },
  ) {}

  claim(scope: string, key: string, body: unknown): Claim {
    const id = `${scope}\n${key}`;
    const fingerprint = createHash("sha256").update(canonicalJson(body)).digest("base64url");
    const now = this.now();
    const entry = this.entries.get(id);
    if (entry && entry.expires > now) {
      if (entry.fingerprint !== fingerprint) return { state: "mismatch" };
      return entry.state === "completed" ? { state: "replay", answer: entry.answer } : { state: "in_progress" };
    }
    this.entries.delete(id);
    // Bounded: the oldest keys go first (a Map keeps insertion order).
    while (this.entries.size >= this.options.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    const pending: Entry = { fingerprint, expires: now + this.options.ttlMs, state: "pending" };
    this.entries.set(id, pending);
    return {
      state: "claimed",
      keep: (answer) => {
        if (this.entries.get(id) === pending)
          this.entries.set(id, { fingerprint, expires: this.now() + this.options.ttlMs, state: "completed", answer });
      },
      release: () => {
        if (this.entries.get(id) === pending) this.entries.delete(id);
      },
    };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
