import { defineConfig } from "tsup";

// One installable package: ESM and CommonJS builds with their own .d.ts/.d.cts, the types
// generated from the contract (@sip-transfer/api-types, not published) inlined into them (`resolve`;
// standardwebhooks stays an import), and the `sip-transfer` CLI. Source maps carry their sources
// (src/ is not shipped). openapi-fetch's code is bundled: its CommonJS build puts createClient on
// `exports.default`, which the CommonJS output, reading a module written as ESM, took for the whole
// module, so require() gave a client whose constructor threw (its types stay a dependency's).
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: { resolve: true },
    noExternal: ["@sip-transfer/api-types", "openapi-fetch"],
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
