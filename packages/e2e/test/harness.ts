import { createSipTransferClient } from "@sip-transfer/client";
import { type Config, createLogger, loadConfig, startServer } from "@sip-transfer/server";
import { AccessToken, RoomServiceClient, SipClient } from "livekit-server-sdk";
import { inject } from "vitest";

export const real = () => inject("realLiveKit");

export function livekitClients() {
  const { url, apiKey, apiSecret } = real();
  return {
    rooms: new RoomServiceClient(url, apiKey, apiSecret, { failover: false }),
    sip: new SipClient(url, apiKey, apiSecret, { failover: false }),
  };
}

/** Our server (the same startServer `pnpm start` runs) on a random loopback port, logs captured. */
export async function startOurServer(env: Record<string, string> = {}) {
  const { url, apiKey, apiSecret } = real();
  const config: Config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LIVEKIT_URL: url,
    LIVEKIT_API_KEY: apiKey,
    LIVEKIT_API_SECRET: apiSecret,
    RESPONSE_VALIDATION: "fail",
    SHUTDOWN_GRACE_MS: "5000",
    // Our records in the same real Redis LiveKit uses, in a database of their own.
    STORE_URL: `${real().redisUrl}/7`,
    ...env,
  });
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  const running = await startServer(config, logger);
  return {
    url: running.url,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    client: (token?: string) => createSipTransferClient({ baseUrl: running.url, token, retries: 0 }),
    close: () => running.close(),
  };
}

/** Joins a room as an ordinary (non-SIP) participant over LiveKit's signalling WebSocket. */
export async function joinAsStandardParticipant(room: string, identity: string) {
  const { url, apiKey, apiSecret } = real();
  const token = new AccessToken(apiKey, apiSecret, { identity });
  token.addGrant({ roomJoin: true, room });
  const ws = new WebSocket(
    `${url.replace(/^http/, "ws")}/rtc?access_token=${await token.toJwt()}&auto_subscribe=0&sdk=js&version=2.9.0&protocol=15`,
  );
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error("could not join over the signalling WebSocket"));
  });
  return { leave: () => ws.close() };
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
