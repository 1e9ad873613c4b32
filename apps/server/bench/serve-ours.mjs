// Our server for the bench, in its own process, as `pnpm start` runs it: startServer with the
// configuration from the environment and JSON logs at info on stdout (the bench sends them to
// /dev/null). Started by transfer.mjs; SIGTERM or SIGINT stops it gracefully (so a profile taken
// with --cpu-prof is written).
import { createLogger, loadConfig, startServer } from "../dist/index.js";

const config = loadConfig();
const running = await startServer(config, createLogger(config.logLevel));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => running.close().then(() => process.exit(0)));
process.stderr.write("listening\n");
