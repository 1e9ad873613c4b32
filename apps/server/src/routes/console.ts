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

/** The page's file, read once per process (an app is made per test, and per replica once). */
let page: string | null | undefined;

/**
 * How this server authenticates, as the page needs to know it without a request that fails (a
 * refused one would count against the client's failed-authentication limit): `required`, `none`
 * (no tenants: everyone is anonymous), or `optional` (tenants, and anonymous callers too).
 */
export type ConsoleAuthMode = "required" | "none" | "optional";

export function consoleAuthMode(auth: { required: boolean; secrets: readonly unknown[] }): ConsoleAuthMode {
  if (auth.required) return "required";
  return auth.secrets.length === 0 ? "none" : "optional";
}

/**
 * `GET /console`: the transfers console. The page holds no data and needs no token; its script
 * reads the API with the key the user types.
 */
export function consoleRoutes(authMode: ConsoleAuthMode): PublicRoutes {
  page ??= builtFile(`${filesDir}index.html`) ?? null;
  return staticPageRoutes({
    path: "/console",
    html: page === null ? PAGE_MISSING : page.replace("__SIP_TRANSFER_AUTH__", authMode),
    csp: CSP,
    files: {
      "console.js": { type: "text/javascript", read: () => builtFile(`${filesDir}console.js`) },
      "console.css": { type: "text/css", read: () => builtFile(`${filesDir}console.css`) },
    },
  });
}
