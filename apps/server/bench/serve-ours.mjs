// Our server for the bench, in its own process, as `pnpm start` runs it: startServer with the
// configuration from the environment and JSON logs at info on stdout (the bench sends them to
// /dev/null). Started by transfer.mjs.
import { createLogger, loadConfig, startServer } from "../dist/index.js";

const config = loadConfig();
await startServer(config, createLogger(config.logLevel));
process.stderr.write("listening\n");
