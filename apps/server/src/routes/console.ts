import { fileURLToPath } from "node:url";
import type { PublicRoutes } from "./public-routes.js";
import { builtFile, staticPageRoutes } from "./static-page.js";

// apps/server/console/, copied into dist/console/ by scripts/assets.mjs (read from src/routes or
// dist/routes alike), so a production bundle serves it without the repository.
const filesDir = fileURLToPath(new URL("../../dist/console/", import.meta.url));

// Only this server: no inline script or style, no other origin.
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const PAGE_MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Transfers · sip-transfer</title></head>
<body><p>The console's files are not built: run <code>pnpm build</code>.</p></body></html>
`;

/**
 * `GET /console`: the transfers console. The page holds no data and needs no token; its script
 * reads the API with the key the user types.
 */
export function consoleRoutes(): PublicRoutes {
  return staticPageRoutes({
    path: "/console",
    html: builtFile(`${filesDir}index.html`) ?? PAGE_MISSING,
    csp: CSP,
    files: {
      "console.js": { type: "text/javascript", read: () => builtFile(`${filesDir}console.js`) },
      "console.css": { type: "text/css", read: () => builtFile(`${filesDir}console.css`) },
    },
  });
}
