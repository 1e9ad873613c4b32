import { defineConfig } from "tsup";

// One installable package: ESM and CommonJS builds with their own .d.ts/.d.cts, the types
// generated from the contract (@sip-transfer/api-types, not published) inlined into them (`resolve`;
// the dependencies, openapi-fetch and standardwebhooks, stay imports), and the
// `sip-transfer` CLI. Source maps carry their sources (src/ is not shipped).
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: { resolve: true },
    noExternal: ["@sip-transfer/api-types"],
    sourcemap: true,
    clean: false,
    target: "es2022",
    platform: "neutral",
    outExtension: ({ format }) => ({ js: format === "cjs" ? ".cjs" : ".js" }),
  },
  {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    sourcemap: true,
    clean: false,
    target: "node20",
    platform: "node",
  },
]);
