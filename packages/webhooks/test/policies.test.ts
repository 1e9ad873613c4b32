import { describe, expect, it } from "vitest";
import {
  retryAfter,
  retryDelay,
  webhookIdOf,
  webhookOrigin,
  webhookSecretProblem,
  webhookUrlProblem,
} from "../src/index.js";

describe("retryDelay", () => {
  it.each([
    [1, 0.5, 5000],
    [2, 0.5, 10_000],
    [3, 0.5, 20_000],
    [7, 0.5, 320_000],
    [1, 0, 4000],
    [1, 1, 6000],
    [20, 0.5, 3_600_000],
  ])("after attempt %i (random %f) waits %i ms with a 5 s base", (attempt, random, expected) => {
    expect(retryDelay(attempt, 5000, 3_600_000, () => random)).toBe(expected);
  });
});

describe("retryAfter", () => {
  const now = Date.UTC(2026, 10, 25, 18, 0, 0);
  it.each([
    ["120", 120_000],
    [" 5 ", 5000],
    ["Wed, 25 Nov 2026 18:00:30 GMT", 30_000],
    ["Wed, 25 Nov 2026 17:00:00 GMT", 0],
    ["soon", undefined],
    ["-1", undefined],
    [null, undefined],
  ])("Retry-After %j is %j ms", (value, expected) => {
    expect(retryAfter(value, now)).toBe(expected);
  });
});

describe("webhook targets", () => {
  it.each([
    ["https://hooks.example.com/sip?token=x", undefined],
    ["http://127.0.0.1:8080/hook", undefined],
    ["ftp://example.com/", "must be http:// or https://, not ftp://"],
    ["file:///etc/passwd", "must be http:// or https://, not file://"],
    ["not a url", "is not a URL; expected http:// or https://…"],
    [
      "https://user:pw@example.com/",
      "must not contain credentials (user:password@); the signature authenticates the sender",
    ],
    ["https://example.com/#x", "must not contain a #fragment"],
  ])("URL %s → %s", (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });

  it.each([
    [`whsec_${Buffer.alloc(32, 1).toString("base64")}`, undefined],
    [`whsec_${Buffer.alloc(24, 1).toString("base64")}`, undefined],
    [`whsec_${Buffer.alloc(64, 1).toString("base64")}`, undefined],
    [`whsec_${Buffer.alloc(16, 1).toString("base64")}`, /must encode 24 to 64 random bytes, got 16/],
    [`whsec_${Buffer.alloc(65, 1).toString("base64")}`, /got 65/],
    [Buffer.alloc(32, 1).toString("base64"), /must start with whsec_/],
    ["whsec_not base64!", /standard base64/],
    ["whsec_", /standard base64/],
  ])("secret %s → %s", (secret, problem) => {
    const found = webhookSecretProblem(secret);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it("ids and origins", () => {
    expect(webhookIdOf("tr_9q3NcK2xYb7Lm4Pz0aW1eQ")).toBe("msg_9q3NcK2xYb7Lm4Pz0aW1eQ");
    expect(webhookOrigin("https://hooks.example.com:8443/secret/path?token=1")).toBe("https://hooks.example.com:8443");
  });
});
