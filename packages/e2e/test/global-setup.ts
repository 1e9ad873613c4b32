import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { installRealLiveKit, startRealLiveKit } from "../src/real-livekit.js";

export interface ProvidedRealLiveKit {
  url: string;
  apiKey: string;
  apiSecret: string;
  sipHost: string;
  sipPort: number;
  /** The real Redis LiveKit runs on; our server keeps its records there too. */
  redisUrl: string;
  workDir: string;
  logDir: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    realLiveKit: ProvidedRealLiveKit;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const binDir = installRealLiveKit();
  const workDir = mkdtempSync(join(tmpdir(), "sip-transfer-e2e-"));
  const real = await startRealLiveKit({ binDir, workDir });
  console.log(
    `real services up in ${Math.round((Date.now() - started) / 1000)} s: LiveKit ${real.url}, SIP 127.0.0.1:${real.sipPort}, logs in ${real.logDir}`,
  );
  project.provide("realLiveKit", {
    url: real.url,
    apiKey: real.apiKey,
    apiSecret: real.apiSecret,
    sipHost: real.sipHost,
    sipPort: real.sipPort,
    redisUrl: real.redisUrl,
    workDir,
    logDir: real.logDir,
  });
  return async () => {
    await real.stop();
  };
}
