import { type Socket, connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { type RunningServer, startServer } from "../src/server.js";
import { TENANTS } from "./harness.js";
import { collectLogLine } from "./secrets.js";

// What a slow or greedy client can hold, against the real server (startServer, as `pnpm start`).
let running: RunningServer | undefined;
const sockets: Socket[] = [];
let logLines: Record<string, unknown>[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await running?.close();
  running = undefined;
});

async function start(env: Record<string, string> = {}) {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    STORE_URL: "sqlite::memory:",
    SHUTDOWN_GRACE_MS: "500",
    AUTH_API_SECRETS_JSON: JSON.stringify(TENANTS),
    ...env,
  });
  logLines = [];
  const write = (line: string) => {
    collectLogLine(line);
    logLines.push(JSON.parse(line) as Record<string, unknown>);
  };
  running = await startServer(config, createLogger("debug", { write }));
  return Number(new URL(running.url).port);
}

/** A raw connection (from `localAddress`, another client than 127.0.0.1's): what it received, and when the server closed it. */
function open(port: number, localAddress?: string) {
  const socket = connect({ port, host: "127.0.0.1", ...(localAddress ? { localAddress } : {}) });
  sockets.push(socket);
  const state = { text: "", closedAt: undefined as number | undefined };
  socket.on("data", (chunk) => (state.text += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("close", () => (state.closedAt = Date.now()));
  socket.on("error", () => {});
  return { socket, state, closed, ready: new Promise<void>((resolve) => socket.once("connect", () => resolve())) };
}

const warnings = (pattern: RegExp) =>
  logLines.filter((line) => line["level"] === 40 && pattern.test(String(line["msg"])));

/** Resolves once the server holds no connection open (false if that takes longer than `timeoutMs`). */
const allConnectionsClosed = async (timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  const count = () => new Promise<number>((resolve) => running!.server.getConnections((_error, n) => resolve(n)));
  while ((await count()) > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
};

const waitFor = async (probe: () => boolean, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
};

const headersOf = (token: string | undefined, length: number) =>
  `POST /sip/transfer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${token ? `Authorization: Bearer ${token}\r\n` : ""}\r\n`;

describe("slow and greedy clients", () => {
  it("a body trickling in without a token gets its 401 at once, with Connection: close, and the socket is dropped", async () => {
    const port = await start();
    const { socket, state, ready } = open(port);
    await ready;
    const started = Date.now();
    socket.write(headersOf(undefined, 1000));
    const trickle = setInterval(() => socket.writable && socket.write("{"), 200);
    try {
      expect(await waitFor(() => state.text.includes("\r\n\r\n"), 2000)).toBe(true);
      expect(state.text).toMatch(/^HTTP\/1\.1 401 /);
      expect(state.text).toMatch(/\r\nConnection: close\r\n/i);
      expect(await waitFor(() => state.closedAt !== undefined, 3000)).toBe(true);
      expect(state.closedAt! - started).toBeLessThan(3000);
    } finally {
      clearInterval(trickle);
    }
  });

  it("a body trickling in with a valid token is cut off at HTTP_REQUEST_TIMEOUT_MS (408)", async () => {
    const port = await start({ HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "1500" });
    const { socket, state, ready } = open(port);
    await ready;
    const started = Date.now();
    socket.write(headersOf(TENANTS[0]!.secret, 1000));
    const trickle = setInterval(() => socket.writable && socket.write(" "), 200);
    try {
      expect(await waitFor(() => state.closedAt !== undefined, 6000)).toBe(true);
      expect(state.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(state.closedAt! - started).toBeLessThan(4000);
    } finally {
      clearInterval(trickle);
    }
  });

  it("headers that never finish are cut off at HTTP_HEADERS_TIMEOUT_MS", async () => {
    const port = await start({ HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "1500" });
    const { socket, state, ready } = open(port);
    await ready;
    const started = Date.now();
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\n");
    const trickle = setInterval(() => socket.writable && socket.write("X-Slow: 1\r\n"), 200);
    try {
      expect(await waitFor(() => state.closedAt !== undefined, 5000)).toBe(true);
      expect(state.closedAt! - started).toBeLessThan(3500);
    } finally {
      clearInterval(trickle);
    }
  });

  it("an idle kept-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT_MS", async () => {
    const port = await start({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "500" });
    const { socket, state, ready } = open(port);
    await ready;
    socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await waitFor(() => state.text.includes('{"status":"ok"}'), 2000)).toBe(true);
    const answered = Date.now();
    expect(await waitFor(() => state.closedAt !== undefined, 3000)).toBe(true);
    expect(state.closedAt! - answered).toBeLessThan(2500);
  });

  it("connections beyond HTTP_MAX_CONNECTIONS are refused; /health answers again once they go", async () => {
    const port = await start({ HTTP_MAX_CONNECTIONS: "5" });
    const held = Array.from({ length: 5 }, () => open(port));
    await Promise.all(held.map((c) => c.ready));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = open(port);
    await extra.ready.catch(() => {});
    extra.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(await waitFor(() => extra.state.closedAt !== undefined, 2000)).toBe(true);
    expect(extra.state.text).toBe("");
    // Said once, at warn, not once per refused socket.
    const more = Array.from({ length: 5 }, () => open(port));
    await Promise.all(more.map((c) => c.closed));
    expect(warnings(/HTTP_MAX_CONNECTIONS\b/)).toEqual([expect.objectContaining({ limit: 5, address: "127.0.0.1" })]);
    for (const c of held) c.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it("one client cannot hold the connections: past HTTP_MAX_CONNECTIONS_PER_CLIENT its new ones are dropped, said once at warn, while another client connects", async () => {
    const port = await start({ HTTP_MAX_CONNECTIONS_PER_CLIENT: "3", HTTP_MAX_CONNECTIONS: "50" });
    const held = Array.from({ length: 3 }, () => open(port));
    await Promise.all(held.map((c) => c.ready));
    // Trickling sockets from the same address: closed at once, unanswered.
    const over = Array.from({ length: 6 }, () => open(port));
    for (const c of over) c.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n");
    await Promise.all(over.map((c) => c.closed));
    expect(over.map((c) => c.state.text)).toEqual(over.map(() => ""));
    // Another client is served; so are the first client's open connections.
    const other = open(port, "127.0.0.2");
    await other.ready;
    other.socket.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await other.closed;
    expect(other.state.text).toMatch(/^HTTP\/1\.1 200 /);
    held[0]!.socket.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await held[0]!.closed;
    expect(held[0]!.state.text).toMatch(/^HTTP\/1\.1 200 /);
    // One warn line for the six refusals, naming the address and the cap; never one per socket.
    expect(warnings(/HTTP_MAX_CONNECTIONS_PER_CLIENT/)).toEqual([
      expect.objectContaining({ limit: 3, address: "127.0.0.1" }),
    ]);
    // Closed connections free their places: the client connects again.
    for (const c of held) c.socket.destroy();
    expect(await allConnectionsClosed(2000)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it("a proxy named in TRUST_PROXY is not held to HTTP_MAX_CONNECTIONS_PER_CLIENT: it carries many clients", async () => {
    const port = await start({
      HTTP_MAX_CONNECTIONS_PER_CLIENT: "2",
      HTTP_MAX_CONNECTIONS: "50",
      TRUST_PROXY: "127.0.0.1",
    });
    const held = Array.from({ length: 5 }, () => open(port));
    await Promise.all(held.map((c) => c.ready));
    for (const c of held) c.socket.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await Promise.all(held.map((c) => c.closed));
    expect(held.map((c) => c.state.text.slice(0, 15))).toEqual(held.map(() => "HTTP/1.1 200 OK"));
    expect(warnings(/HTTP_MAX_CONNECTIONS_PER_CLIENT/)).toEqual([]);
    // Any other address still is.
    const others = Array.from({ length: 3 }, () => open(port, "127.0.0.2"));
    await Promise.all(others.map((c) => c.ready));
    await others[2]!.closed;
    expect(warnings(/HTTP_MAX_CONNECTIONS_PER_CLIENT/)).toEqual([
      expect.objectContaining({ limit: 2, address: "127.0.0.2" }),
    ]);
  });

  it("TRUST_PROXY as a hop count names no proxy: every address is still held to HTTP_MAX_CONNECTIONS_PER_CLIENT", async () => {
    const port = await start({ HTTP_MAX_CONNECTIONS_PER_CLIENT: "2", HTTP_MAX_CONNECTIONS: "50", TRUST_PROXY: "1" });
    const held = Array.from({ length: 3 }, () => open(port));
    await Promise.all(held.map((c) => c.ready));
    await held[2]!.closed;
    expect(held[2]!.state.text).toBe("");
    expect(warnings(/HTTP_MAX_CONNECTIONS_PER_CLIENT/)).toEqual([
      expect.objectContaining({ limit: 2, address: "127.0.0.1" }),
    ]);
  });

  it("fifty slow bodies without a token do not starve /health or transfers' checks", async () => {
    const port = await start({ AUTH_FAILURE_LIMIT: "1000" }); // the 401s' rate limit is tested elsewhere
    const slow = Array.from({ length: 50 }, () => open(port));
    await Promise.all(slow.map((c) => c.ready));
    for (const c of slow) c.socket.write(headersOf(undefined, 5000));
    const started = performance.now();
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const refused = await fetch(`http://127.0.0.1:${port}/sip/transfer`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TENANTS[0]!.secret}` },
      body: JSON.stringify({ room_name: "r", participant_identity: "p", transfer_to: "abc" }),
    });
    expect(refused.status).toBe(400);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await waitFor(() => slow.every((c) => c.state.closedAt !== undefined), 3000)).toBe(true);
  });
});
