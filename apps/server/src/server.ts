import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLiveKitAdapter } from "@sip-transfer/livekit";
import type { Logger } from "pino";
import { createApp } from "./app.js";
import type { Config } from "./config.js";

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops accepting, finishes in-flight requests and background transfers (up to the grace period). */
  close(): Promise<void>;
}

/** Builds the app from the configuration (one LiveKit client per process) and listens. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  if (!config.livekit) {
    logger.warn(
      { missing: config.livekitMissing },
      `LiveKit is not configured (${config.livekitMissing.join(", ")} not set): POST /sip/transfer answers 500 LIVEKIT_NOT_CONFIGURED`,
    );
  }
  if (!config.auth.required && config.auth.secrets.length === 0) {
    logger.warn("No API secrets configured: requests are anonymous and may transfer calls in any room");
  }
  const livekit = config.livekit ? createLiveKitAdapter(config.livekit) : undefined;
  const app = createApp({
    logger,
    livekit,
    auth: config.auth,
    transferWaitMs: config.transferWaitMs,
    phone: { defaultRegion: config.phoneDefaultRegion },
    responseValidation: config.responseValidation,
  });

  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info(
    { url, livekit: config.livekit ? config.livekit.url : null, authRequired: config.auth.required, tenants: config.auth.secrets.length },
    "sip-transfer listening",
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const deadline = Date.now() + config.shutdownGraceMs;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await stopped;
      clearTimeout(timer);
      const background = app.locals.backgroundTransfers;
      if (background.size > 0) logger.info({ running: background.size }, "waiting for background transfers to end");
      const left = await background.drain(Math.max(0, deadline - Date.now()));
      if (left > 0) logger.warn({ running: left }, "shutting down with background transfers still running; their outcome is unknown");
      logger.info("sip-transfer stopped");
    })());
  return { url, server, close };
}
