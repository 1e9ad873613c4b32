import { ConfigError, loadConfig } from "./config.js";
import { watchLauncher } from "./launcher-watch.js";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";

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

const logger = createLogger(config.logLevel);
const running = await startServer(config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, "could not start");
  process.exit(1);
});

let stops = 0;
function stop(reason: Record<string, unknown>) {
  stops += 1;
  if (stops > 1) {
    logger.warn(reason, "asked to stop again: exiting now");
    process.exit(1);
  }
  logger.info(reason, "shutting down");
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
