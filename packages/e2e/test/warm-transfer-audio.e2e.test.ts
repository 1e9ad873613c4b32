import type { WarmTransferRequest } from "@sip-transfer/client";
import { TrackSource } from "livekit-server-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type SippCall,
  type SupervisorScenario,
  type ToneEndpoint,
  startSipp,
  startSupervisorPhone,
  startToneEndpoint,
} from "../src/index.js";
import { livekitClients, real, startOurServer, waitUntil } from "./harness.js";

// Issue 21 (warm transfer): who hears whom, measured on the real livekit-server and livekit-sip.
// Each party says a tone (caller 440 Hz, supervisor 660 Hz, agent 1000 Hz) and each party's RTP is
// analysed in 200 ms windows. The first test checks the mechanism through LiveKit's API alone
// (docs/design/warm-transfer.md, questions 1-3 and 8); the others drive our API, as a user does.

const CALLER = 440;
const SUPERVISOR = 660;
const AGENT = 1000;
const TONES = [CALLER, SUPERVISOR, AGENT];
/** A tone at this amplitude or above is heard (the tones are sent at 0.3 of full scale). */
const HEARD = 0.05;
/** A tone below this is absent. */
const ABSENT = 0.01;

describe("who hears whom during a warm transfer (real LiveKit, tones)", () => {
  const { rooms, sip } = livekitClients();
  const room = "e2e-warm-audio";
  let inboundTrunk = "";
  let rule = "";
  const outboundTrunks: string[] = [];
  let calls: { kill(): void }[] = [];
  let endpoints: ToneEndpoint[] = [];
  let users = 0;

  beforeAll(async () => {
    const trunk = await sip.createSipInboundTrunk("e2e warm audio", [], { allowedAddresses: ["127.0.0.1/32"] });
    inboundTrunk = trunk.sipTrunkId;
    rule = (
      await sip.createSipDispatchRule(
        { type: "direct", roomName: room },
        { trunkIds: [inboundTrunk], name: "e2e warm audio" },
      )
    ).sipDispatchRuleId;
  });
  afterEach(async () => {
    for (const call of calls) call.kill();
    for (const endpoint of endpoints) endpoint.close();
    calls = [];
    endpoints = [];
    await rooms.deleteRoom(room).catch(() => {});
  });
  afterAll(async () => {
    for (const id of outboundTrunks) await sip.deleteSipTrunk(id).catch(() => {});
    if (rule) await sip.deleteSipDispatchRule(rule).catch(() => {});
    if (inboundTrunk) await sip.deleteSipTrunk(inboundTrunk).catch(() => {});
  });

  /** A phone calling into the room and saying `tone`; resolves once its call is up. */
  async function callIn(tone: number): Promise<{ identity: string; ears: ToneEndpoint; call: SippCall }> {
    users += 1;
    const user = `+1555010${String(1000 + users)}`;
    const ears = await startToneEndpoint(tone);
    endpoints.push(ears);
    const call = await startSipp({
      scenario: "companion",
      target: { host: real().sipHost, port: real().sipPort },
      user,
      rtpPort: ears.port,
      holdMs: 120_000,
      timeoutS: 150,
      workDir: real().workDir,
    });
    calls.push(call);
    return { identity: call.identity, ears, call };
  }

  /** The caller and the agent, both in the room and talking. */
  async function callerAndAgent() {
    const [caller, agent] = await Promise.all([callIn(CALLER), callIn(AGENT)]);
    for (const party of [caller, agent]) {
      await waitUntil(`${party.identity} answered`, async () => {
        const p = await rooms.getParticipant(room, party.identity).catch(() => undefined);
        return p?.attributes["sip.callStatus"] === "active" ? p : undefined;
      });
    }
    await hearsFor(caller.ears, AGENT, "the caller hearing the agent");
    await hearsFor(agent.ears, CALLER, "the agent hearing the caller");
    return { caller, agent };
  }

  /** Waits until `ears` heard `tone` in each of the last three windows; when that began. */
  async function hearsFor(
    ears: ToneEndpoint,
    tone: number,
    what: string,
    since = performance.now(),
    timeoutMs = 15_000,
  ) {
    return waitUntil(
      what,
      async () => {
        const windows = ears.windows([tone], since);
        for (let i = 2; i < windows.length; i += 1) {
          if ([0, 1, 2].every((k) => windows[i - k]!.levels[tone]! >= HEARD)) return windows[i - 2]!.at - 200;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** The loudest level of each tone `ears` received between `from` and `to`. */
  function loudest(ears: ToneEndpoint, from: number, to: number) {
    const result: Record<number, number> = {};
    for (const tone of TONES) result[tone] = Math.max(0, ...ears.windows([tone], from, to).map((w) => w.levels[tone]!));
    return result;
  }

  async function supervisorPhone(scenario: SupervisorScenario, holdMs?: number) {
    const ears = await startToneEndpoint(SUPERVISOR);
    endpoints.push(ears);
    const phone = await startSupervisorPhone({ scenario, workDir: real().workDir, rtpPort: ears.port, holdMs });
    calls.push(phone);
    const trunk = await sip.createSipOutboundTrunk(`e2e-audio-${scenario}`, phone.address, ["+15550009999"]);
    outboundTrunks.push(trunk.sipTrunkId);
    return { ears, phone, trunkId: trunk.sipTrunkId };
  }

  /** Puts the caller on hold as the service does: can_subscribe off (rest of the grant kept), track muted. */
  async function hold(identity: string) {
    const before = await rooms.getParticipant(room, identity);
    const track = before.tracks.find((t) => t.source === TrackSource.MICROPHONE || t.type === 0);
    expect(track).toBeDefined();
    await rooms.updateParticipant(room, identity, { permission: { ...before.permission!, canSubscribe: false } });
    await rooms.mutePublishedTrack(room, identity, track!.sid, true);
    return { permission: before.permission!, trackSid: track!.sid, at: performance.now() };
  }

  async function restore(identity: string, held: Awaited<ReturnType<typeof hold>>) {
    await rooms.updateParticipant(room, identity, { permission: held.permission });
    await rooms.mutePublishedTrack(room, identity, held.trackSid, false);
    return performance.now();
  }

  /** Our server, dialling supervisors through `trunkId`. */
  async function ourServer(trunkId: string) {
    const server = await startOurServer({ SIP_OUTBOUND_TRUNK_ID: trunkId });
    calls.push({ kill: () => void server.close() });
    return server;
  }

  /**
   * Caller and agent in the room, a supervisor's phone answering as `scenario` behind our server's
   * trunk, and a warm transfer of the caller started through our API (`request` adds to its body).
   */
  async function warmTransferTo(
    scenario: SupervisorScenario,
    options: { holdMs?: number; request?: (agent: { identity: string }) => Partial<WarmTransferRequest> } = {},
  ) {
    const { caller, agent } = await callerAndAgent();
    const { ears: supervisor, trunkId, phone } = await supervisorPhone(scenario, options.holdMs);
    const client = (await ourServer(trunkId)).client();
    const started = await client.warmTransfer({
      room_name: room,
      participant_identity: caller.identity,
      transfer_to: "+15551230000",
      ...options.request?.(agent),
    });
    return { caller, agent, supervisor, phone, client, started, id: started.warm_transfer_id };
  }

  /** Waits until a consult is under way: agent and supervisor hear each other. */
  async function consulting(agent: ToneEndpoint, supervisor: ToneEndpoint) {
    const since = await hearsFor(supervisor, AGENT, "the supervisor hearing the agent");
    await hearsFor(agent, SUPERVISOR, "the agent hearing the supervisor");
    return since;
  }

  it("our API, complete: during the consult the caller hears nothing and is not heard; after it caller and supervisor talk and the agent is gone", async () => {
    const { caller, agent, supervisor, phone, client, started } = await warmTransferTo("supervisor-answer", {
      request: (a) => ({ agent_identity: a.identity }),
    });
    const heldAt = performance.now();
    expect(started).toMatchObject({ status: "dialing", transfer_to: "tel:+15551230000" });
    expect((await client.waitForWarmTransfer(started.warm_transfer_id, { timeoutMs: 20_000 })).status).toBe(
      "consulting",
    );
    const since = await consulting(agent.ears, supervisor);
    const consultEnd = performance.now();
    const callerHeard = loudest(caller.ears, heldAt + 400, consultEnd);
    expect(callerHeard[AGENT]).toBeLessThan(ABSENT);
    expect(callerHeard[SUPERVISOR]).toBeLessThan(ABSENT);
    // Nothing at all, at any frequency: no ringback, no comfort noise, digital silence.
    expect(caller.ears.loudestRms(heldAt + 400, consultEnd)).toBeLessThan(ABSENT);
    expect(loudest(supervisor, since, consultEnd)[CALLER]).toBeLessThan(ABSENT);
    expect(loudest(agent.ears, heldAt + 400, consultEnd)[CALLER]).toBeLessThan(ABSENT);

    const completed = await client.completeWarmTransfer(started.warm_transfer_id);
    const at = performance.now();
    expect(completed).toMatchObject({ status: "completed", agent_identity: agent.identity });
    await hearsFor(caller.ears, SUPERVISOR, "the caller hearing the supervisor", at, 2000);
    await hearsFor(supervisor, CALLER, "the supervisor hearing the caller", at, 2000);
    // The agent was removed: its phone got BYE, and the caller no longer hears it.
    await waitUntil("the agent's phone getting BYE", async () =>
      /^BYE /m.test(agent.call.messages()) ? true : undefined,
    );
    const after = performance.now();
    await hearsFor(caller.ears, SUPERVISOR, "the caller still hearing the supervisor", after, 3000);
    expect(loudest(caller.ears, after, performance.now())[AGENT]).toBeLessThan(ABSENT);
    expect(phone.messages()).not.toMatch(/^BYE /m);
  }, 90_000);

  it("our API, cancel during the consult: the supervisor's phone gets BYE and the caller hears the agent again", async () => {
    const { caller, agent, supervisor, phone, client, id } = await warmTransferTo("supervisor-answer");
    await client.waitForWarmTransfer(id, { timeoutMs: 20_000 });
    await consulting(agent.ears, supervisor);
    expect(await client.cancelWarmTransfer(id)).toMatchObject({ status: "cancelled" });
    const at = performance.now();
    await hearsFor(caller.ears, AGENT, "the caller hearing the agent again", at, 2000);
    await hearsFor(agent.ears, CALLER, "the agent hearing the caller again", at, 2000);
    const ended = await phone.exited;
    expect(ended.messages).toMatch(/^BYE /m);
    expect(ended.code).toBe(0);
  }, 90_000);

  it.each([
    ["supervisor-busy", "busy", 486],
    ["supervisor-decline", "declined", 603],
  ] as const)(
    "our API, %s: the record says failed/%s (%i) and the caller hears the agent again",
    async (scenario, reason, sipStatusCode) => {
      const { caller, agent, client, id } = await warmTransferTo(scenario);
      const failed = await client.waitForWarmTransfer(id, { timeoutMs: 20_000, until: "ended" });
      const at = performance.now();
      expect(failed).toMatchObject({
        status: "failed",
        error: { code: "WARM_TRANSFER_FAILED", reason, sip_status_code: sipStatusCode },
      });
      await hearsFor(caller.ears, AGENT, "the caller hearing the agent again", at, 2000);
      await hearsFor(agent.ears, CALLER, "the agent hearing the caller again", at, 2000);
    },
    90_000,
  );

  it("our API, the supervisor hangs up mid-consult: the watch restores the caller, the record says supervisor_left", async () => {
    const { caller, agent, supervisor, client, id } = await warmTransferTo("supervisor-answer-hangup", {
      holdMs: 3000,
    });
    await client.waitForWarmTransfer(id, { timeoutMs: 20_000 });
    await consulting(agent.ears, supervisor);
    const failed = await client.waitForWarmTransfer(id, { timeoutMs: 20_000, until: "ended", intervalMs: 100 });
    const at = performance.now();
    expect(failed).toMatchObject({ status: "failed", error: { reason: "supervisor_left" } });
    await hearsFor(caller.ears, AGENT, "the caller hearing the agent again", at, 2000);
  }, 90_000);

  it("our API, cancel while it rings: the phone gets CANCEL, the record says cancelled, the caller is restored", async () => {
    const { caller, agent, phone, client, id } = await warmTransferTo("supervisor-ring", {
      request: () => ({ ringing_timeout: 30 }),
    });
    await waitUntil("the phone ringing", async () => (/^SIP\/2\.0 180/m.test(phone.messages()) ? true : undefined));
    expect(await client.cancelWarmTransfer(id)).toMatchObject({ status: "cancelled" });
    const at = performance.now();
    await hearsFor(caller.ears, AGENT, "the caller hearing the agent again", at, 2000);
    await hearsFor(agent.ears, CALLER, "the agent hearing the caller again", at, 2000);
    await waitUntil("the phone getting CANCEL", async () => (/^CANCEL /m.test(phone.messages()) ? true : undefined));
    // LiveKit then answers the dial as it does for "no answer": the record stays cancelled.
    await waitUntil("the leg gone from the room", async () =>
      (await rooms.listParticipants(room)).some((p) => p.identity.startsWith("consult_")) ? undefined : true,
    );
    expect(await client.getWarmTransfer(id)).toMatchObject({ status: "cancelled" });
    expect((await client.getWarmTransfer(id)).error).toBeUndefined();
  }, 90_000);

  it("our API, the caller hangs up mid-consult: the supervisor's phone gets BYE and the record says caller_left", async () => {
    const { caller, agent, supervisor, phone, client, id } = await warmTransferTo("supervisor-answer");
    await client.waitForWarmTransfer(id, { timeoutMs: 20_000 });
    await consulting(agent.ears, supervisor);
    // The caller's call ends (LiveKit hangs it up: livekit-sip sends the phone BYE).
    await rooms.removeParticipant(room, caller.identity);
    const failed = await client.waitForWarmTransfer(id, { timeoutMs: 20_000, until: "ended", intervalMs: 100 });
    expect(failed).toMatchObject({ status: "failed", error: { reason: "caller_left" } });
    const ended = await phone.exited;
    expect(ended.messages).toMatch(/^BYE /m);
    expect(ended.code).toBe(0);
  }, 90_000);

  it("our API, the server stops mid-consult: another one restores the caller at the record's deadline", async () => {
    const { caller, agent } = await callerAndAgent();
    const { ears: supervisor, trunkId, phone } = await supervisorPhone("supervisor-answer");
    // Both servers share the store (Redis); the consult may last 10 s.
    const env = { SIP_OUTBOUND_TRUNK_ID: trunkId, WARM_TRANSFER_CONSULT_TIMEOUT_S: "10" };
    const first = await startOurServer(env);
    calls.push({ kill: () => void first.close() });
    const { warm_transfer_id: id } = await first.client().warmTransfer({
      room_name: room,
      participant_identity: caller.identity,
      transfer_to: "+15551230000",
    });
    await first.client().waitForWarmTransfer(id, { timeoutMs: 20_000 });
    await consulting(agent.ears, supervisor);
    await first.close();
    const second = await startOurServer(env);
    calls.push({ kill: () => void second.close() });
    const expired = await second.client().waitForWarmTransfer(id, { timeoutMs: 30_000, until: "ended" });
    const at = performance.now();
    expect(expired).toMatchObject({ status: "failed", error: { reason: "expired" } });
    await hearsFor(caller.ears, AGENT, "the caller hearing the agent again", at, 2000);
    expect((await phone.exited).messages).toMatch(/^BYE /m);
  }, 90_000);

  it("on hold the caller hears neither agent nor supervisor and is not heard; after restore caller and supervisor hear each other", async () => {
    const { caller, agent } = await callerAndAgent();
    const held = await hold(caller.identity);
    const { ears: supervisor, trunkId } = await supervisorPhone("supervisor-answer");
    await sip.createSipParticipant(trunkId, "+15551230000", room, {
      participantIdentity: "consult_1",
      waitUntilAnswered: true,
      ringingTimeout: 10,
    });
    // The consult: agent and supervisor hear each other.
    const consultHeard = await hearsFor(supervisor, AGENT, "the supervisor hearing the agent");
    await hearsFor(agent.ears, SUPERVISOR, "the agent hearing the supervisor");
    const consultEnd = performance.now();

    // The caller hears nothing from 400 ms after the hold calls returned (audio already in flight
    // may arrive until then): not the agent, not the supervisor, no ringing; digital silence.
    const onHold = loudest(caller.ears, held.at + 400, consultEnd);
    expect(onHold[AGENT]).toBeLessThan(ABSENT);
    expect(onHold[SUPERVISOR]).toBeLessThan(ABSENT);
    // And is not heard: the supervisor hears the agent but not the caller, the agent neither the caller.
    const supervisorHeard = loudest(supervisor, consultHeard, consultEnd);
    expect(supervisorHeard[AGENT]).toBeGreaterThanOrEqual(HEARD);
    expect(supervisorHeard[CALLER]).toBeLessThan(ABSENT);
    expect(loudest(agent.ears, held.at + 400, consultEnd)[CALLER]).toBeLessThan(ABSENT);

    // Restore (what complete does): caller and supervisor hear each other within 2 s.
    const restored = await restore(caller.identity, held);
    await hearsFor(caller.ears, SUPERVISOR, "the caller hearing the supervisor", restored, 2000);
    await hearsFor(supervisor, CALLER, "the supervisor hearing the caller", restored, 2000);
    await hearsFor(caller.ears, AGENT, "the caller hearing the agent again", restored, 2000);
    // The permission round trip changed nothing else, and the caller's call is still up.
    const after = await rooms.getParticipant(room, caller.identity);
    expect(after.permission).toEqual(held.permission);
    expect(after.attributes["sip.callStatus"]).toBe("active");
    expect(after.tracks.find((t) => t.sid === held.trackSid)?.muted).toBe(false);
  }, 90_000);
});
