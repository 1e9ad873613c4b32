import { LiveKitUnavailableError } from "@sip-transfer/domain";
import { createLiveKitAdapter } from "@sip-transfer/livekit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinAsStandardParticipant, livekitClients, real, startOurServer, waitUntil } from "./harness.js";

const TENANTS = JSON.stringify([
  { id: "tenant-a", secret: "e2e-secret-a-0123456789" },
  { id: "tenant-b", secret: "e2e-secret-b-0123456789" },
]);
const body = (room_name: string, participant_identity = "sip_nobody") => ({
  room_name,
  participant_identity,
  transfer_to: "+15551234567",
});

describe("against the real livekit-server", () => {
  const { rooms } = livekitClients();
  let server: Awaited<ReturnType<typeof startOurServer>>;
  let web: { leave: () => void } | undefined;

  beforeAll(async () => {
    await rooms.createRoom({ name: "e2e-room-a", metadata: JSON.stringify({ auth_id: "tenant-a" }) });
    await rooms.createRoom({ name: "e2e-room-b", metadata: JSON.stringify({ auth_id: "tenant-b" }) });
    await rooms.createRoom({ name: "e2e-room-plain", metadata: "" });
    web = await joinAsStandardParticipant("e2e-room-a", "web_user");
    await waitUntil("web_user in e2e-room-a", async () =>
      (await rooms.listParticipants("e2e-room-a")).find((p) => p.identity === "web_user"),
    );
    server = await startOurServer({ AUTH_REQUIRED: "true", AUTH_API_SECRETS_JSON: TENANTS });
  });
  afterAll(async () => {
    web?.leave();
    await server?.close();
    for (const name of ["e2e-room-a", "e2e-room-b", "e2e-room-plain"]) await rooms.deleteRoom(name).catch(() => {});
  });

  describe("the LiveKit adapter", () => {
    const adapter = () => createLiveKitAdapter({ url: real().url, apiKey: real().apiKey, apiSecret: real().apiSecret });

    it("finds a room by name with its metadata, and nothing for a missing one", async () => {
      expect(await adapter().findRoom("e2e-room-a")).toEqual({
        name: "e2e-room-a",
        metadata: '{"auth_id":"tenant-a"}',
      });
      expect(await adapter().findRoom("e2e-room-missing")).toBeUndefined();
    });

    it("finds a participant with its kind; LiveKit's answers for a missing participant or room mean missing", async () => {
      expect(await adapter().findParticipant("e2e-room-a", "web_user")).toEqual({
        identity: "web_user",
        kind: "STANDARD",
        isSip: false,
      });
      expect(await adapter().findParticipant("e2e-room-a", "nobody")).toBeUndefined();
      expect(await adapter().findParticipant("e2e-room-missing", "nobody")).toBeUndefined();
    });

    it("reports LiveKit refusing a wrong API secret as unavailable", async () => {
      const wrong = createLiveKitAdapter({ url: real().url, apiKey: real().apiKey, apiSecret: "not-the-secret" });
      await expect(wrong.findRoom("e2e-room-a")).rejects.toBeInstanceOf(LiveKitUnavailableError);
      await expect(wrong.findParticipant("e2e-room-a", "web_user")).rejects.toBeInstanceOf(LiveKitUnavailableError);
    });
  });

  describe("the server", () => {
    it("lets a tenant into its own room (a missing participant is then the answer)", async () => {
      await expect(server.client("e2e-secret-a-0123456789").transfer(body("e2e-room-a"))).rejects.toMatchObject({
        status: 404,
        code: "PARTICIPANT_NOT_FOUND",
        message: "Participant 'sip_nobody' not found in room 'e2e-room-a'",
      });
    });

    it("answers another tenant's room, a room without metadata and a missing room alike: 404 ROOM_NOT_FOUND", async () => {
      const answer = async (room: string) => {
        const response = await fetch(`${server.url}/sip/transfer`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer e2e-secret-a-0123456789" },
          body: JSON.stringify(body(room)),
        });
        return { status: response.status, body: (await response.text()).replace(room, "<room>") };
      };
      const missing = await answer("e2e-room-missing");
      expect(missing).toEqual({
        status: 404,
        body: JSON.stringify({ error: "Room '<room>' not found", code: "ROOM_NOT_FOUND" }),
      });
      expect(await answer("e2e-room-b")).toEqual(missing);
      expect(await answer("e2e-room-plain")).toEqual(missing);
    });

    it("answers 404 PARTICIPANT_NOT_FOUND for a participant that is not a SIP participant", async () => {
      await expect(
        server.client("e2e-secret-a-0123456789").transfer(body("e2e-room-a", "web_user")),
      ).rejects.toMatchObject({
        status: 404,
        code: "PARTICIPANT_NOT_FOUND",
        message: "Participant 'web_user' in room 'e2e-room-a' is not a SIP participant",
      });
    });

    it("answers 500 LIVEKIT_UNAVAILABLE when LiveKit refuses our API secret", async () => {
      const wrong = await startOurServer({ LIVEKIT_API_SECRET: "not-the-secret" });
      try {
        await expect(wrong.client().transfer(body("e2e-room-a", "web_user"))).rejects.toMatchObject({
          status: 500,
          code: "LIVEKIT_UNAVAILABLE",
        });
      } finally {
        await wrong.close();
      }
    });

    it("GET /ready is 200 against the real livekit-server and Redis, and 503 naming LiveKit when it refuses our key", async () => {
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready", checks: { store: "ok", livekit: "ok" } });
      const wrong = await startOurServer({ LIVEKIT_API_SECRET: "not-the-secret" });
      try {
        const answer = await fetch(`${wrong.url}/ready`);
        expect(answer.status).toBe(503);
        expect(await answer.json()).toMatchObject({
          code: "NOT_READY",
          details: { checks: { store: "ok", livekit: "down" } },
        });
      } finally {
        await wrong.close();
      }
    });
  });
});
