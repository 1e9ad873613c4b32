import { ConfigError, loadConfig } from "./config.js";
import { watchLauncher } from "./launcher-watch.js";
import { createLogger } from "./logger.js";
import { type RunningServer, startServer } from "./server.js";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`sip-transfer: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

// With traces exported, every log line written within a request names its trace and span.
const logger = createLogger(config.logLevel, undefined, { traceIds: config.tracing.exporting });
// Stopping is wired before the server starts: a launcher that dies (or a SIGTERM that comes) while
// the store is being opened must still stop it, and the launcher chain is read while it is whole.
let running: RunningServer | undefined = undefined;
let stops = 0;
function stop(reason: Record<string, unknown>) {
  stops += 1;
  if (stops > 1) {
    logger.warn(reason, "asked to stop again: exiting now");
    process.exit(1);
  }
  logger.info(reason, "shutting down");
  if (!running) {
    // Still starting: no request has been served. Webhook delivery and the sweep may have begun;
    // what they were doing is picked up again (delivery is at least once, the sweep retries).
    logger.info("sip-transfer stopped");
    process.exit(0);
  }
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    },
  );
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => stop({ signal }));
watchLauncher((pid) => stop({ launcherExited: pid }));

running = await startServer(config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, "could not start");
  process.exit(1);
});
