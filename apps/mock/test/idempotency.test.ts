import { describe, expect, it } from "vitest";
import { IdempotencyKeys, type KeptAnswer } from "../src/idempotency.js";

const answer: KeptAnswer = { status: 200, headers: {}, body: Buffer.from('{"transfer_id":"tr_1"}') };
const body = { room_name: "r", participant_identity: "p", transfer_to: "+15551234567" };

describe("the mock's Idempotency-Key", () => {
  it("while the first request is being answered, the same key is in progress (409); then replayed", () => {
    let now = 0;
    const keys = new IdempotencyKeys({ ttlMs: 1000, maxKeys: 10, now: () => now });
    const first = keys.claim("token-a", "k", body);
    expect(first.state).toBe("claimed");
    expect(keys.claim("token-a", "k", body).state).toBe("in_progress");
    expect(keys.claim("token-a", "k", { ...body, transfer_to: "+15550000000" }).state).toBe("mismatch");
    if (first.state === "claimed") first.keep(answer);
    // Field order does not make another body.
    const again = keys.claim("token-a", "k", {
      transfer_to: "+15551234567",
      participant_identity: "p",
      room_name: "r",
    });
    expect(again).toEqual({ state: "replay", answer });
    // Another token's key of the same name is its own; a kept answer lasts its time to live.
    expect(keys.claim("token-b", "k", body).state).toBe("claimed");
    now = 1001;
    expect(keys.claim("token-a", "k", body).state).toBe("claimed");
  });

  it("a refusal frees the key: the next request with it is a first one again", () => {
    const keys = new IdempotencyKeys({ ttlMs: 1000, maxKeys: 10 });
    const first = keys.claim("t", "k", body);
    if (first.state === "claimed") first.release();
    expect(keys.claim("t", "k", body).state).toBe("claimed");
  });
});
