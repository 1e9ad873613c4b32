import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { HttpProblem } from "../error-mapping.js";
import { PublicRoutes } from "./public-routes.js";

/** A file of a page: its content type, and how to read it (undefined when it was not built). */
export interface PageFile {
  type: string;
  read: () => string | undefined;
}

export interface StaticPage {
  /** Where the page is, e.g. `/docs`; its files are at `<path>/<name>`. */
  path: string;
  html: string;
  /** Everything from this server: a page that tried a CDN would be blocked by the browser. */
  csp: string;
  files: Record<string, PageFile>;
}

interface LoadedFile {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

/**
 * A page that needs no token (`GET <path>`) and its files (`GET <path>/<name>`), each its own public
 * route: any other `<path>/…` is not found (or, without a token where tokens are required, refused)
 * like any unknown route. The files are read and gzipped once per process when first asked for.
 */
export function staticPageRoutes(page: StaticPage): PublicRoutes {
  const routes = new PublicRoutes();
  const loaded = new Map<string, LoadedFile | undefined>();
  const load = (name: string): LoadedFile | undefined => {
    if (!loaded.has(name)) {
      const file = page.files[name]!;
      const text = file.read();
      loaded.set(
        name,
        text === undefined
          ? undefined
          : { type: file.type, body: Buffer.from(text), gzipped: gzipSync(text, { level: 9 }) },
      );
    }
    return loaded.get(name);
  };
  routes.get(page.path, (_req, res) => {
    res.setHeader("Content-Security-Policy", page.csp);
    res.status(200).type("text/html").send(page.html);
  });
  for (const name of Object.keys(page.files)) {
    routes.get(`${page.path}/${name}`, (req, res, next) => {
      const file = load(name);
      if (!file) return next(new HttpProblem("NOT_FOUND", "No such route")); // not built
      res.setHeader("Content-Security-Policy", page.csp);
      // The files change only with a new version of the server.
      res.setHeader("Cache-Control", "public, max-age=3600");
      res.setHeader("Vary", "Accept-Encoding");
      const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
      if (gzip) res.setHeader("Content-Encoding", "gzip");
      res
        .status(200)
        .type(file.type)
        .send(gzip ? file.gzipped : file.body);
    });
  }
  return routes;
}

/** A built file's text, or undefined when it is not there (a server run from source, unbuilt). */
export function builtFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
