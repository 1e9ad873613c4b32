import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

/** The lines a logger writes, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe("the logger keeps secrets out of a careless log call", () => {
  it("censors them at the top of a line, one level down, and in headers", () => {
    const { logger, lines } = capture();
    logger.info({ secret: "s1", token: "t1", api_key: "k1", authorization: "Bearer a1" }, "top");
    logger.info(
      {
        tenant: { id: "acme", secret: "s2", alsoAccepted: ["s3"] },
        livekit: { url: "ws://lk", apiKey: "APIkey", apiSecret: "s4" },
        query: { api_key: "k2" },
        headers: { authorization: "Bearer a2", cookie: "c=1", "user-agent": "curl" },
      },
      "nested",
    );
    const child = logger.child({ tenant: { id: "acme", secret: "s5" } });
    child.info("bound");
    const err = Object.assign(new Error("refused"), { apiSecret: "s6" });
    logger.warn({ err }, "an error with a secret");

    expect(lines[0]).toMatchObject({
      secret: "[REDACTED]",
      token: "[REDACTED]",
      api_key: "[REDACTED]",
      authorization: "[REDACTED]",
    });
    expect(lines[1]).toMatchObject({
      tenant: { id: "acme", secret: "[REDACTED]", alsoAccepted: "[REDACTED]" },
      livekit: { url: "ws://lk", apiKey: "APIkey", apiSecret: "[REDACTED]" },
      query: { api_key: "[REDACTED]" },
      headers: { authorization: "[REDACTED]", cookie: "[REDACTED]", "user-agent": "curl" },
    });
    expect(lines[2]).toMatchObject({ tenant: { id: "acme", secret: "[REDACTED]" }, msg: "bound" });
    expect(lines[3]).toMatchObject({ err: { type: "Error", message: "refused", apiSecret: "[REDACTED]" } });
    expect((lines[3]?.["err"] as { stack?: string }).stack).toContain("refused");
    const written = JSON.stringify(lines);
    for (const secret of ["s1", "t1", "k1", "a1", "s2", "s3", "s4", "k2", "a2", "c=1", "s5", "s6"]) {
      expect(written).not.toContain(`"${secret}`);
    }
  });

  it("never changes the caller's objects", () => {
    const { logger } = capture();
    const tenant = { id: "acme", secret: "s1" };
    const headers = { authorization: "Bearer a1" };
    const line = { tenant, headers, secret: "s2" };
    logger.info(line, "careless");
    expect(line).toEqual({
      tenant: { id: "acme", secret: "s1" },
      headers: { authorization: "Bearer a1" },
      secret: "s2",
    });
  });

  it("writes a request line's fields as they are, and no header of the request", () => {
    const { logger, lines } = capture();
    const req = {
      method: "POST",
      url: "/sip/transfer?api_key=k1",
      headers: { authorization: "Bearer a1", cookie: "c=1", "user-agent": "curl" },
      socket: { remoteAddress: "127.0.0.1" },
    };
    logger.info({ req, res: { writableEnded: true, statusCode: 400 }, responseTime: 3 }, "POST 400");
    expect(lines[0]).toMatchObject({
      req: { method: "POST", url: "/sip/transfer", userAgent: "curl", remoteAddress: "127.0.0.1" },
      res: { statusCode: 400 },
      responseTime: 3,
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/a1|c=1|k1/);
  });
});
