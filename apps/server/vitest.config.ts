import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/secrets-in-logs.setup.ts"],
    // Most of this suite waits on sockets and child processes, not the CPU: three files at a time
    // on two cores.
    maxWorkers: 3,
    // Files share a worker's modules (express, Ajv, the contract's validator, libphonenumber's
    // metadata) instead of loading them again each: no test relies on a module's state.
    isolate: false,
    // A test's own waits are bounded by what it waits for (an answer, a log line, an exit); these
    // only catch a hang. Starting a server process takes longer on a busy machine, which is no
    // failure.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
