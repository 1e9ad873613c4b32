import { fileURLToPath } from "node:url";
import type { PublicRoutes } from "./public-routes.js";
import { builtFile, staticPageRoutes } from "./static-page.js";

// Built by scripts/assets.mjs (from src/routes or dist/routes alike).
const assetsDir = fileURLToPath(new URL("../../dist/docs/", import.meta.url));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sip-transfer API reference</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; }</style>
</head>
<body>
<div id="redoc"><noscript>The API reference needs JavaScript; the contract itself is at <a href="/openapi.yaml">/openapi.yaml</a>.</noscript></div>
<script src="/docs/redoc.standalone.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `Redoc.init("/openapi.json", { hideHostname: true, expandResponses: "200", jsonSampleExpandLevel: 3 }, document.getElementById("redoc"));\n`;

const CSP = [
  "default-src 'self'",
  "script-src 'self' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** `GET /docs`: the API reference page (Redoc on /openapi.json), served from local files only. */
export function docsRoutes(): PublicRoutes {
  return staticPageRoutes({
    path: "/docs",
    html: PAGE,
    csp: CSP,
    files: {
      "init.js": { type: "text/javascript", read: () => INIT },
      "redoc.standalone.js": {
        type: "text/javascript",
        read: () => builtFile(`${assetsDir}redoc.standalone.js`),
      },
    },
  });
}
