// Builds a workspace package's runtime code: every src/**/*.ts transpiled on its own (esbuild, no
// bundling) into dist/ as ES modules with source maps, after emptying dist/. Types are not emitted:
// the workspace reads them from src/ (each package's `types` export) and `pnpm typecheck` checks
// the whole repository in one TypeScript program. Run from the package's folder.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: sources("src"),
  outdir: "dist",
  outbase: "src",
  bundle: false,
  platform: "node",
  format: "esm",
  target: "node24",
  sourcemap: true,
  logLevel: "warning",
});
