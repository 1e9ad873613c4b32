import { type RealLiveKit, type SippCall, startSipp } from "@sip-transfer/e2e";
import { RoomServiceClient, SipClient } from "livekit-server-sdk";
import { poll, within } from "./wait.js";

/**
 * Real calls into a LiveKit room: an inbound trunk and a direct dispatch rule send every call from
 * sipp (the phones) to livekit-sip into one room, whose metadata names the tenant that may transfer
 * in it.
 */
export function livekitClients(stack: RealLiveKit) {
  const options = { failover: false, requestTimeout: 10 };
  return {
    rooms: new RoomServiceClient(stack.url, stack.apiKey, stack.apiSecret, options),
    sip: new SipClient(stack.url, stack.apiKey, stack.apiSecret, options),
  };
}

export type LiveKitClients = ReturnType<typeof livekitClients>;

/**
 * Creates the room with metadata `{"auth_id": tenant}` (the server lets a tenant transfer only in
 * rooms whose metadata names it), or sets that metadata on the room when it exists.
 */
export async function ensureTenantRoom({ rooms }: LiveKitClients, room: string, tenant: string): Promise<void> {
  await rooms.createRoom({ name: room, metadata: JSON.stringify({ auth_id: tenant }) });
}

export interface PhoneCall {
  /** The caller's phone number (From) and its participant identity in the room. */
  number: string;
  identity: string;
  /** The phone that waits for a REFER (sipp's accept-refer scenario). */
  caller: SippCall;
  /** The second phone in the room: livekit-sip answers a call once the room has company. */
  companionNumber: string;
  companion: SippCall;
  /** From dialling until LiveKit said the call was active (ms). */
  answeredAfterMs: number;
  /** Ends both phones' calls and takes their participants out of the room. */
  hangUp(): Promise<void>;
}

export interface DialOptions {
  stack: RealLiveKit;
  clients: LiveKitClients;
  room: string;
  /** Makes the numbers of the call: +1555000<1000+n> calls, +1555900<1000+n> keeps it company. */
  n: number;
  /** How long the caller waits for a REFER (ms). */
  referTimeoutMs: number;
  /** Folder for sipp's scenario copies and message logs. */
  workDir: string;
  signal: AbortSignal;
}

/**
 * Dials a caller that waits for a REFER (and accepts it: 202, then NOTIFY `SIP/2.0 200 OK`) and a
 * companion into the room, and resolves once LiveKit says the caller's call is active.
 */
export async function dialIn(options: DialOptions): Promise<PhoneCall> {
  const { stack, clients, room, n, referTimeoutMs, workDir, signal } = options;
  const target = { host: stack.sipHost, port: stack.sipPort };
  const number = `+1555000${1000 + n}`;
  const companionNumber = `+1555900${1000 + n}`;
  // sipp's own timeout ends a phone that is still up well after the caller stopped waiting.
  const timeoutS = Math.ceil(referTimeoutMs / 1000) + 60;
  const started = Date.now();
  const caller = await startSipp({
    scenario: "accept-refer",
    target,
    user: number,
    keys: { notify_status: "200 OK" },
    referTimeoutMs,
    timeoutS,
    detached: true,
    workDir,
  });
  const companion = await startSipp({
    scenario: "companion",
    target,
    user: companionNumber,
    holdMs: referTimeoutMs + 30_000,
    timeoutS,
    detached: true,
    workDir,
  }).catch((error: unknown) => {
    caller.kill();
    throw error;
  });
  const hangUp = () =>
    Promise.all(
      [caller, companion].map(async (phone) => {
        // LiveKit says BYE to a phone still up and sipp answers it, so livekit-sip keeps no call
        // that it would finish before stopping; a phone that does not hang up then is killed.
        await clients.rooms.removeParticipant(room, phone.identity).catch(() => {});
        await within(3000, "", new AbortController().signal, [phone.exited]).catch(() => phone.kill());
        await phone.exited;
      }),
    ).then(() => {});
  // Stops the polling once the wait is over, whichever way.
  const waited = new AbortController();
  try {
    await within(30_000, `LiveKit did not answer the call from ${number} within 30 s`, signal, [
      poll(31_000, "", AbortSignal.any([signal, waited.signal]), async () => {
        const participant = await clients.rooms.getParticipant(room, caller.identity).catch(() => undefined);
        return participant?.attributes["sip.callStatus"] === "active" ? participant : undefined;
      }),
      caller.exited.then(({ code, errors }) =>
        Promise.reject(
          new Error(`the phone (sipp) hung up before LiveKit answered (exit ${code}): ${sippReason(errors)}`),
        ),
      ),
    ]);
  } catch (error) {
    await hangUp();
    throw error;
  } finally {
    waited.abort();
  }
  return {
    number,
    identity: caller.identity,
    caller,
    companionNumber,
    companion,
    answeredAfterMs: Date.now() - started,
    hangUp,
  };
}

/** The line of sipp's error log and output that says why a call failed, not its statistics screen. */
export function sippReason(errors: string): string {
  const lines = errors
    .split("\n")
    .map((line) => line.replace(/^[\d-]+\s+[\d:.]+\s+[\d.]+:\s*/, "").trim())
    .filter((line) => line !== "");
  const reason = lines.find((line) => /abort|error|fail|timeout|unexpected|refused/i.test(line) && !/^\|/.test(line));
  return (reason ?? lines[0] ?? "no reason logged").slice(0, 300);
}
