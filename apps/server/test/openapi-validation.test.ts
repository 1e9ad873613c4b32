import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { openApiValidation } from "../src/openapi-validation.js";
import { problemOf, sendError } from "../src/error-mapping.js";
import { specPath } from "../src/spec-file.js";

// A bare app with the validator wrapper and one route answering `status` and `body` whatever is
// asked, to see what each RESPONSE_VALIDATION mode does with an answer that breaks the spec.
async function appAnswering(route: string, status: number, body: unknown, mode: "fail" | "log" | "off") {
  const lines: string[] = [];
  const logger = createLogger("debug", { write: (line: string) => void lines.push(line) });
  const app = express();
  openApiValidation(app, { specPath, responses: mode, logger });
  app.get(route, (_req, res) => {
    res.status(status).json(body);
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const problem = problemOf(error);
    sendError(res, problem?.code ?? "INTERNAL_ERROR", problem?.message ?? "Internal server error");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  servers.push(server);
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

async function appAnsweringHealthWith(body: unknown, mode: "fail" | "log" | "off") {
  const { base, lines } = await appAnswering("/health", 200, body, mode);
  return { url: `${base}/health`, lines };
}

const servers: ReturnType<express.Express["listen"]>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe("response validation (RESPONSE_VALIDATION)", () => {
  it("fail: a response that breaks the spec becomes 500 INTERNAL_ERROR", async () => {
    const { url } = await appAnsweringHealthWith({ status: "great" }, "fail");
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "Internal server error", code: "INTERNAL_ERROR" });
  });

  it("log: the response is sent as it is and the violation is logged", async () => {
    const { url, lines } = await appAnsweringHealthWith({ status: "great" }, "log");
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "great" });
    expect(
      lines
        .map((line) => JSON.parse(line) as { msg: string })
        .some((l) => l.msg === "response does not match spec/openapi.yaml"),
    ).toBe(true);
  });

  it("off: nothing is checked", async () => {
    const { url, lines } = await appAnsweringHealthWith({ status: "great" }, "off");
    expect((await fetch(url)).status).toBe(200);
    expect(lines).toEqual([]);
  });

  it("a response that matches passes in every mode", async () => {
    for (const mode of ["fail", "log", "off"] as const) {
      const { url } = await appAnsweringHealthWith({ status: "ok" }, mode);
      expect((await fetch(url)).status).toBe(200);
    }
  });
});

describe("each error status carries only its own codes", () => {
  async function appAnsweringTransferWith(status: number, body: unknown) {
    const { base } = await appAnswering("/sip/transfers/:transfer_id", status, body, "fail");
    return fetch(`${base}/sip/transfers/tr_x`);
  }

  it.each([
    [500, "ROOM_NOT_FOUND"],
    [404, "ROOM_NOT_FOUND"],
    [503, "INTERNAL_ERROR"],
  ])("a %i carrying %s breaks the spec (500 INTERNAL_ERROR under RESPONSE_VALIDATION=fail)", async (status, code) => {
    const response = await appAnsweringTransferWith(status, { error: "x", code });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "Internal server error", code: "INTERNAL_ERROR" });
  });

  it.each([
    [404, "TRANSFER_NOT_FOUND"],
    [503, "STORE_UNAVAILABLE"],
    [500, "INTERNAL_ERROR"],
  ])("a %i carrying %s passes", async (status, code) => {
    const response = await appAnsweringTransferWith(status, { error: "x", code });
    expect(response.status).toBe(status);
  });
});
