// Generates src/openapi.ts from spec/openapi.yaml with openapi-typescript.
//   node scripts/generate.mjs          check only: exit 1 when src/openapi.ts is stale
//   node scripts/generate.mjs --write  rewrite src/openapi.ts
// The turbo pipeline (`pnpm test`, `pnpm build`) runs the check, so a spec change that was not
// regenerated fails loudly instead of being papered over; `pnpm generate` passes --write.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

export const specUrl = new URL("../../../spec/openapi.yaml", import.meta.url);
export const typesUrl = new URL("../src/openapi.ts", import.meta.url);

const HEADER =
  "/**\n * Generated from spec/openapi.yaml by openapi-typescript. Do not edit by hand:\n * change the spec, then run `pnpm generate`.\n */\n\n";

/** Renders the types for the spec at `spec` (a file URL) as the text of src/openapi.ts. */
export async function renderTypes(spec = specUrl) {
  const ast = await openapiTS(spec, { alphabetize: false, defaultNonNullable: true });
  return HEADER + astToString(ast);
}

/** Compares the committed src/openapi.ts with a fresh generation. */
export async function checkTypes() {
  const [fresh, committed] = await Promise.all([renderTypes(), readFile(typesUrl, "utf8").catch(() => "")]);
  return { fresh, committed, upToDate: fresh === committed };
}

async function main(argv) {
  const write = argv.includes("--write");
  const { fresh, upToDate } = await checkTypes();
  const target = fileURLToPath(typesUrl);
  if (upToDate) {
    console.log(`${target} is up to date with spec/openapi.yaml`);
    return 0;
  }
  if (write) {
    await writeFile(typesUrl, fresh);
    console.log(`wrote ${target}`);
    return 0;
  }
  console.error(`${target} is out of date with spec/openapi.yaml.\n` + "Run `pnpm generate` and commit the result.");
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
