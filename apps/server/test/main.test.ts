import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSipTransferClient } from "@sip-transfer/client";
import { type LiveKitStandIn, startLiveKitStandIn } from "@sip-transfer/testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectLogLine } from "./secrets.js";

// The built entry point, as `pnpm start` runs it (turbo builds it before the tests run).
const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));

interface Started {
  child: ChildProcess;
  /** Where it listens, from its "sip-transfer listening" line (wait for that first). */
  readonly url: string;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
  waitForLog: (msg: string, timeoutMs?: number) => Promise<Record<string, unknown>>;
}

/** Runs dist/main.js. Without STORE_URL in `env` (or `cwd`), the store is a throwaway SQLite file. */
async function startMain(env: Record<string, string>, launcher?: string, cwd?: string): Promise<Started> {
  const [command, args] = launcher ? [launcher, [process.execPath, main]] : [process.execPath, [main]];
  const child = spawn(command, args, {
    env: {
      PATH: process.env["PATH"] ?? "",
      // Port 0: the server takes a free port itself and names it in its "listening" line (a port
      // picked here could be taken by another test's process before the server binds it).
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...(cwd
        ? {}
        : { STORE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), "sip-transfer-main-")), "store.sqlite")}` }),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    ...(cwd ? { cwd } : {}),
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = "";
  let buffer = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.trim()) continue;
      collectLogLine(part);
      lines.push(JSON.parse(part) as Record<string, unknown>);
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    collectLogLine(chunk.toString());
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitForLog = async (msg: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = lines.find((l) => l["msg"] === msg);
      if (line) return line;
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`no log '${msg}'; got ${JSON.stringify(lines)} ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    child,
    get url() {
      const listening = lines.find((l) => l["msg"] === "sip-transfer listening");
      if (typeof listening?.["url"] !== "string") throw new Error("the server has not said where it listens yet");
      return listening["url"];
    },
    lines,
    stderr: () => stderr,
    exited,
    waitForLog,
  };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 5000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A stand-in for `pnpm start`: a process named pnpm that runs its arguments as its child. */
function launcherScript(): string {
  const pnpm = join(mkdtempSync(join(tmpdir(), "launcher-")), "pnpm");
  writeFileSync(pnpm, '#!/bin/sh\n"$@"\n', { mode: 0o755 });
  return pnpm;
}

function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
}

function rejectAfter(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

function childAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let standIn: LiveKitStandIn;
let started: Started | undefined;
beforeEach(async () => {
  standIn = await startLiveKitStandIn();
  standIn.addRoom({ name: "call-room-123", participants: [{ identity: "sip_participant_456", kind: "SIP" }] });
});
afterEach(async () => {
  if (started && started.child.exitCode === null) started.child.kill("SIGKILL");
  started = undefined;
  await standIn.close();
});

describe("main (what `pnpm start` runs)", () => {
  it("serves with the environment's LiveKit settings and finishes a running transfer on SIGTERM", async () => {
    started = await startMain({
      LIVEKIT_URL: standIn.url,
      LIVEKIT_API_KEY: standIn.apiKey,
      LIVEKIT_API_SECRET: standIn.apiSecret,
      TRANSFER_WAIT_MS: "50",
    });
    await started.waitForLog("sip-transfer listening");
    standIn.behave("TransferSIPParticipant", { latencyMs: 600 });
    const client = createSipTransferClient({ baseUrl: started.url });
    await expect(
      client.transfer({
        room_name: "call-room-123",
        participant_identity: "sip_participant_456",
        transfer_to: "+15551234567",
      }),
    ).resolves.toMatchObject({ status: "initiated" });
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    const order = started.lines.map((l) => l["msg"]);
    expect(started.lines.find((l) => l["msg"] === "transfer ended")).toMatchObject({ outcome: "completed" });
    expect(order.indexOf("transfer ended")).toBeLessThan(order.indexOf("sip-transfer stopped"));
    expect(standIn.callsTo("TransferSIPParticipant")[0]?.status).toBe(200);
  });

  it("runs without LiveKit, warns at start, and answers 500 LIVEKIT_NOT_CONFIGURED", async () => {
    started = await startMain({});
    const warning = await started
      .waitForLog("sip-transfer listening")
      .then(() => started!.lines.find((l) => String(l["msg"]).startsWith("LiveKit is not configured")));
    expect(warning).toMatchObject({ level: 40 });
    const client = createSipTransferClient({ baseUrl: started.url });
    await expect(
      client.transfer({ room_name: "r", participant_identity: "p", transfer_to: "1234" }),
    ).rejects.toMatchObject({ status: 500, code: "LIVEKIT_NOT_CONFIGURED" });
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
  });

  it("stops when the package-manager process that launched it is killed (pnpm does not pass signals on)", async () => {
    const pnpm = launcherScript();
    started = await startMain({ npm_lifecycle_event: "start" }, pnpm);
    await started.waitForLog("sip-transfer listening");
    const server = started.lines.length;
    expect(server).toBeGreaterThan(0);
    started.child.kill("SIGKILL"); // the launcher dies without telling its child
    const stopped = await waitFor(() => started!.lines.find((l) => l["msg"] === "sip-transfer stopped"), 15_000);
    expect(stopped).toBeDefined();
    expect(started.lines.find((l) => l["msg"] === "shutting down")).toHaveProperty("launcherExited");
    await expect(fetch(`${started.url}/health`)).rejects.toThrow();
  });

  it("stops when its launcher is killed while it is still starting (the store not answering yet)", async () => {
    // A Redis that accepts connections and answers nothing holds the start in the store's connect.
    const silentRedis = createServer(() => {});
    const connected = new Promise<void>((resolve) => silentRedis.once("connection", () => resolve()));
    await new Promise<void>((resolve) => silentRedis.listen(0, "127.0.0.1", resolve));
    const redisPort = (silentRedis.address() as AddressInfo).port;
    const pnpm = launcherScript();
    let serverPid: number | undefined;
    try {
      started = await startMain({ npm_lifecycle_event: "start", STORE_URL: `redis://127.0.0.1:${redisPort}` }, pnpm);
      const serverGone = new Promise<void>((resolve) => started!.child.stdout!.once("close", () => resolve()));
      await connected;
      serverPid = childrenOf(started.child.pid!)[0];
      expect(serverPid).toBeDefined();
      started.child.kill("SIGKILL");
      // The server was the last writer of the launcher's stdout; an upper bound, not a wait.
      await Promise.race([serverGone, rejectAfter(15_000, "the server kept running after its launcher died")]);
      expect(started.lines.find((l) => l["msg"] === "shutting down")).toHaveProperty("launcherExited");
      expect(started.lines.find((l) => l["msg"] === "sip-transfer listening")).toBeUndefined();
      expect(started.lines.at(-1)).toMatchObject({ msg: "sip-transfer stopped" });
    } finally {
      if (serverPid !== undefined && childAlive(serverPid)) process.kill(serverPid, "SIGKILL");
      silentRedis.close();
    }
  });

  it("refuses to start with a clear message when the configuration is wrong", async () => {
    started = await startMain({ AUTH_REQUIRED: "true", TRANSFER_WAIT_MS: "soon" });
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toContain("AUTH_REQUIRED is true but no API secret is configured");
    expect(started.stderr()).toContain("TRANSFER_WAIT_MS must be a whole number");
  });

  // Two server processes one after the other: on a loaded 2-core CI machine this outgrows the default 5 s.
  it(
    "keeps records in the default SQLite file across a restart; a transfer cut off by the stop reads unknown",
    { timeout: 20_000 },
    async () => {
      const cwd = mkdtempSync(join(tmpdir(), "sip-transfer-cwd-"));
      standIn.addParticipant("call-room-123", { identity: "sip_slow", kind: "SIP" });
      const env = {
        LIVEKIT_URL: standIn.url,
        LIVEKIT_API_KEY: standIn.apiKey,
        LIVEKIT_API_SECRET: standIn.apiSecret,
        TRANSFER_WAIT_MS: "1000",
        SHUTDOWN_GRACE_MS: "300",
      };
      started = await startMain(env, undefined, cwd);
      const listening = await started.waitForLog("sip-transfer listening");
      expect(listening["store"]).toBe(`sqlite:${join(cwd, "data", "sip-transfer.sqlite")}`);
      const client = createSipTransferClient({ baseUrl: started.url, retries: 0 });
      const done = await client.transfer({
        room_name: "call-room-123",
        participant_identity: "sip_participant_456",
        transfer_to: "+15551234567",
      });
      expect(done.status).toBe("completed");
      standIn.behave("TransferSIPParticipant", { latencyMs: 10_000 });
      const cut = await client.transfer({
        room_name: "call-room-123",
        participant_identity: "sip_slow",
        transfer_to: "+15551234567",
      });
      expect(cut.status).toBe("initiated");
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
      expect(
        started.lines.find((l) => l["msg"] === "transfer ended" && l["transfer_id"] === cut.transfer_id),
      ).toMatchObject({ outcome: "unknown" });

      started = await startMain(env, undefined, cwd);
      await started.waitForLog("sip-transfer listening");
      const again = createSipTransferClient({ baseUrl: started.url, retries: 0 });
      expect(await again.getTransfer(done.transfer_id)).toMatchObject({ status: "completed" });
      expect(await again.getTransfer(cut.transfer_id)).toMatchObject({
        status: "unknown",
        error: { code: "OUTCOME_UNKNOWN", message: expect.stringContaining("cut off") },
      });
      expect((await again.listTransfers()).transfers.map((t) => t.transfer_id)).toEqual([
        cut.transfer_id,
        done.transfer_id,
      ]);
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    },
  );

  it("refuses to start with a STORE_URL it cannot use", async () => {
    started = await startMain({ STORE_URL: "postgres://db/transfers", IDEMPOTENCY_TTL_S: "1" });
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toContain(
      "STORE_URL must be sqlite:<path>, sqlite::memory: or a redis:// or rediss:// URL",
    );
    expect(started.stderr()).toContain("IDEMPOTENCY_TTL_S must be a whole number from 60 to 2592000");
  });

  it("warns loudly when AUTH_REQUIRED=false leaves every tenant's rooms open to anonymous callers", async () => {
    started = await startMain({
      AUTH_API_SECRETS_JSON: '[{"id":"tenant-a","secret":"a-secret-of-24-characters"}]',
      AUTH_REQUIRED: "false",
    });
    await started.waitForLog("sip-transfer listening");
    const warning = started.lines.find((l) =>
      String(l["msg"]).startsWith("AUTH_REQUIRED=false with tenant secrets configured"),
    );
    expect(warning).toMatchObject({ level: 40, tenants: ["tenant-a"] });
    expect(String(warning!["msg"])).toContain("EVERY tenant's rooms");
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
  });
});
