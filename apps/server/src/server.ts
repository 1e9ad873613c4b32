import { type RequestListener, type Server, createServer } from "node:http";
import { type AddressInfo, type Socket, isIPv4, isIPv6 } from "node:net";
import { StoreUnavailableError } from "@sip-transfer/domain";
import { createLiveKitAdapter } from "@sip-transfer/livekit";
import { missingTrunkWarning } from "./readiness.js";
import {
  type HitCounter,
  type SipTransferStore,
  type StoreEvent,
  createRedisHitCounter,
  openStore,
} from "@sip-transfer/store";
import { ipKeyGenerator } from "express-rate-limit";
import type { Logger } from "pino";
import { createApp } from "./app.js";
import { atMostEvery } from "./log-throttle.js";
import { createParts } from "./parts.js";
import { type Config, type HttpLimits, describeConfig } from "./config.js";
import { type Tracing, startTracing } from "./tracing.js";
import { webhookDepsFromConfig } from "./webhooks.js";

export interface RunningServer {
  url: string;
  server: Server;
  store: SipTransferStore;
  /** Stops accepting, finishes in-flight requests and running transfers (up to the grace period). */
  close(): Promise<void>;
}

export interface StartOptions {
  /** How often overdue records are ended `unknown` (ms, default 5000). */
  sweepIntervalMs?: number;
  /** How often the webhook outbox is looked at besides when a transfer ends here (ms, default 1000). */
  webhookPollIntervalMs?: number;
  /** How often every open warm transfer is looked at (ms, default 1000). */
  warmWatchIntervalMs?: number;
}

// Ended records past the retention are deleted about this often.
const RETENTION_SWEEP_MS = 10 * 60_000;

/** Builds the app from the configuration (one LiveKit client and one store per process) and listens. */
export async function startServer(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  // Traces are OpenTelemetry's globals: a start that fails takes them out again.
  const tracing = await startTracing(config.tracing, logger);
  try {
    return await serve(config, logger, options, tracing);
  } catch (error) {
    await tracing?.shutdown(1000);
    throw error;
  }
}

async function serve(
  config: Config,
  logger: Logger,
  options: StartOptions,
  tracing: Tracing | undefined,
): Promise<RunningServer> {
  if (!config.livekit) {
    logger.warn(
      { missing: config.livekitMissing },
      `LiveKit is not configured (${config.livekitMissing.join(", ")} not set): POST /sip/transfer answers 500 LIVEKIT_NOT_CONFIGURED`,
    );
  }
  if (!config.auth.required && config.auth.secrets.length === 0) {
    logger.warn("No API secrets configured: requests are anonymous and may transfer calls in any room");
  }
  if (config.auth.anonymousAlongsideTenants) {
    logger.warn(
      { tenants: config.auth.secrets.map((secret) => secret.id) },
      "AUTH_REQUIRED=false with tenant secrets configured: a request without a token is anonymous and may transfer calls in EVERY tenant's rooms and read anonymous transfers; remove AUTH_REQUIRED=false unless that is what you want",
    );
  }
  if (config.webhooks.anonymous && config.auth.required) {
    logger.warn(
      "WEBHOOK_URL is for anonymous transfers, and AUTH_REQUIRED makes every transfer a tenant's: it is never used; give tenants a webhook_url in AUTH_API_SECRETS_JSON",
    );
  }
  const onStoreEvent = logStoreEvent(logger);
  const store = await openStore(config.store, { retentionMs: config.transferRetentionMs, onEvent: onStoreEvent });
  // A store that cannot write (down, read-only, full) is logged by its "unavailable" event.
  await store.checkReady().catch(() => {});
  const livekit = config.livekit ? createLiveKitAdapter(config.livekit) : undefined;
  // With Redis, every replica counts the transfer rate limit in the same place.
  const hitCounter: HitCounter | undefined =
    config.store.kind === "redis" && config.transferRateLimit.limit > 0
      ? await createRedisHitCounter({
          url: config.store.url,
          commandTimeoutMs: STORE_COMMAND_TIMEOUT_MS,
          onEvent: onStoreEvent,
        })
      : undefined;
  const parts = createParts({
    logger,
    livekit,
    store,
    transferWaitMs: config.transferWaitMs,
    idempotencyTtlMs: config.idempotencyTtlMs,
    warmTransfers: {
      trunkFor: (tenantId) =>
        (tenantId === undefined ? undefined : config.auth.secrets.find((t) => t.id === tenantId)?.sipOutboundTrunkId) ??
        config.warmTransfers.sipOutboundTrunkId,
      consultTimeoutMs: config.warmTransfers.consultTimeoutMs,
    },
    ...withWebhooks(config, options),
    ...(tracing ? { tracing } : {}),
  });
  const { transfers, warmTransfers, webhooks, warmWebhooks, idempotency } = parts;
  const app = createApp({
    logger,
    parts,
    auth: config.auth,
    phone: { defaultRegion: config.phoneDefaultRegion, maxExtensionDigits: config.maxExtensionDigits },
    destinations: config.destinations,
    responseValidation: config.responseValidation,
    corsOrigins: config.corsOrigins,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    trustProxy: config.trustProxy,
    readyCacheMs: config.readyCacheMs,
    outboundTrunkId: config.warmTransfers.sipOutboundTrunkId,
    transferRateLimit: { ...config.transferRateLimit, ...(hitCounter ? { counter: hitCounter } : {}) },
  });
  webhooks?.start();
  warmWebhooks?.start();
  const trunkId = config.warmTransfers.sipOutboundTrunkId;
  if (livekit && trunkId) {
    // Not awaited: a LiveKit that is slow to answer does not hold up the start.
    livekit.outboundTrunkExists(trunkId).then(
      (exists) => {
        if (!exists) logger.warn({ sip_outbound_trunk_id: trunkId }, missingTrunkWarning());
      },
      (error: unknown) =>
        logger.warn({ err: error, sip_outbound_trunk_id: trunkId }, "could not check SIP_OUTBOUND_TRUNK_ID in LiveKit"),
    );
  }

  // Records left `initiated` by a replica that died end `unknown` past their deadline; ended
  // records past the retention go. Failures are logged and retried on the next tick.
  let lastRetentionSweep = 0;
  const sweep = async () => {
    try {
      const ended = await transfers.endOverdueTransfers();
      if (ended > 0) logger.info({ ended }, "ended overdue transfers as unknown");
      if (Date.now() - lastRetentionSweep >= RETENTION_SWEEP_MS) {
        lastRetentionSweep = Date.now();
        await store.removeExpired(Date.now(), Date.now() - config.transferRetentionMs);
      }
    } catch (error) {
      // An outage is logged once by the store's event; a bug each time.
      if (error instanceof StoreUnavailableError)
        logger.debug({ err: error }, "store sweep failed: the store is unavailable; retrying later");
      else logger.error({ err: error }, "store sweep failed; retrying later");
    }
  };
  let sweeping: Promise<void> = sweep();
  const sweeper = setInterval(() => {
    sweeping = sweeping.then(sweep);
  }, options.sweepIntervalMs ?? 5000);
  sweeper.unref();
  // Every replica looks at every open warm transfer: a caller or supervisor who left, a record past
  // its deadline, an ending cut short. Its failures are logged per record by the service.
  let watching: Promise<unknown> | undefined;
  const watchFailed = atMostEvery(60_000);
  const watcher = setInterval(() => {
    if (watching) return; // the last look is still going (a slow LiveKit): no queue of them
    watching = warmTransfers
      .watch()
      .catch((error: unknown) =>
        // The store could not list the open ones (an outage is logged once by the store's event).
        watchFailed(() =>
          logger.warn({ err: error }, "could not look at the open warm transfers; retrying each second"),
        ),
      )
      .finally(() => {
        watching = undefined;
      });
  }, options.warmWatchIntervalMs ?? 1000);
  watcher.unref();

  // A proxy TRUST_PROXY names (by address or CIDR) carries many clients: the per-client cap does not
  // count its connections (the per-address limits then use X-Forwarded-For). A hop count names no
  // address, and trusts every socket: then every connection is still counted by its address.
  const trustFn = app.get("trust proxy fn") as (address: string, hop: number) => boolean;
  const isTrustedProxy = Array.isArray(config.trustProxy) ? (address: string) => trustFn(address, 0) : undefined;
  const server = createHttpServer(app, config.http, logger, Date.now, isTrustedProxy);
  server.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, store: store.description, config: describeConfig(config, store) }, "sip-transfer listening");

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const deadline = Date.now() + config.shutdownGraceMs;
      clearInterval(sweeper);
      clearInterval(watcher);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await stopped;
      clearTimeout(timer);
      if (transfers.runningCount > 0)
        logger.info({ running: transfers.runningCount }, "waiting for running transfers to end");
      const left = await transfers.stop(Math.max(0, deadline - Date.now()));
      if (left > 0) {
        logger.warn(
          { unknown: left },
          "stopped with transfers still running: their records say unknown (or, where the store could not be written, end unknown at their deadline)",
        );
      }
      // Dials still ringing: their records stay open (the caller on hold) and any replica's watch
      // restores the caller at the record's deadline.
      const dialing = await warmTransfers.stop(Math.max(0, deadline - Date.now()));
      if (dialing > 0)
        logger.warn(
          { dialing },
          "stopped while warm transfers were still dialing: another replica, or this one once restarted, finishes them",
        );
      // A look under way finishes within what is left of the grace, or is left to the next replica.
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        watching,
        new Promise((resolve) => {
          graceTimer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(graceTimer);
      // The webhooks due now (those of transfers that just ended too) get what is left of the grace
      // period, at least a second; the rest wait in the store for the next start or another replica.
      await Promise.all([
        webhooks?.stop(Math.max(1000, deadline - Date.now())),
        warmWebhooks?.stop(Math.max(1000, deadline - Date.now())),
      ]);
      await sweeping.catch(() => {});
      idempotency.stop(); // answers not stored by now are answered from their transfer's record
      await store.close();
      await hitCounter?.close();
      // Last, so the spans of what stopped above are in it: what is left of the grace period, at
      // least a second, to send the spans still queued.
      await tracing?.shutdown(Math.max(1000, deadline - Date.now()));
      logger.info("sip-transfer stopped");
    })());
  return { url, server, store, close };
}

// The store's (and the rate-limit counter's) wait for Redis: a stalled Redis answers 503 within it.
const STORE_COMMAND_TIMEOUT_MS = 2000;

/**
 * The store's changes, logged once each: unavailable (error), available again (info), risks
 * (warn). The rate-limit counter's connection to the same Redis reports too: one outage is one line.
 */
function logStoreEvent(logger: Logger) {
  const down = new Set<string>();
  return (event: StoreEvent) => {
    switch (event.type) {
      case "unavailable":
        if (down.has(event.store)) return;
        down.add(event.store);
        logger.error(
          { store: event.store, reason: event.reason },
          "the transfer store is unavailable: transfers answer 503 STORE_UNAVAILABLE until it is back",
        );
        return;
      case "available":
        if (!down.delete(event.store)) return;
        logger.info({ store: event.store }, "the transfer store is available again");
        return;
      case "eviction_risk":
        logger.warn({ store: event.store, maxmemory_policy: event.maxmemoryPolicy }, event.message);
        return;
    }
  };
}

function withWebhooks(config: Config, options: StartOptions) {
  const webhooks = webhookDepsFromConfig(config.auth.secrets, config.webhooks, config.transferRetentionMs);
  if (!webhooks) return {};
  return {
    webhooks:
      options.webhookPollIntervalMs === undefined
        ? webhooks
        : { ...webhooks, pollIntervalMs: options.webhookPollIntervalMs },
  };
}

/**
 * The HTTP server with limits a slow or greedy client cannot outlast: headers and the whole request
 * within their timeouts (checked every second, not Node's default 30 s), idle kept-alive connections
 * closed, at most `maxConnections` at once and at most `maxConnectionsPerClient` from one address
 * (an IPv6 client: its /56; a trusted proxy's are not counted), so one client cannot hold them all. Connections over a cap are closed
 * at once, unanswered; reaching a cap is logged at warn, at most once per cap every 10 s.
 */
export function createHttpServer(
  app: RequestListener,
  limits: HttpLimits,
  logger: Logger,
  now: () => number = Date.now,
  isTrustedProxy: (address: string) => boolean = () => false,
): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  const globalCapReached = atMostEvery(CAP_WARNING_INTERVAL_MS, now);
  server.on("drop", (data?: { remoteAddress?: string }) => {
    globalCapReached((refused) =>
      logger.warn(
        { limit: limits.maxConnections, address: data?.remoteAddress, refused_since_last_warning: refused },
        "HTTP_MAX_CONNECTIONS reached: new connections are refused until some close",
      ),
    );
  });
  if (limits.maxConnectionsPerClient > 0) {
    const open = new Map<string, number>();
    const clientCapReached = atMostEvery(CAP_WARNING_INTERVAL_MS, now);
    server.on("connection", (socket: Socket) => {
      const address = socket.remoteAddress ?? "";
      if (isTrustedProxy(address)) return;
      const client = clientKey(address);
      const count = open.get(client) ?? 0;
      if (count >= limits.maxConnectionsPerClient) {
        socket.destroy();
        clientCapReached((refused) =>
          logger.warn(
            { limit: limits.maxConnectionsPerClient, address, refused_since_last_warning: refused },
            "a client reached HTTP_MAX_CONNECTIONS_PER_CLIENT: its new connections are refused until some close",
          ),
        );
        return;
      }
      open.set(client, count + 1);
      socket.once("close", () => {
        const left = (open.get(client) ?? 1) - 1;
        if (left > 0) open.set(client, left);
        else open.delete(client);
      });
    });
  }
  return server;
}

const CAP_WARNING_INTERVAL_MS = 10_000;

/** Whose connection it is: an IPv4 address (also when IPv4-mapped), or an IPv6 client's /56. */
function clientKey(address: string): string {
  const mapped = address.startsWith("::ffff:") ? address.slice(7) : undefined;
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  return isIPv6(address) ? ipKeyGenerator(address) : address;
}
