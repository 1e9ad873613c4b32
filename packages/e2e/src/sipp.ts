import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freeUdpPortIn } from "@sip-transfer/testkit";
import { SIPP_PORTS } from "./real-livekit.js";

export type Scenario = "accept-refer" | "decline-refer" | "companion";
/** The supervisor's phone of a warm transfer (a UAS livekit-sip dials): how it answers. */
export type SupervisorScenario =
  "supervisor-answer" | "supervisor-answer-hangup" | "supervisor-busy" | "supervisor-decline" | "supervisor-ring";

export interface SippOptions {
  scenario: Scenario;
  /** livekit-sip's address. */
  target: { host: string; port: number };
  /** The user part of From: LiveKit names the participant `sip_<user>`. */
  user: string;
  /** Extra `-key name value` pairs for the scenario. */
  keys?: Record<string, string>;
  /** Where the phone's SDP sends its audio (a tone endpoint's port; default: sipp's own echo port). */
  rtpPort?: number;
  /** For `companion`: how long to stay on the call after it is answered (ms). */
  holdMs?: number;
  /** For `accept-refer` and `decline-refer`: how long to wait for the REFER (ms; default 60 000). */
  referTimeoutMs?: number;
  /** sipp's global timeout (s; default 90): the call fails and sipp exits after it. */
  timeoutS?: number;
  /**
   * Runs sipp in a session of its own, out of reach of a Ctrl-C in the terminal, so the caller
   * can hang the call up in order (`pnpm demo`); it is killed when this process exits.
   */
  detached?: boolean;
  workDir: string;
}

export interface SippCall {
  identity: string;
  /** Resolves when sipp exits: its exit code (0: the scenario passed) and what it logged. */
  exited: Promise<{ code: number | null; messages: string; errors: string }>;
  /** The SIP messages sipp sent and received so far. */
  messages(): string;
  kill(): void;
}

const scenarioFile = (name: Scenario | SupervisorScenario) =>
  fileURLToPath(new URL(`../sipp/${name}.xml`, import.meta.url));

/** Runs one sipp call (one scenario, one call) against livekit-sip on loopback. */
export async function startSipp(options: SippOptions): Promise<SippCall> {
  // Outside the ephemeral range (see freeUdpPortIn): a phone that cannot bind its port never calls.
  // sipp echoes RTP on the media port and the port + 2: keep four free.
  const signalling = await freeUdpPortIn(...SIPP_PORTS);
  const media = await freeUdpPortIn(...SIPP_PORTS, { count: 4 });
  const base = join(options.workDir, `sipp-${options.scenario}-${options.user.replace(/\W/g, "")}-${signalling}`);
  const messageFile = `${base}.messages.log`;
  const errorFile = `${base}.errors.log`;
  // sipp reads a <recv>'s timeout from the scenario only (keywords are not expanded there).
  let scenario = scenarioFile(options.scenario);
  if (options.referTimeoutMs !== undefined) {
    const text = readFileSync(scenario, "latin1");
    const referWait = /<recv request="REFER" timeout="\d+"/;
    if (!referWait.test(text)) throw new Error(`sipp scenario ${options.scenario} does not wait for a REFER`);
    scenario = `${base}.scenario.xml`;
    writeFileSync(
      scenario,
      text.replace(referWait, `<recv request="REFER" timeout="${options.referTimeoutMs}"`),
      "latin1",
    );
  }
  const args = [
    `${options.target.host}:${options.target.port}`,
    "-sf",
    scenario,
    "-s",
    "15559990000",
    ...phoneArgs({
      signalling,
      media,
      messageFile,
      errorFile,
      keys: { user: options.user, rtp_port: String(options.rtpPort ?? media), ...options.keys },
      holdMs: options.holdMs,
      timeoutS: options.timeoutS,
    }),
  ];
  // A phone in a session of its own outlives this process unless killed when it exits (a crash, a
  // second Ctrl-C) — even before the caller has it in hand.
  const detached = options.detached ?? false;
  const { exited, messages, kill } = runSipp(args, messageFile, errorFile, { detached, killOnExit: detached });
  return { identity: `sip_${options.user}`, exited, messages, kill };
}

/** What every phone passes sipp: its keywords, loopback ports, one call, its pause and timeout, and its logs. */
function phoneArgs(phone: {
  signalling: number;
  media: number;
  messageFile: string;
  errorFile: string;
  keys: Record<string, string>;
  /** `-d`: how long a `<pause/>` lasts (ms; default 0). */
  holdMs: number | undefined;
  /** sipp's global timeout (s; default 90). */
  timeoutS: number | undefined;
}): string[] {
  return [
    ...Object.entries(phone.keys).flatMap(([name, value]) => ["-key", name, value]),
    "-i",
    "127.0.0.1",
    "-p",
    String(phone.signalling),
    "-mi",
    "127.0.0.1",
    "-mp",
    String(phone.media),
    "-m",
    "1",
    "-d",
    String(phone.holdMs ?? 0),
    "-timeout",
    `${phone.timeoutS ?? 90}s`,
    "-timeout_error",
    "-nostdin",
    "-trace_msg",
    "-message_file",
    phone.messageFile,
    "-trace_err",
    "-error_file",
    phone.errorFile,
  ];
}

/**
 * Runs sipp with `args`; its SIP messages and errors are read from the files `args` names.
 * `killOnExit`: killed when this process exits, if still running.
 */
function runSipp(
  args: string[],
  messageFile: string,
  errorFile: string,
  { detached, killOnExit }: { detached: boolean; killOnExit: boolean },
) {
  const child: ChildProcess = spawn("sipp", args, { stdio: ["ignore", "pipe", "pipe"], detached });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const read = (file: string) => (existsSync(file) ? readFileSync(file, "latin1") : "");
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  if (killOnExit) process.once("exit", kill);
  const exited = new Promise<{ code: number | null; messages: string; errors: string }>((resolve) => {
    child.once("exit", (code) => {
      process.removeListener("exit", kill);
      resolve({ code, messages: read(messageFile), errors: `${read(errorFile)}${output.slice(-2000)}` });
    });
  });
  return { exited, messages: () => read(messageFile), kill };
}

/** The first SIP message in a sipp message log whose first line starts with `startLine`. */
export function sipMessage(log: string, startLine: string): string | undefined {
  const blocks = log.split(/^-{10,}.*$/m);
  for (const block of blocks) {
    const body = block.replace(/^\s*(UDP|TCP) message (sent|received)[^\n]*\n+/m, "");
    if (body.trimStart().startsWith(startLine)) return body.trim();
  }
  return undefined;
}

export interface SupervisorPhone {
  /** Where it listens, as an outbound trunk's address: `127.0.0.1:<port>`. */
  address: string;
  /** Resolves when sipp exits: its exit code (0: the scenario passed) and what it logged. */
  exited: Promise<{ code: number | null; messages: string; errors: string }>;
  /** The SIP messages sipp sent and received so far. */
  messages(): string;
  kill(): void;
}

/**
 * A phone that waits for one call (sipp as a UAS on loopback) and answers it as `scenario` says:
 * the supervisor a warm transfer dials through an outbound trunk.
 */
export async function startSupervisorPhone(options: {
  scenario: SupervisorScenario;
  workDir: string;
  /** sipp's global timeout (s; default 90): the call fails and sipp exits after it. */
  timeoutS?: number;
  /** Where the phone's SDP sends its audio (a tone endpoint's port; default: sipp's own echo port). */
  rtpPort?: number;
  /** For `supervisor-answer-hangup`: how long to stay on the call before hanging up (ms). */
  holdMs?: number;
}): Promise<SupervisorPhone> {
  const signalling = await freeUdpPortIn(...SIPP_PORTS);
  const media = await freeUdpPortIn(...SIPP_PORTS, { count: 4 });
  const base = join(options.workDir, `sipp-${options.scenario}-${signalling}`);
  const messageFile = `${base}.messages.log`;
  const errorFile = `${base}.errors.log`;
  const args = [
    "-sf",
    scenarioFile(options.scenario),
    ...phoneArgs({
      signalling,
      media,
      messageFile,
      errorFile,
      keys: { rtp_port: String(options.rtpPort ?? media) },
      holdMs: options.holdMs,
      timeoutS: options.timeoutS,
    }),
  ];
  const { exited, messages, kill } = runSipp(args, messageFile, errorFile, { detached: false, killOnExit: true });
  return { address: `127.0.0.1:${signalling}`, exited, messages, kill };
}
