import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The mock's own entry point (apps/mock, built by `pnpm build`), run by this Node, as `pnpm mock`
// runs it: through node_modules/.bin, the pinned Node's shim is a shell that does not exec, and
// stopping that shell left the process running (and holding its port).
const mockPackage = createRequire(import.meta.url).resolve("@sip-transfer/mock/package.json");
const mockEntry = join(dirname(mockPackage), "dist", "main.js");

export interface RunningMock {
  /** Where the mock listens (`pnpm mock`'s http://127.0.0.1:4010). */
  url: string;
  /** The Prism behind it, on loopback. */
  prismUrl: string;
  output: () => string;
  /** SIGTERM, as a Ctrl-C or turbo stops it; resolves when it has ended. */
  stop: () => Promise<void>;
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

/** Starts the mock (`pnpm mock`: the front of apps/mock with Prism behind it) on a free loopback port. */
export async function startMock(timeoutMs = 30_000): Promise<RunningMock> {
  if (!existsSync(mockEntry)) {
    throw new Error(`${mockEntry} is missing: build the mock first (pnpm --filter @sip-transfer/mock build)`);
  }
  // Port 0: the mock takes a free port and names it (one picked here could be taken meanwhile).
  const child: ChildProcess = spawn(process.execPath, [mockEntry], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MOCK_PORT: "0", MOCK_HOST: "127.0.0.1", FORCE_COLOR: "0" },
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const urls = await new Promise<{ url: string; prismUrl: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The mock did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /mock listening on (http:\/\/\S+) \(Prism behind it on (http:\/\/[^\s)]+)\)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ url: ready[1]!, prismUrl: ready[2]! });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The mock exited with ${code}:\n${output}`));
    });
  });
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { ...urls, output: () => output, stop: () => kill("SIGTERM"), kill };
}
