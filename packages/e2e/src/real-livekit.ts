import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freeUdpPortIn, redisAnswersPing } from "@sip-transfer/testkit";

/** The ports of the real services (livekit-server, livekit-sip and its RTP range, Redis). */
export const LIVEKIT_PORTS = [20000, 24999] as const;
/** The phones' (sipp's) signalling and media ports. */
export const SIPP_PORTS = [25000, 29999] as const;

/**
 * Starts the real services on loopback — Redis, `livekit-server --dev --redis-host …` and
 * livekit-sip — waits until each one is ready, and tears them all down in `stop()` (also on
 * process exit, so nothing outlives the test run).
 */

export const installScript = fileURLToPath(new URL("../../../scripts/real-livekit/install", import.meta.url));

export interface RealLiveKit {
  /** LiveKit's HTTP/WebSocket URL, e.g. http://127.0.0.1:41234 */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** livekit-sip's SIP signalling address (UDP and TCP). */
  sipHost: string;
  sipPort: number;
  /** The Redis both services use: `redis://127.0.0.1:<port>`. */
  redisUrl: string;
  /** Where each service writes its log. */
  logDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder with livekit-server and livekit-sip (what scripts/real-livekit/install printed). */
  binDir: string;
  /** Folder for configs and logs. */
  workDir: string;
  readyTimeoutMs?: number;
  /**
   * How long livekit-sip keeps a call up without media (a Go duration; default "120s"). sipp's
   * phones send no RTP, so a call lasts at most this long: long enough for a test; `pnpm demo`'s
   * callers wait longer for someone to transfer them.
   */
  mediaTimeout?: string;
  /**
   * Starts each service in a session of its own, so that a Ctrl-C in the terminal reaches only the
   * caller, which then stops them in order (`pnpm demo`). Default false: they share the caller's
   * process group and a Ctrl-C stops them at once.
   */
  detached?: boolean;
}

/** Runs the install script (idempotent) and returns the folder holding the binaries. */
export function installRealLiveKit(): string {
  const output = execFileSync(installScript, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const lines = output.trim().split("\n");
  return lines[lines.length - 1]!;
}

export async function startRealLiveKit(options: StartOptions): Promise<RealLiveKit> {
  const { binDir, workDir } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const mediaTimeout = options.mediaTimeout ?? "120s";
  const logDir = join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const children: { name: string; child: ChildProcess }[] = [];
  const killAll = () => {
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killAll);

  const run = (name: string, command: string, args: string[]) => {
    const log = createWriteStream(join(logDir, `${name}.log`));
    const child = spawn(command, args, {
      cwd: workDir,
      stdio: ["ignore", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.push({ name, child });
    return child;
  };

  const stop = async () => {
    process.removeListener("exit", killAll);
    for (const { name, child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // livekit-sip finishes its calls on SIGTERM (one whose phone is gone keeps resending BYE for
      // 32 s); SIGINT ends them and stops at once.
      child.kill(name === "livekit-sip" ? "SIGINT" : "SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    // Ports below the kernel's ephemeral range, where nothing bound to port 0 (a DNS lookup, the
    // SIP participants' WebRTC) takes them meanwhile; the phones (sipp) take theirs from another
    // range (sipp.ts).
    const [from, to] = LIVEKIT_PORTS;
    const redisPort = await freeUdpPortIn(from, to, { alsoTcp: true });
    const httpPort = await freeUdpPortIn(from, to, { alsoTcp: true });
    const rtcUdpPort = await freeUdpPortIn(from, to);
    const sipPort = await freeUdpPortIn(from, to, { alsoTcp: true });
    const rtpStart = await freeUdpPortIn(from, to, { count: 101 });
    const apiKey = "devkey";
    const apiSecret = "secret";

    const redis = run("redis", "redis-server", [
      "--port",
      String(redisPort),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
    ]);
    await waitFor("redis", redis, readyTimeoutMs, () => redisAnswersPing(redisPort));

    writeFileSync(
      join(workDir, "livekit.yaml"),
      [
        `port: ${httpPort}`,
        "bind_addresses: [127.0.0.1]",
        "rtc:",
        // No ICE over TCP: its listener would bind every interface; UDP stays on 127.0.0.1.
        "  tcp_port: 0",
        `  udp_port: ${rtcUdpPort}`,
        "  node_ip: 127.0.0.1",
        "  use_external_ip: false",
        "  enable_loopback_candidate: true",
        "  interfaces:",
        "    includes: [lo]",
        // A warm transfer mutes the caller while on hold and unmutes them after: LiveKit refuses
        // to unmute another participant's track unless this is on (docs/configuration.md).
        "room:",
        "  enable_remote_unmute: true",
        "logging:",
        "  level: debug",
        "",
      ].join("\n"),
    );
    const livekit = run("livekit-server", join(binDir, "livekit-server"), [
      "--dev",
      "--config",
      "livekit.yaml",
      "--redis-host",
      `127.0.0.1:${redisPort}`,
    ]);
    const url = `http://127.0.0.1:${httpPort}`;
    await waitFor("livekit-server", livekit, readyTimeoutMs, () => httpOk(url));

    writeFileSync(
      join(workDir, "sip.yaml"),
      [
        `api_key: ${apiKey}`,
        `api_secret: ${apiSecret}`,
        `ws_url: ws://127.0.0.1:${httpPort}`,
        "redis:",
        `  address: 127.0.0.1:${redisPort}`,
        `sip_port: ${sipPort}`,
        `rtp_port: ${rtpStart}-${rtpStart + 100}`,
        // No health_port: livekit-sip binds it on every interface. Readiness comes from its log
        // and its SIP port instead.
        // Loopback only: auto-detection skips loopback, and use_external_ip would ask a STUN server.
        "nat_1_to_1_ip: 127.0.0.1",
        "listen_ip: 127.0.0.1",
        // sipp sends no RTP; keep the calls up for as long as they are needed.
        `media_timeout: ${mediaTimeout}`,
        `media_timeout_initial: ${mediaTimeout}`,
        "logging:",
        "  level: debug",
        "",
      ].join("\n"),
    );
    const sip = run("livekit-sip", join(binDir, "livekit-sip"), ["--config", "sip.yaml"]);
    await waitFor(
      "livekit-sip",
      sip,
      readyTimeoutMs,
      async () =>
        readFileSync(join(logDir, "livekit-sip.log"), "utf8").includes("service ready") && (await tcpOpen(sipPort)),
    );

    return {
      url,
      apiKey,
      apiSecret,
      sipHost: "127.0.0.1",
      sipPort,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      logDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitFor(name: string, child: ChildProcess, timeoutMs: number, ready: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} before it was ready (see its log)`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms`);
}

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await response.body?.cancel();
  return response.ok;
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
