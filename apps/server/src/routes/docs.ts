import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { HttpProblem } from "../error-mapping.js";
import { PublicRoutes } from "./public-routes.js";

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

// Everything from this server: a page that tried a CDN would be blocked by the browser.
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

const ASSET_NAMES = ["init.js", "redoc.standalone.js"] as const;

interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

let assets: Map<string, Asset> | undefined;

/**
 * The page's scripts, read and gzipped once per process when first asked for (Redoc's is about
 * 1 MB, a quarter of that gzipped): not on every app's start.
 */
function pageAssets(): Map<string, Asset> {
  if (assets) return assets;
  const asset = (body: string): Asset => ({
    type: "text/javascript",
    body: Buffer.from(body),
    gzipped: gzipSync(body, { level: 9 }),
  });
  assets = new Map([["init.js", asset(INIT)]]);
  const bundle = `${assetsDir}redoc.standalone.js`;
  if (existsSync(bundle)) assets.set("redoc.standalone.js", asset(readFileSync(bundle, "utf8")));
  return assets;
}

/** `GET /docs`: the API reference page (Redoc on /openapi.json), served from local assets only. */
export function docsRoutes(): PublicRoutes {
  const routes = new PublicRoutes();
  routes.get("/docs", (_req, res) => {
    res.setHeader("Content-Security-Policy", CSP);
    res.status(200).type("text/html").send(PAGE);
  });
  // The page's scripts, each its own public route: any other /docs/… is not found (or, without a
  // token where tokens are required, refused) like any unknown route.
  for (const name of ASSET_NAMES) {
    routes.get(`/docs/${name}`, (req, res, next) => {
      const asset = pageAssets().get(name);
      if (!asset) return next(new HttpProblem("NOT_FOUND", "No such route")); // not built
      res.setHeader("Content-Security-Policy", CSP);
      // The assets change only with a new version of the server.
      res.setHeader("Cache-Control", "public, max-age=3600");
      res.setHeader("Vary", "Accept-Encoding");
      const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
      if (gzip) res.setHeader("Content-Encoding", "gzip");
      res
        .status(200)
        .type(asset.type)
        .send(gzip ? asset.gzipped : asset.body);
    });
  }
  return routes;
}
