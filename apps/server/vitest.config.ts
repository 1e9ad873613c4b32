import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/secrets-in-logs.setup.ts"],
  },
});
