import { afterEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, seedRequest, startHarness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

describe("what load balancers send to the public routes", () => {
  it.each([
    ["HEAD", "/health"],
    ["HEAD", "/openapi.yaml"],
    ["GET", "/health?probe=1"],
    ["HEAD", "/health?probe=1&lb=eu-1"],
    ["GET", "/openapi.yaml?v=2"],
  ])("%s %s answers 200 without a token, even when tokens are required", async (method, path) => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const response = await h.request(path, { method });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    if (method === "HEAD") expect(await response.text()).toBe("");
  });

  it("API routes still refuse unknown query parameters", async () => {
    h = await startHarness();
    expect((await h.request("/sip/transfers?probe=1")).status).toBe(400);
  });
});

describe("answers are never sniffed or cached", () => {
  it("every answer, success or error, carries nosniff and no-store", async () => {
    h = await startHarness();
    h.seedRoom();
    const answers = [
      await h.request("/health"),
      await h.postJson(seedRequest),
      await h.postJson({ ...seedRequest, transfer_to: "abc" }),
      await h.request("/sip/transfers"),
      await h.request("/nowhere"),
    ];
    for (const response of answers) {
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      expect(response.headers.get("cache-control"), response.url).toBe("no-store");
    }
  });
});
