// `pnpm demo`: the real stack on loopback, our server with a demo tenant, and a real transfer, told
// step by step. See USAGE.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { type SipTransferClient, type Transfer, createSipTransferClient } from "@sip-transfer/client";
import { type RealLiveKit, sipMessage, startRealLiveKit } from "@sip-transfer/e2e";
import { cliCommand, curlCommand, referLines } from "./commands.js";
import { installRealStack } from "./install.js";
import { type OurServer, serverMain, startOurServer } from "./our-server.js";
import { blank, elapsed, quote, say } from "./output.js";
import {
  type LiveKitClients,
  type PhoneCall,
  dialIn,
  ensureTenantRoom,
  livekitClients,
  sippReason,
} from "./phone-calls.js";
import { poll, within } from "./wait.js";
import { startWebhookReceiver } from "./webhook-receiver.js";

const USAGE = `pnpm demo [--once] [--keep-logs]

Starts the real stack on loopback (Redis, livekit-server --dev, livekit-sip, and sipp as the
caller's phone), our server with a demo tenant and a local signed-webhook receiver, places a call
into call-room-123, transfers it with the typed client (@sip-transfer/client), and tells what
happened: the REFER the phone received, the record going initiated → completed, the webhook
received and verified. Then it keeps a fresh caller waiting to be transferred, with a ready-made
curl and CLI command, until Ctrl-C, and stops every process it started.

  --once       exit after the first transfer: 0 when every step passed, 1 with the reason when one failed
  --keep-logs  keep the folder of configs and logs (kept anyway when a step fails)
  -h, --help   this text

The first run builds livekit-server and livekit-sip from the Go module proxy into
.cache/real-livekit (usually 2–4 minutes on 2 cores; needs Go ≥ 1.26, a C toolchain, and root or
sudo for apt-get to install Redis and sipp); later runs reuse them.`;

const ROOM = "call-room-123";
const TENANT = "demo";
/** The demo's phone accepts a REFER to this number (packages/e2e/sipp/accept-refer.xml). */
const TRANSFER_TO = "+15551234567";
const STEPS = 7;
/** --once: how long the first caller waits for its REFER. */
const FIRST_CALLER_WAIT_MS = 60_000;
/** Keep-running: how long a caller waits to be transferred before a fresh one replaces it. */
const WAITING_CALLER_MS = 10 * 60_000;

class Stopped extends Error {
  constructor(readonly signal: string) {
    super(`stopped by ${signal}`);
  }
}

const stopping = new AbortController();
const signal = stopping.signal;

/** What to undo, in reverse order of doing it. */
const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
/** Every call still up, hung up when the demo stops. */
const calls = new Set<PhoneCall>();
let current: { n: number; title: string } | undefined;
/** Set once the first transfer is told and the demo keeps running: a stop is then the normal end. */
let running = false;
let workDir: string | undefined;

function step(n: number, title: string, ...more: string[]) {
  current = { n, title };
  say(`${n}/${STEPS} ${title}…`, ...more);
}

function checkStopped() {
  if (signal.aborted) throw signal.reason;
}

async function demo(once: boolean) {
  const startedAt = Date.now();

  step(
    1,
    "Installing the real stack",
    "Redis and sipp from Debian; livekit-server and livekit-sip built from the Go module proxy (the first run",
    "builds them: usually 2–4 minutes on 2 cores with empty Go caches; later runs reuse .cache/real-livekit).",
  );
  const installStartedAt = Date.now();
  const binDir = await installRealStack(signal);
  say(`  Ready in ${elapsed(installStartedAt)}: ${relative(process.cwd(), binDir) || binDir}`);

  step(2, "Starting Redis, livekit-server --dev and livekit-sip on loopback (free ports)");
  workDir = mkdtempSync(join(tmpdir(), "sip-transfer-demo-"));
  const stack = await startRealLiveKit({
    binDir,
    workDir,
    // sipp's phones send no RTP: livekit-sip would drop a waiting caller after its media timeout.
    mediaTimeout: `${Math.ceil((once ? FIRST_CALLER_WAIT_MS : WAITING_CALLER_MS) / 1000) + 120}s`,
    detached: true,
  });
  cleanups.push({ what: "stop Redis, livekit-server and livekit-sip", run: () => stack.stop() });
  checkStopped();
  say(
    `  livekit-server ${stack.url} (API key ${stack.apiKey}), livekit-sip on 127.0.0.1:${stack.sipPort} (UDP and TCP),`,
    `Redis ${stack.redisUrl}; their logs: ${stack.logDir}`,
  );

  step(3, "Starting a webhook receiver and our server with a demo tenant");
  const apiKey = `demo_${randomBytes(24).toString("base64url")}`;
  const webhookSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const receiver = await startWebhookReceiver(webhookSecret);
  cleanups.push({ what: "close the webhook receiver", run: () => receiver.close() });
  const server = await startOurServer(
    {
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LIVEKIT_URL: stack.url,
      LIVEKIT_API_KEY: stack.apiKey,
      LIVEKIT_API_SECRET: stack.apiSecret,
      // Our records in the Redis LiveKit uses, in a database of their own.
      STORE_URL: `${stack.redisUrl}/7`,
      AUTH_API_SECRETS_JSON: JSON.stringify([
        { id: TENANT, secret: apiKey, webhook_url: receiver.url, webhook_secret: webhookSecret },
      ]),
      // Answer at once with `initiated`: the record then goes to `completed` when LiveKit says so.
      TRANSFER_WAIT_MS: "0",
      SHUTDOWN_GRACE_MS: "5000",
    },
    join(workDir, "sip-transfer.log"),
    signal,
  );
  cleanups.push({ what: "stop our server", run: () => server.stop() });
  say(
    `  Our server (node ${relative(process.cwd(), serverMain)}) listens on ${server.url}; GET /ready answers 200.`,
    `Tenant "${TENANT}" with a fresh API key; records in ${stack.redisUrl}/7; TRANSFER_WAIT_MS=0, so a transfer`,
    `answers "initiated" at once and is followed to its end. Its log: ${server.logFile}`,
    `The tenant's webhooks go to ${receiver.url}, signed with a fresh whsec_ secret; the receiver`,
    `checks each signature with verifyWebhook from @sip-transfer/client.`,
  );

  step(4, `Preparing LiveKit: an inbound SIP trunk, a dispatch rule and the room ${ROOM}`);
  const clients = livekitClients(stack);
  const trunk = await clients.sip.createSipInboundTrunk("sip-transfer demo", [], {
    allowedAddresses: ["127.0.0.1/32"],
  });
  cleanups.push({ what: "delete the SIP trunk", run: () => clients.sip.deleteSipTrunk(trunk.sipTrunkId) });
  const rule = await clients.sip.createSipDispatchRule(
    { type: "direct", roomName: ROOM },
    { trunkIds: [trunk.sipTrunkId], name: "sip-transfer demo" },
  );
  cleanups.push({
    what: "delete the dispatch rule",
    run: () => clients.sip.deleteSipDispatchRule(rule.sipDispatchRuleId),
  });
  await ensureTenantRoom(clients, ROOM, TENANT);
  cleanups.push({ what: `delete the room ${ROOM}`, run: () => clients.rooms.deleteRoom(ROOM) });
  cleanups.push({ what: "hang up the phones", run: hangUpAll });
  say(
    `  Trunk ${trunk.sipTrunkId} takes calls from 127.0.0.1; rule ${rule.sipDispatchRuleId} sends each one into ${ROOM};`,
    `the room's metadata is {"auth_id":"${TENANT}"}: a tenant may transfer calls only in rooms that name it.`,
  );

  step(5, `Placing a call into ${ROOM}: sipp, as the caller's phone, dials livekit-sip`);
  const call = await dial(stack, clients, 1, once ? FIRST_CALLER_WAIT_MS : WAITING_CALLER_MS);
  say(
    `  Placed a call from ${call.number} into ${ROOM} (participant ${call.identity}, kind SIP), answered after ${(call.answeredAfterMs / 1000).toFixed(1)} s.`,
    `A second phone, ${call.companionNumber}, keeps it company: livekit-sip answers once the room has someone else.`,
  );

  step(6, `Transferring ${call.identity} to ${TRANSFER_TO} with the typed client`);
  const client = createSipTransferClient({ baseUrl: server.url, token: apiKey });
  const answer = await client.transfer({
    room_name: ROOM,
    participant_identity: call.identity,
    transfer_to: TRANSFER_TO,
  });
  const answeredAt = Date.now();
  say(`  Transfer answered 200: ${answer.status} (${answer.transfer_id}), transfer_to ${answer.transfer_to}`);
  const { record, seen } = await followRecord(client, answer.transfer_id, answer.status);
  say(`  Record: ${seen.join(" → ")} (ended ${elapsed(answeredAt)} after the answer)`);
  if (record.status !== "completed")
    throw new Error(`the transfer ended ${record.status}${record.error ? `: ${JSON.stringify(record.error)}` : ""}`);
  const phone = await within(15_000, "the phone's call did not end within 15 s of the transfer", signal, [
    call.caller.exited,
  ]);
  const refer = sipMessage(phone.messages, "REFER ");
  if (!refer)
    throw new Error(`the phone's message log has no REFER (sipp exit ${phone.code}): ${sippReason(phone.errors)}`);
  say("  The phone received this REFER (from sipp's message log):");
  quote(referLines(refer), "            ");
  if (!/^Refer-To: *<?tel:\+15551234567>? *$/m.test(refer))
    throw new Error(`the REFER's Refer-To is not tel:${TRANSFER_TO}`);
  if (phone.code !== 0)
    throw new Error(`the phone's scenario failed (sipp exit ${phone.code}): ${sippReason(phone.errors)}`);
  say("  It answered 202 Accepted and a NOTIFY with SIP/2.0 200 OK; LiveKit then hung up its call.");
  calls.delete(call);
  await call.hangUp();

  step(7, "Checking the signed webhook");
  const hook = await receiver.waitForTransfer(answer.transfer_id, 30_000, signal);
  if (hook.event.type !== "transfer.completed") throw new Error(`expected transfer.completed, got ${hook.event.type}`);
  say(
    `  Webhook ${hook.event.type} received and its signature verified (webhook-id ${hook.webhookId}):`,
    `data.status ${hook.event.data.status}, data.transfer_id ${hook.event.data.transfer_id}`,
  );
  const delivered = await poll(15_000, "the record never said its webhook was delivered", signal, async () => {
    const latest = await client.getTransfer(answer.transfer_id);
    return latest.webhook?.status === "delivered" ? latest : undefined;
  });
  say(`  The record says: webhook ${delivered.webhook?.status} (attempts: ${delivered.webhook?.attempts}).`);

  blank();
  say(`Done: a real call was transferred by SIP REFER through sip-transfer (${elapsed(startedAt)} in all).`);
  const consoleNote = await consolePage(server);
  say(`Console: ${server.url}/console${consoleNote} — API key: ${apiKey}`);
  if (once) {
    say("(--once: they stop with the demo; `pnpm demo` keeps them running, with a caller to transfer.)");
    return;
  }

  running = true;
  receiver.onRequest((received) => {
    if ("event" in received) {
      const { type, data } = received.event;
      const id = "transfer_id" in data ? data.transfer_id : data.warm_transfer_id;
      say(
        `Webhook ${type} about ${id} (${data.participant_identity}: ${data.status}) received and its signature verified (webhook-id ${received.webhookId}).`,
      );
    } else say(`A webhook request was refused: ${received.reason}`);
  });
  const serverDied = server.exited.then((how) =>
    Promise.reject(new Error(`our server exited (${how}); see ${server.logFile}`)),
  );
  serverDied.catch(() => {}); // told when a wait below races it
  for (let n = 2; ; n += 1) {
    blank();
    current = { n: 0, title: "Dialling a caller to wait for a transfer" };
    await ensureTenantRoom(clients, ROOM, TENANT);
    const waiting = await dial(stack, clients, n, WAITING_CALLER_MS);
    const target = { serverUrl: server.url, apiKey, room: ROOM, identity: waiting.identity, transferTo: TRANSFER_TO };
    say(
      `A caller waits to be transferred: ${waiting.identity} in ${ROOM} (a call from ${waiting.number}; after`,
      `${WAITING_CALLER_MS / 60_000} minutes a fresh one takes its place). Transfer it with curl:`,
    );
    quote(curlCommand(target));
    say("or with the CLI (it waits for the outcome):");
    quote(cliCommand(target));
    say(
      `The phone accepts a transfer to ${TRANSFER_TO} only. Transfers, live: ${server.url}/console. Ctrl-C stops everything.`,
    );
    const ended = await within(WAITING_CALLER_MS + 120_000, "the waiting phone never hung up", signal, [
      waiting.caller.exited,
      serverDied,
    ]);
    checkStopped();
    const seenRefer = sipMessage(ended.messages, "REFER ");
    const referTo = seenRefer ? /^Refer-To: *(.*)$/m.exec(seenRefer)?.[1]?.trim() : undefined;
    if (seenRefer && ended.code === 0) say(`${waiting.identity} received a REFER to ${referTo} and was transferred.`);
    else if (seenRefer)
      say(`${waiting.identity} received a REFER to ${referTo}; its phone's scenario failed (sipp exit ${ended.code}).`);
    else say(`No one transferred ${waiting.identity} in ${WAITING_CALLER_MS / 60_000} minutes.`);
    calls.delete(waiting);
    await waiting.hangUp();
  }
}

async function dial(stack: RealLiveKit, clients: LiveKitClients, n: number, referTimeoutMs: number) {
  const call = await dialIn({ stack, clients, room: ROOM, n, referTimeoutMs, workDir: workDir!, signal });
  calls.add(call);
  return call;
}

// However the demo ends, no phone outlives it.
process.once("exit", () => {
  for (const call of calls) for (const phone of [call.caller, call.companion]) phone.kill();
});

/** Polls the record until it is no longer `initiated`, keeping each status it saw, in order. */
async function followRecord(client: SipTransferClient, transferId: string, answered: Transfer["status"]) {
  const seen: string[] = [answered];
  const record = await poll(60_000, `the record of ${transferId} stayed initiated for 60 s`, signal, async () => {
    const latest = await client.getTransfer(transferId);
    if (seen.at(-1) !== latest.status) seen.push(latest.status);
    return latest.status === "initiated" ? undefined : latest;
  });
  return { record, seen };
}

/** A note when this build of the server does not serve the console yet. */
async function consolePage(server: OurServer): Promise<string> {
  const response = await fetch(`${server.url}/console`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  await response?.body?.cancel();
  return response?.ok ? "" : ` (not served by this build: ${response ? `HTTP ${response.status}` : "no answer"})`;
}

async function hangUpAll() {
  const up = [...calls];
  calls.clear();
  await Promise.all(up.map((call) => call.hangUp()));
}

/** Undoes everything, last first; a step that fails is told and the rest still run. */
async function cleanUp() {
  if (cleanups.length === 0) return;
  const startedAt = Date.now();
  say(
    `Cleaning up: ${cleanups
      .map((action) => action.what)
      .reverse()
      .join(", ")}…`,
  );
  const never = new AbortController().signal;
  for (let action = cleanups.pop(); action; action = cleanups.pop()) {
    try {
      await within(20_000, "no answer within 20 s", never, [action.run()]);
    } catch (error) {
      say(`  Could not ${action.what}: ${(error as Error).message}`);
    }
  }
  say(`  Done in ${elapsed(startedAt)}.`);
}

/** Cleans up and exits; the configs and logs stay when a step failed or --keep-logs says so. */
async function finish(code: number, keepLogs: boolean) {
  await cleanUp();
  if (workDir && (code === 1 || keepLogs)) say(`Configs and logs are kept in ${workDir}`);
  else if (workDir) rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}

function failed(error: unknown) {
  const where = current ? `Step ${current.n ? `${current.n}/${STEPS} ` : ""}(${current.title}) failed` : "Failed";
  const reason = error instanceof Error ? error.message : String(error);
  say(`✗ ${where}: ${reason}`);
  if (workDir) say(`  Logs: ${workDir} (sip-transfer.log, sipp-*.log, logs/ of Redis, livekit-server, livekit-sip)`);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        once: { type: "boolean", default: false },
        "keep-logs": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const keepLogs = values["keep-logs"];

  let firstSignalAt: number | undefined;
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    process.on(name, () => {
      // A Ctrl-C reaches the demo twice: from the terminal, and forwarded by pnpm.
      if (firstSignalAt !== undefined && Date.now() - firstSignalAt < 1000) return;
      if (firstSignalAt !== undefined) {
        // The exit handlers of each part kill what is left.
        say(`${name} again: stopping now.`);
        process.exit(130);
      }
      firstSignalAt = Date.now();
      blank();
      say(`${name}: stopping every process (again to force)…`);
      stopping.abort(new Stopped(name));
    });
  }
  let unexpected = false;
  const crash = (error: unknown) => {
    if (unexpected) return;
    unexpected = true;
    failed(error);
    void finish(1, keepLogs);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);

  say(`sip-transfer demo${values.once ? " (--once: exits after the first transfer)" : ""}`);
  let code = 0;
  try {
    await demo(values.once);
  } catch (error) {
    if (signal.aborted) {
      code = running ? 0 : 130;
      if (!running) say(`Interrupted${current ? ` during step ${current.n}/${STEPS} (${current.title})` : ""}.`);
    } else {
      failed(error);
      code = 1;
    }
  }
  if (!unexpected) await finish(code, keepLogs);
}

await main();
