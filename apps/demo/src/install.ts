import { spawn } from "node:child_process";
import { installScript } from "@sip-transfer/e2e";
import { elapsed, say } from "./output.js";

/**
 * Runs scripts/real-livekit/install (Redis and sipp from Debian; livekit-server and livekit-sip
 * built from the Go module proxy into .cache/real-livekit, or found there) and resolves to the
 * folder of the two binaries. Tells what the script says, and while it builds, how long so far.
 */
export async function installRealStack(signal: AbortSignal): Promise<string> {
  const child = spawn(installScript, [], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = () => child.kill("SIGTERM");
  signal.addEventListener("abort", stop, { once: true });

  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // The script's own lines are told; everything else (apt, `go: downloading …`) is kept for a failure.
  const tail: string[] = [];
  let building: { what: string; since: number } | undefined;
  let modules = 0;
  let pending = "";
  child.stderr.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (line.startsWith("go: downloading")) modules += 1;
      const own = /^real-livekit\/install: (.*)$/.exec(line);
      if (!own) continue;
      say(`  ${own[1]}`);
      const build = /^building (\S+)/.exec(own[1]!);
      building = build ? { what: build[1]!, since: Date.now() } : undefined;
      if (build) modules = 0;
    }
  });
  const ticker = setInterval(() => {
    if (!building) return;
    const downloads = modules > 0 ? `, ${modules} Go modules downloaded` : "";
    say(`  … still building ${building.what}: ${elapsed(building.since)} so far${downloads}`);
  }, 20_000);

  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (exitCode) => resolve(exitCode));
    });
    if (signal.aborted) throw signal.reason;
    if (code !== 0) {
      throw new Error(
        `${installScript} exited with code ${code}; its last lines:\n${tail.map((line) => `    ${line}`).join("\n")}`,
      );
    }
  } finally {
    clearInterval(ticker);
    signal.removeEventListener("abort", stop);
  }
  const binDir = stdout.trim().split("\n").at(-1);
  if (!binDir) throw new Error(`${installScript} did not print the folder of the binaries`);
  return binDir;
}
