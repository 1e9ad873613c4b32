// What the built server needs besides its code, copied into dist/ so that a production bundle
// (`pnpm deploy --prod`, the Dockerfile) runs without the repository:
// - dist/openapi.yaml: the contract it validates against and serves (spec/openapi.yaml);
// - dist/docs/: the API reference page's script (Redoc's standalone bundle, a devDependency), so
//   GET /docs serves it from the server itself, never a CDN, without Redoc's dependencies;
// - dist/console/: the transfers console (apps/server/console/), served at GET /console.
//
// Redoc's side menu shows Redocly's logo from cdn.redoc.ly; the page loads nothing from anywhere
// else, so the copy points that one image at an empty inline SVG (the "API docs by Redocly" credit
// stays). The build fails when a Redoc upgrade moves it, rather than let the page reach out.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Each file renamed over the last build's (the server may be running from dist/ meanwhile).
import { replaceFile } from "../../../scripts/build/package-files.mjs";

const copyFileSync = (from, to) => replaceFile(to, readFileSync(from));

const require = createRequire(import.meta.url);
const redoc = dirname(require.resolve("redoc/package.json"));
const target = fileURLToPath(new URL("../dist/docs/", import.meta.url));
copyFileSync(
  fileURLToPath(new URL("../../../spec/openapi.yaml", import.meta.url)),
  fileURLToPath(new URL("../dist/openapi.yaml", import.meta.url)),
);

const LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";
const bundle = readFileSync(join(redoc, "bundles", "redoc.standalone.js"), "utf8");
const found = bundle.split(LOGO).length - 1;
if (found !== 1)
  throw new Error(
    `assets: expected Redoc's bundle to name ${LOGO} once, found ${found}: check the page still loads nothing from elsewhere`,
  );
const local = bundle.replace(LOGO, EMPTY_SVG);
const remote = local.match(/["'`]https?:\/\/[^"'`]*\.(?:js|css|svg|png|woff2?)["'`]/g);
if (remote) throw new Error(`assets: Redoc's bundle would load ${remote.join(", ")}`);
replaceFile(join(target, "redoc.standalone.js"), local);
copyFileSync(
  join(redoc, "bundles", "redoc.standalone.js.LICENSE.txt"),
  join(target, "redoc.standalone.js.LICENSE.txt"),
);

const consoleTarget = fileURLToPath(new URL("../dist/console/", import.meta.url));
for (const name of ["index.html", "console.js", "console.css"])
  copyFileSync(fileURLToPath(new URL(`../console/${name}`, import.meta.url)), join(consoleTarget, name));
