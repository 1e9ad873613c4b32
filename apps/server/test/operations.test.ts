import { readFileSync } from "node:fs";
import { createSqliteStore } from "@sip-transfer/store";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { specPath } from "../src/spec-file.js";
import { type Harness, TENANTS, startHarness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("GET /ready", () => {
  it("answers 200 when the store and LiveKit answer, without a token even when one is required", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const response = await h.request("/ready?probe=lb");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", checks: { store: "ok", livekit: "ok" } });
    expect((await h.request("/ready", { method: "HEAD" })).status).toBe(200);
    expect(h.violations).toEqual([]);
  });

  it.each([
    ["LiveKit is not configured", { livekit: false }, { store: "ok", livekit: "not_configured" }, "Not ready: livekit is not configured"],
    ["LiveKit refuses our key", { livekitSecret: "a-wrong-secret-0123456789" }, { store: "ok", livekit: "down" }, "Not ready: livekit is down"],
    ["LiveKit is unreachable", { livekitUrl: "http://127.0.0.1:9" }, { store: "ok", livekit: "down" }, "Not ready: livekit is down"],
  ] as const)("answers 503 NOT_READY when %s, naming it", async (_case, options, checks, message) => {
    h = await startHarness(options);
    const response = await h.request("/ready");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: message, code: "NOT_READY", details: { checks } });
    expect((await h.request("/ready", { method: "HEAD" })).status).toBe(503);
    expect(h.violations).toEqual([]);
  });

  it("answers 503 within the 2 s timeout when LiveKit hangs, and names the store when it is down", async () => {
    const store = createSqliteStore({ path: ":memory:" });
    h = await startHarness({ store });
    h.standIn.behave("ListRooms", { hang: true });
    const started = performance.now();
    const hanging = await h.request("/ready");
    expect(performance.now() - started).toBeLessThan(3500);
    expect(await hanging.json()).toMatchObject({ code: "NOT_READY", details: { checks: { store: "ok", livekit: "down" } } });
    h.standIn.behave("ListRooms", {});
    await store.close();
    const storeDown = await h.request("/ready");
    expect(storeDown.status).toBe(503);
    expect(await storeDown.json()).toEqual({ error: "Not ready: store is down", code: "NOT_READY", details: { checks: { store: "down", livekit: "ok" } } });
  });
});

describe("the contract", () => {
  it("is served as YAML and as JSON, the same document, without a token", async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const yamlAnswer = await h.request("/openapi.yaml");
    const jsonAnswer = await h.request("/openapi.json");
    expect(jsonAnswer.headers.get("content-type")).toMatch(/^application\/json/);
    const fromYaml = parse(await yamlAnswer.text()) as Record<string, unknown>;
    expect(await jsonAnswer.json()).toEqual(fromYaml);
    expect(fromYaml).toEqual(parse(readFileSync(specPath, "utf8")));
    expect((await h.request("/openapi.json", { method: "HEAD" })).status).toBe(200);
  });
});
