import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { LiveKitUnavailableError } from "@sip-transfer/domain";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLiveKitAdapter } from "../src/index.js";
import { useTwirpTransport } from "../src/twirp-transport.js";

// LiveKit's calls travel over node:http (twirp-transport.ts), not the SDK's fetch. What LiveKit
// receives and what the adapter makes of LiveKit's answers is tested against the stand-in in
// livekit-adapter.test.ts; here, the transport's own promises, against a bare HTTP server that
// records what arrives and answers as each test says.

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let url: string;
let received: Received[];
let connections: number;
let answer: (req: IncomingMessage, res: ServerResponse) => void;

beforeEach(async () => {
  received = [];
  connections = 0;
  answer = (req, res) => {
    const rooms = req.url?.endsWith("/ListRooms") ? { rooms: [{ name: "call-room-123", metadata: "" }] } : {};
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(rooms));
  };
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, res);
    });
  });
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const adapterFor = (livekitUrl: string) =>
  createLiveKitAdapter({ url: livekitUrl, apiKey: "key", apiSecret: "secret", lookupTimeoutSeconds: 1 });

describe("LiveKit's calls over node:http", () => {
  it("sends what the SDK builds: a Twirp POST with its JSON, a bearer token and a request id", async () => {
    expect(await adapterFor(url).findRoom("call-room-123")).toEqual({ name: "call-room-123", metadata: "" });
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.method).toBe("POST");
    expect(call?.url).toBe("/twirp/livekit.RoomService/ListRooms");
    expect(call?.headers["content-type"]).toBe("application/json;charset=UTF-8");
    expect(call?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(call?.headers["x-livekit-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(call?.body ?? "")).toEqual({ names: ["call-room-123"] });
  });

  it("takes a ws:// URL as LiveKit's http:// one, as the SDK does", async () => {
    expect(await adapterFor(url.replace("http", "ws")).findRoom("call-room-123")).toBeDefined();
    expect(received).toHaveLength(1);
  });

  it("keeps the connection alive: a transfer's three calls use one", async () => {
    const adapter = adapterFor(url);
    await adapter.findRoom("call-room-123");
    await adapter.findParticipant("call-room-123", "sip_1").catch(() => undefined);
    await adapter.transferSipParticipant("call-room-123", "sip_1", "tel:+15551234567");
    expect(received.map((call) => call.url)).toEqual([
      "/twirp/livekit.RoomService/ListRooms",
      "/twirp/livekit.RoomService/GetParticipant",
      "/twirp/livekit.SIP/TransferSIPParticipant",
    ]);
    expect(connections).toBe(1);
  });

  it("sends a transfer once, never again, when the connection breaks before the answer", async () => {
    answer = (req) => req.socket.destroy();
    await expect(adapterFor(url).transferSipParticipant("call-room-123", "sip_1", "tel:+15551234567")).resolves.toEqual(
      expect.objectContaining({ outcome: "unknown", reason: "connection_lost" }),
    );
    expect(received).toHaveLength(1);
  });

  it("still works when LiveKit closes each connection after its answer", async () => {
    answer = (_req, res) => res.writeHead(200, { "content-type": "application/json", connection: "close" }).end("{}");
    const adapter = adapterFor(url);
    for (let n = 0; n < 3; n += 1) {
      await expect(adapter.transferSipParticipant("call-room-123", "sip_1", "tel:+15551234567")).resolves.toEqual({
        outcome: "completed",
      });
    }
    expect(connections).toBe(3);
  });

  it("refuses an answer larger than 16 MiB instead of holding it in memory", async () => {
    answer = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, " ");
      for (let n = 0; n < 17; n += 1) res.write(chunk);
      res.end("{}");
    };
    await expect(adapterFor(url).findRoom("call-room-123")).rejects.toBeInstanceOf(LiveKitUnavailableError);
  });

  it("reads a proxy's error page (not JSON) as no answer from LiveKit", async () => {
    answer = (_req, res) => res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad Gateway</h1>");
    await expect(adapterFor(url).transferSipParticipant("call-room-123", "sip_1", "tel:+15551234567")).resolves.toEqual(
      expect.objectContaining({ outcome: "unknown", reason: "not_livekit", detail: "HTTP 502: <h1>Bad Gateway</h1>" }),
    );
  });

  it("refuses to start on an SDK whose clients no longer have the transport it replaces", () => {
    const client = new RoomServiceClient(url, "key", "secret");
    expect(() => useTwirpTransport(client, { request: async () => ({}) })).not.toThrow();
    expect(() => useTwirpTransport({}, { request: async () => ({}) })).toThrow(
      /livekit-server-sdk's internals changed/,
    );
  });
});
