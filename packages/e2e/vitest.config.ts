import { defineConfig } from "vitest/config";

// The real suite: one set of real services for the whole run, tests one after another.
export default defineConfig({
  test: {
    include: ["test/**/*.e2e.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
