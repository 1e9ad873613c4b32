import { ServerError, SipCallError } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SupervisorScenario, startSupervisorPhone } from "../src/index.js";
import { livekitClients, real, waitUntil } from "./harness.js";

// Issue 21 (warm transfer), the claims about dialling the supervisor that the design rests on
// (docs/design/warm-transfer.md, "Open questions only the real stack can answer", 5, 6, 9 and 10),
// checked on the real livekit-server and livekit-sip: what CreateSIPParticipant answers when the
// supervisor's phone answers, is busy, declines or rings on; what the phone gets when the leg is
// removed while ringing and once answered; and that MoveParticipant is not there on open-source
// LiveKit. The supervisor is a sipp UAS behind an outbound trunk whose address carries its port.

interface DialOutcome {
  answered: boolean;
  error?: string;
  code?: string;
  status?: number;
  sipStatusCode?: number;
  sipStatus?: string;
  message?: string;
}

describe("dialling a supervisor through an outbound trunk (real LiveKit)", () => {
  const { rooms, sip } = livekitClients();
  const room = "e2e-warm-dial";
  const trunks: string[] = [];
  let dials = 0;

  beforeAll(async () => {
    await rooms.createRoom({ name: room, emptyTimeout: 300 });
  });
  afterAll(async () => {
    for (const id of trunks) await sip.deleteSipTrunk(id).catch(() => {});
    await rooms.deleteRoom(room).catch(() => {});
  });

  /** A supervisor phone answering as `scenario`, and an outbound trunk to it. */
  async function supervisor(scenario: SupervisorScenario) {
    const phone = await startSupervisorPhone({ scenario, workDir: real().workDir, timeoutS: 60 });
    const trunk = await sip.createSipOutboundTrunk(`e2e-${scenario}`, phone.address, ["+15550009999"]);
    trunks.push(trunk.sipTrunkId);
    return { phone, trunkId: trunk.sipTrunkId };
  }

  /** Dials `to` into the room through `trunkId`, waiting until answered; what LiveKit said. */
  async function dial(trunkId: string, ringingTimeout = 10) {
    dials += 1;
    const identity = `consult_${dials}`;
    const outcome = sip
      .createSipParticipant(trunkId, "+15551230000", room, {
        participantIdentity: identity,
        waitUntilAnswered: true,
        ringingTimeout,
      })
      .then(
        (): DialOutcome => ({ answered: true }),
        (error: unknown): DialOutcome => ({
          answered: false,
          error: error instanceof Error ? error.constructor.name : typeof error,
          ...(error instanceof ServerError
            ? {
                code: error.code,
                status: error.status,
                message: error.message,
                sipStatus: (error as SipCallError).sipStatus,
              }
            : {}),
          ...(error instanceof SipCallError ? { sipStatusCode: error.sipStatusCode } : {}),
        }),
      );
    return { identity, outcome };
  }

  it("an answering supervisor: the dial returns once answered, the leg is in the room, and removing it sends BYE", async () => {
    const { phone, trunkId } = await supervisor("supervisor-answer");
    const { identity, outcome } = await dial(trunkId);
    expect(await outcome).toEqual({ answered: true });
    const leg = await waitUntil("the supervisor's leg in the room", async () =>
      (await rooms.listParticipants(room)).find((p) => p.identity === identity),
    );
    expect(leg.kind).toBe(3); // SIP
    // The port in the trunk's address reached the phone: its INVITE was received.
    expect(phone.messages()).toMatch(/INVITE sip:\+?15551230000@127\.0\.0\.1:\d+/);
    await rooms.removeParticipant(room, identity);
    const ended = await phone.exited;
    expect(ended.messages).toMatch(/^BYE /m);
    expect(ended.code).toBe(0);
  }, 60_000);

  it.each([
    ["supervisor-busy", 486, "resource_exhausted", 429],
    ["supervisor-decline", 603, "permission_denied", 403],
  ] as const)(
    "%s: the dial fails with the SIP status %i",
    async (scenario, sipStatusCode, code, status) => {
      const { phone, trunkId } = await supervisor(scenario);
      const said = await (await dial(trunkId)).outcome;
      // 486 arrives as resource_exhausted (429), 603 as permission_denied (403), each with its SIP status.
      expect(said).toMatchObject({ answered: false, error: "SipCallError", sipStatusCode, code, status });
      expect((await phone.exited).code).toBe(0);
    },
    60_000,
  );

  it("a supervisor who never answers: the dial gives up after the ringing timeout and the phone gets CANCEL", async () => {
    const { phone, trunkId } = await supervisor("supervisor-ring");
    const started = Date.now();
    const said = await (await dial(trunkId, 3)).outcome;
    // Not a SIP status: Twirp `canceled` (408), "sip request timed out", once the ringing timeout is up.
    expect(said).toMatchObject({ answered: false, error: "ServerError", code: "canceled", status: 408 });
    expect(said.message).toMatch(/sip request timed out/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    // The phone answers the CANCEL (200) and ends the INVITE (487). livekit-sip v1.8.0 sends no ACK
    // for that 487 (its INVITE transaction is already gone), so the scenario ends on a timeout.
    const ended = await phone.exited;
    expect(ended.messages).toMatch(/^CANCEL /m);
    expect(ended.messages).toMatch(/^SIP\/2\.0 487 /m);
  }, 60_000);

  it("removing a ringing leg sends CANCEL, and the dial then fails exactly as when nobody answers", async () => {
    const { phone, trunkId } = await supervisor("supervisor-ring");
    const { identity, outcome } = await dial(trunkId, 30);
    await waitUntil("the phone ringing", async () => (/^SIP\/2\.0 180/m.test(phone.messages()) ? true : undefined));
    // The leg is a participant of the room while it rings, before anyone answers.
    const ringing = (await rooms.listParticipants(room)).find((p) => p.identity === identity);
    expect(ringing?.kind).toBe(3); // SIP
    const removed = await rooms.removeParticipant(room, identity).then(
      () => "removed",
      (error: unknown) => `refused: ${error instanceof ServerError ? `${error.code} ${error.message}` : String(error)}`,
    );
    expect(removed).toBe("removed");
    // The same answer as "no answer": the service must remember that it cancelled.
    const said = await outcome;
    expect(said).toMatchObject({ answered: false, error: "ServerError", code: "canceled", status: 408 });
    expect(said.message).toMatch(/sip request timed out/);
    // The phone answers the CANCEL (200) and ends the INVITE (487). livekit-sip v1.8.0 sends no ACK
    // for that 487 (its INVITE transaction is already gone), so the scenario ends on a timeout.
    const ended = await phone.exited;
    expect(ended.messages).toMatch(/^CANCEL /m);
    expect(ended.messages).toMatch(/^SIP\/2\.0 487 /m);
  }, 60_000);

  it("MoveParticipant is not there on open-source LiveKit: no server answers it", async () => {
    await rooms.createRoom({ name: `${room}-other`, emptyTimeout: 60 });
    const said = await rooms.moveParticipant(room, "anyone", `${room}-other`).then(
      () => "moved",
      (error: unknown) =>
        error instanceof ServerError ? `${error.code} ${error.status} ${error.message}` : String(error),
    );
    // Not Twirp's `unimplemented`: livekit-server v1.13.5 has no handler for it, so the request
    // waits for one and ends `unavailable` (503) "no response from servers".
    expect(said).toMatch(/^unavailable 503 .*no response from servers/);
    await rooms.deleteRoom(`${room}-other`).catch(() => {});
  });
});
