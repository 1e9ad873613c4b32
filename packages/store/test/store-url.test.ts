import { describe, expect, it } from "vitest";
import { parseStoreUrl } from "../src/index.js";

describe("STORE_URL", () => {
  it.each([
    [undefined, { kind: "sqlite", path: "/srv/app/data/sip-transfer.sqlite" }],
    ["", { kind: "sqlite", path: "/srv/app/data/sip-transfer.sqlite" }],
    ["sqlite::memory:", { kind: "sqlite", path: ":memory:" }],
    ["sqlite:db/transfers.sqlite", { kind: "sqlite", path: "/srv/app/db/transfers.sqlite" }],
    ["sqlite:/var/lib/sip-transfer/t.sqlite", { kind: "sqlite", path: "/var/lib/sip-transfer/t.sqlite" }],
    ["sqlite:///var/lib/t.sqlite", { kind: "sqlite", path: "/var/lib/t.sqlite" }],
    ["redis://127.0.0.1:6379", { kind: "redis", url: "redis://127.0.0.1:6379" }],
    ["rediss://user:pw@redis.example.com:6380/2", { kind: "redis", url: "rediss://user:pw@redis.example.com:6380/2" }],
  ])("%j → %j", (value, location) => {
    expect(parseStoreUrl(value, "/srv/app")).toEqual(location);
  });

  it.each(["postgres://db", "sqlite:", "redis://", "memory"])("refuses %j with a message", (value) => {
    expect(() => parseStoreUrl(value, "/srv/app")).toThrow(/STORE_URL/);
  });
});
