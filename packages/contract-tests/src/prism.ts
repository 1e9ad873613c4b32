import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, specPath } from "@sip-transfer/testkit";

// Prism's own entry point, run by this Node: through node_modules/.bin, the pinned Node's shim is a
// shell that does not exec, and stopping that shell left Prism running (and holding its port).
const prismPackage = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
const prismEntry = join(dirname(prismPackage), "dist", "index.js");

export interface RunningPrism {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `prism mock spec/openapi.yaml --errors` on a free loopback port, as `pnpm mock` does. */
export async function startPrism(timeoutMs = 30_000): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [prismEntry, "mock", specPath, "--port", String(port), "--host", "127.0.0.1", "--errors"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    },
  );
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
