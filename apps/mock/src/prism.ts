import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { specPath } from "./contract.js";

// Prism's own entry point, run by this Node: through node_modules/.bin, the pinned Node's shim is a
// shell that does not exec, and stopping that shell left Prism running (and holding its port).
const prismEntry = join(
  dirname(createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json")),
  "dist",
  "index.js",
);
const exitWithParent = new URL("./exit-with-parent.js", import.meta.url).href;

export interface RunningPrism {
  /** Where Prism listens, on the loopback interface only. */
  url: string;
  /** Resolves when Prism has ended (stopped, crashed or killed). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 now: Prism gets a fixed one, kept when it reloads a changed spec. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts `prism mock spec/openapi.yaml --errors` on a loopback port, its output passed on with
 * `rewrite` applied to each line (its URLs made the mock's), and resolves once it listens.
 */
export async function startPrism(options: {
  rewrite: (line: string, prismUrl: string) => string;
  timeoutMs?: number;
  /** Where Prism listens: a free port by default (tests give a taken one first). */
  port?: () => Promise<number>;
}): Promise<RunningPrism> {
  // A port free when picked may be taken before Prism binds it (other processes start at the same
  // time): then Prism exits with EADDRINUSE, and it is started again on another port.
  const attempts = 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startPrismOn(await (options.port ?? freePort)(), options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === attempts) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startPrismOn(
  port: number,
  options: { rewrite: (line: string, prismUrl: string) => string; timeoutMs?: number },
): Promise<RunningPrism> {
  let portTaken = false;
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      exitWithParent,
      prismEntry,
      "mock",
      specPath,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      "--errors",
      "--no-multiprocess",
    ],
    // Its own process group: a Ctrl-C in the terminal reaches the mock, which then stops Prism (and
    // does not take Prism's end for a crash).
    { stdio: ["ignore", "pipe", "pipe", "ipc"], detached: process.platform !== "win32" },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Prism did not start within ${options.timeoutMs ?? 30_000} ms`)),
      options.timeoutMs ?? 30_000,
    );
    const pass = (from: NodeJS.ReadableStream | null, to: NodeJS.WritableStream) => {
      if (!from) return;
      createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => {
        if (line.includes(`EADDRINUSE`) && line.includes(`:${port}`)) portTaken = true;
        to.write(`${options.rewrite(line, url)}\n`);
        // eslint-disable-next-line no-control-regex
        if (line.replace(/\x1b\[[0-9;]*m/g, "").includes(`Prism is listening on ${url}`)) {
          clearTimeout(timer);
          resolve();
        }
      });
    };
    pass(child.stdout, process.stdout);
    pass(child.stderr, process.stderr);
    // On "close", not "exit": its output (EADDRINUSE) has been read by then.
    child.once("close", (code) => {
      clearTimeout(timer);
      const message = `Prism exited with ${code} before it listened`;
      reject(portTaken ? new PortTakenError(`${message}: port ${port} was taken`) : new Error(message));
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
