export { createApp } from "./app.js";
export type { AppDeps, SipTransferApp } from "./app.js";
export { CONFIG_VARIABLES, ConfigError, loadConfig } from "./config.js";
export type { Config } from "./config.js";
export { BODY_LIMIT_BYTES, STATUS_OF } from "./error-mapping.js";
export { createLogger, pathForLogs } from "./logger.js";
export { startServer } from "./server.js";
export type { RunningServer } from "./server.js";
