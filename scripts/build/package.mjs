// Builds a workspace package's runtime code: every src/**/*.ts transpiled on its own (esbuild, no
// bundling) into dist/ as ES modules with source maps. Types are not emitted: the workspace reads
// them from src/ (each package's `types` export) and `pnpm typecheck` checks the whole repository
// in one TypeScript program. Run from the package's folder.
//
// dist/ is never emptied first: something may be running from it while it is rebuilt (the server's
// tests start `node dist/main.js` while one of them runs `pnpm start`, which builds). Each file is
// written beside its place and renamed over it (a reader sees the old file or the new one, whole),
// and only the files the previous build wrote and this one did not are removed (dist/.built lists
// them; files others put in dist/, such as the server's assets, are left alone).
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { replaceFile } from "./package-files.mjs";

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const result = await build({
  entryPoints: sources("src"),
  outdir: "dist",
  outbase: "src",
  bundle: false,
  platform: "node",
  format: "esm",
  target: "node24",
  sourcemap: true,
  logLevel: "warning",
  write: false,
});
const manifest = join("dist", ".built");
const built = result.outputFiles.map((file) => relative("dist", file.path));
let before = [];
try {
  before = JSON.parse(readFileSync(manifest, "utf8"));
} catch {
  // no earlier build (or one from before the list): nothing to remove
}
for (const file of result.outputFiles) replaceFile(file.path, file.contents);
for (const gone of before.filter((path) => !built.includes(path))) rmSync(join("dist", gone), { force: true });
replaceFile(manifest, JSON.stringify(built));
