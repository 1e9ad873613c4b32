import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { poll, within } from "./wait.js";

/** What users run: the built server, `node apps/server/dist/main.js`. */
export const serverMain = fileURLToPath(new URL("./main.js", import.meta.resolve("@sip-transfer/server")));

export interface OurServer {
  url: string;
  logFile: string;
  /** Resolves when the process exits (its code, or the signal that ended it). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

// Passed on from the demo's environment; every setting of the server comes from `env` alone, so a
// STORE_URL or WEBHOOK_URL in the user's shell cannot change the demo.
const INHERITED = ["PATH", "HOME", "TMPDIR", "LANG", "TZ", "npm_lifecycle_event"];

/**
 * Starts our server as a child process with `env` (PORT=0: it picks a free port and logs it),
 * its JSON log into `logFile`, and resolves once it listens and GET /ready answers 200.
 * With the demo run by `pnpm demo`, the server also stops by itself when pnpm exits (launcher-watch.ts).
 */
export async function startOurServer(env: Record<string, string>, logFile: string, signal: AbortSignal) {
  const childEnv: Record<string, string> = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) childEnv[name] = process.env[name]!;
  const child: ChildProcess = spawn(process.execPath, [serverMain], {
    env: { ...childEnv, ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own session: a Ctrl-C reaches the demo, which stops the server once (a second signal
    // would make it exit at once, without waiting for a running transfer).
    detached: true,
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, exitSignal) => resolve(exitSignal ?? `code ${code}`)),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  process.once("exit", () => child.kill("SIGKILL"));

  const listening = new Promise<string>((resolve) => {
    let pending = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.includes('"sip-transfer listening"')) continue;
        const { url } = JSON.parse(line) as { url?: string };
        if (url) resolve(url);
      }
    });
  });
  try {
    const url = await within(30_000, "our server did not log 'sip-transfer listening' within 30 s", signal, [
      listening,
      exited.then((how) => Promise.reject(new Error(`our server exited (${how}) before it listened`))),
    ]);
    await poll(
      30_000,
      "GET /ready did not answer 200 within 30 s (the store or LiveKit unreachable?)",
      signal,
      async () => {
        if (child.exitCode !== null) throw new Error(`our server exited (code ${child.exitCode})`);
        const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        await response?.body?.cancel();
        return response?.ok ? true : undefined;
      },
    );
    return { url, logFile, exited, stop } satisfies OurServer;
  } catch (error) {
    await stop();
    throw error;
  }
}
