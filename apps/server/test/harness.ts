import type { AddressInfo } from "node:net";
import { createSipTransferClient } from "@sip-transfer/client";
import { createLiveKitAdapter } from "@sip-transfer/livekit";
import { type SipTransferStore, createSqliteStore } from "@sip-transfer/store";
import { type LiveKitStandIn, createSpecCheckedFetch, startLiveKitStandIn } from "@sip-transfer/testkit";
import { type AppDeps, createApp } from "../src/app.js";
import { type PartsDeps, createParts } from "../src/parts.js";
import { SECRETS_IN_TESTS, collectLogLine } from "./secrets.js";
import { createLogger } from "../src/logger.js";

export const TENANTS = [
  { id: "tenant-a", secret: SECRETS_IN_TESTS["tenant-a's API secret"] },
  { id: "tenant-b", secret: SECRETS_IN_TESTS["tenant-b's API secret"] },
];

export const seedRequest = {
  room_name: "call-room-123",
  participant_identity: "sip_participant_456",
  transfer_to: "+15551234567",
};

export interface HarnessOptions {
  auth?: AppDeps["auth"];
  transferWaitMs?: number;
  /** false: run without LiveKit settings. */
  livekit?: boolean;
  /** Point the adapter at the stand-in with this secret instead of the right one. */
  livekitSecret?: string;
  /** Point the adapter at this URL instead of the stand-in. */
  livekitUrl?: string;
  phone?: AppDeps["phone"];
  destinations?: AppDeps["destinations"];
  /** The store (default: SQLite in memory, closed with the harness). */
  store?: SipTransferStore;
  transferDeadlineGraceMs?: number;
  now?: () => number;
  /** Transfer webhooks (none by default). */
  webhooks?: PartsDeps["webhooks"];
  corsOrigins?: AppDeps["corsOrigins"];
  transferRateLimit?: AppDeps["transferRateLimit"];
  metricsToken?: string;
  trustProxy?: AppDeps["trustProxy"];
  /** How long /ready reuses a check (ms); 0 by default here, so a test sees each change at once. */
  readyCacheMs?: number;
  /** The outbound trunk warm transfers dial through (default `ST_harnessTrunk`; null: none). */
  sipOutboundTrunkId?: string | null;
}

/** The real app on a random loopback port, talking to a LiveKit stand-in, with captured logs. */
export async function startHarness(options: HarnessOptions = {}) {
  const standIn: LiveKitStandIn = await startLiveKitStandIn({
    apiSecret: SECRETS_IN_TESTS["the LiveKit stand-in's API secret"],
  });
  const logLines: string[] = [];
  const logger = createLogger("debug", {
    write: (line: string) => {
      logLines.push(line);
      collectLogLine(line);
    },
  });
  const livekit =
    options.livekit === false
      ? undefined
      : createLiveKitAdapter({
          url: options.livekitUrl ?? standIn.url,
          apiKey: standIn.apiKey,
          apiSecret: options.livekitSecret ?? standIn.apiSecret,
          lookupTimeoutSeconds: 2,
        });
  const store = options.store ?? createSqliteStore({ path: ":memory:" });
  const parts = createParts({
    logger,
    livekit,
    store,
    ...(options.transferDeadlineGraceMs === undefined
      ? {}
      : { transferDeadlineGraceMs: options.transferDeadlineGraceMs }),
    ...(options.now ? { now: options.now } : {}),
    transferWaitMs: options.transferWaitMs ?? 2000,
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    warmTransfers: {
      trunkFor: () =>
        options.sipOutboundTrunkId === null ? undefined : (options.sipOutboundTrunkId ?? "ST_harnessTrunk"),
      consultTimeoutMs: 900_000,
    },
  });
  parts.webhooks?.start();
  parts.warmWebhooks?.start();
  const app = createApp({
    logger,
    parts,
    auth: options.auth ?? { required: false, secrets: [] },
    ...(options.phone ? { phone: options.phone } : {}),
    ...(options.destinations ? { destinations: options.destinations } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.transferRateLimit ? { transferRateLimit: options.transferRateLimit } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    readyCacheMs: options.readyCacheMs ?? 0,
    responseValidation: "fail",
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const checked = createSpecCheckedFetch();

  return {
    app,
    /** The service's parts (transfers, webhooks, …), as the harness built them for the app. */
    parts,
    store,
    baseUrl,
    standIn,
    logLines,
    logs: () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>),
    /** Responses that broke the spec (must stay empty). */
    violations: checked.violations,
    /** The typed client through the spec-checking fetch; no retries unless asked for. */
    client: (token?: string, headers?: Record<string, string>, retries = 0) =>
      createSipTransferClient({ baseUrl, token, fetch: checked.fetch, headers, retries }),
    /** A raw request through the spec-checking fetch. */
    request: (path: string, init: RequestInit = {}) => checked.fetch(`${baseUrl}${path}`, init),
    postJson: (body: unknown, init: RequestInit = {}, path = "/sip/transfer") =>
      checked.fetch(`${baseUrl}${path}`, {
        method: "POST",
        ...init,
        headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    /** Adds call-room-123 with one SIP and one standard participant. */
    seedRoom(metadata = "") {
      standIn.addRoom({
        name: "call-room-123",
        metadata,
        participants: [
          { identity: "sip_participant_456", kind: "SIP", attributes: { "sip.callStatus": "active" } },
          { identity: "agent_1", kind: "AGENT" },
          { identity: "web_user", kind: "STANDARD" },
        ],
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parts.transfers.stop(0);
      await parts.warmTransfers.stop(0);
      await parts.webhooks?.stop(0);
      await parts.warmWebhooks?.stop(0);
      parts.idempotency.stop();
      await standIn.close();
      if (!options.store) await store.close();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * The environment of a real server (startServer, as `pnpm start`) on a random loopback port against
 * the LiveKit stand-in, answering only what the spec allows; a test adds what it is about.
 */
export function standInServerEnv(
  standIn: Pick<LiveKitStandIn, "url" | "apiKey" | "apiSecret">,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    PORT: "0",
    HOST: "127.0.0.1",
    LIVEKIT_URL: standIn.url,
    LIVEKIT_API_KEY: standIn.apiKey,
    LIVEKIT_API_SECRET: standIn.apiSecret,
    RESPONSE_VALIDATION: "fail",
    ...env,
  };
}

export async function failureOf(promise: Promise<unknown>) {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error as { status: number; code: string; message: string; details?: Record<string, unknown> },
  );
}
