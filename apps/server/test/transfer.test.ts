import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, failureOf, seedRequest, startHarness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

describe("POST /sip/transfer — the seed's flow through the typed client", () => {
  beforeEach(async () => {
    h = await startHarness();
    h.seedRoom();
  });

  it("transfers a SIP participant: 200 completed with the tel: number", async () => {
    await expect(h.client().transfer(seedRequest)).resolves.toEqual({
      transfer_id: expect.stringMatching(/^tr_[A-Za-z0-9_-]{22}$/),
      status: "completed",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
    });
    const [transfer] = h.standIn.callsTo("TransferSIPParticipant");
    expect(transfer?.body).toMatchObject({
      roomName: "call-room-123",
      participantIdentity: "sip_participant_456",
      transferTo: "tel:+15551234567",
    });
    expect(transfer?.grants?.sip).toMatchObject({ call: true });
  });

  it.each([
    ["+1234567890", "tel:+1234567890"],
    ["123456", "tel:123456"],
    ["1234", "tel:1234"],
    ["tel:+15551234567", "tel:+15551234567"],
    [" +1 (555) 123-4567 ", "tel:+15551234567"],
  ])("sends %j to LiveKit as %s", async (input, tel) => {
    const answer = await h.client().transfer({ ...seedRequest, transfer_to: input });
    expect(answer.transfer_to).toBe(tel);
    expect(h.standIn.callsTo("TransferSIPParticipant")[0]?.body["transferTo"]).toBe(tel);
  });

  it("echoes room_name and participant_identity trimmed", async () => {
    const answer = await h
      .client()
      .transfer({ ...seedRequest, room_name: "  call-room-123 ", participant_identity: "\tsip_participant_456" });
    expect(answer).toMatchObject({ room_name: "call-room-123", participant_identity: "sip_participant_456" });
  });

  it("makes one concurrent lookup step, then the transfer call", async () => {
    h.standIn.behave("ListRooms", { latencyMs: 80 });
    h.standIn.behave("GetParticipant", { latencyMs: 80 });
    await h.client().transfer(seedRequest);
    const calls = h.standIn.calls.map((call) => call.method);
    expect(calls.sort()).toEqual(["GetParticipant", "ListRooms", "TransferSIPParticipant"]);
    const [rooms] = h.standIn.callsTo("ListRooms");
    const [participant] = h.standIn.callsTo("GetParticipant");
    const [transfer] = h.standIn.callsTo("TransferSIPParticipant");
    // The two lookups overlap in time: each started before the other ended.
    expect(participant!.startedAt).toBeLessThan(rooms!.endedAt!);
    expect(rooms!.startedAt).toBeLessThan(participant!.endedAt!);
    // The transfer starts only once both lookups are answered.
    expect(transfer!.startedAt).toBeGreaterThanOrEqual(Math.max(rooms!.endedAt!, participant!.endedAt!));
  });

  describe("the seed's error table", () => {
    it("400 INVALID_PHONE_NUMBER names the problem", async () => {
      const error = await failureOf(h.client().transfer({ ...seedRequest, transfer_to: "+1555CALLNOW" }));
      expect(error).toMatchObject({ status: 400, code: "INVALID_PHONE_NUMBER" });
      expect(error.message).toContain("'C'");
    });

    it.each(["room_name", "participant_identity", "transfer_to"] as const)(
      "400 INVALID_REQUEST when %s is empty or blank",
      async (field) => {
        for (const value of ["", "   "]) {
          const error = await failureOf(h.client().transfer({ ...seedRequest, [field]: value }));
          expect(error).toMatchObject({
            status: 400,
            code: "INVALID_REQUEST",
            details: { issues: [{ path: `/body/${field}`, message: "must not be empty" }] },
          });
        }
      },
    );

    it("404 ROOM_NOT_FOUND", async () => {
      const error = await failureOf(h.client().transfer({ ...seedRequest, room_name: "no-such-room" }));
      expect(error).toMatchObject({ status: 404, code: "ROOM_NOT_FOUND", message: "Room 'no-such-room' not found" });
    });

    it("404 PARTICIPANT_NOT_FOUND", async () => {
      const error = await failureOf(h.client().transfer({ ...seedRequest, participant_identity: "nobody" }));
      expect(error).toMatchObject({
        status: 404,
        code: "PARTICIPANT_NOT_FOUND",
        message: "Participant 'nobody' not found in room 'call-room-123'",
      });
    });

    it.each(["agent_1", "web_user"])("404 PARTICIPANT_NOT_FOUND for the non-SIP participant %s", async (identity) => {
      const error = await failureOf(h.client().transfer({ ...seedRequest, participant_identity: identity }));
      expect(error).toMatchObject({ status: 404, code: "PARTICIPANT_NOT_FOUND" });
      expect(error.message).toContain("is not a SIP participant");
      expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
    });

    it.each([
      ["486 Busy Here", { sip_status_code: "486", sip_status: "Busy Here" }, "resource_exhausted", 486, "Busy Here"],
      ["603 Decline", { sip_status_code: "603", sip_status: "Decline" }, "permission_denied", 603, "Decline"],
    ] as const)(
      "500 TRANSFER_FAILED with SIP details when the phone answers %s",
      async (_label, meta, code, sipCode, sipStatus) => {
        h.standIn.behave("TransferSIPParticipant", { fail: { code, msg: "transfer failed", meta } });
        const error = await failureOf(h.client().transfer(seedRequest));
        expect(error).toMatchObject({
          status: 500,
          code: "TRANSFER_FAILED",
          message: `SIP transfer failed: ${sipCode} ${sipStatus}`,
          details: { sip_status_code: sipCode, sip_status: sipStatus },
        });
      },
    );

    it("500 TRANSFER_FAILED without details when LiveKit gives no SIP status", async () => {
      h.standIn.behave("TransferSIPParticipant", { fail: { code: "internal", msg: "boom" } });
      const error = await failureOf(h.client().transfer(seedRequest));
      expect(error).toMatchObject({ status: 500, code: "TRANSFER_FAILED", message: "SIP transfer failed" });
      expect(error.details).toEqual({ transfer_id: expect.stringMatching(/^tr_/) });
    });

    it.each([
      ["ListRooms", { fail: { code: "internal" as const, msg: "db down" } }],
      ["GetParticipant", { fail: { code: "unavailable" as const, msg: "node down" } }],
      ["ListRooms", { raw: { status: 502, body: "<html>bad gateway</html>", contentType: "text/html" } }],
      ["GetParticipant", { fail: { code: "permission_denied" as const } }],
    ] as const)("500 LIVEKIT_UNAVAILABLE when %s fails during the lookups", async (method, behaviour) => {
      h.standIn.behave(method, behaviour);
      const error = await failureOf(h.client().transfer(seedRequest));
      expect(error).toMatchObject({ status: 500, code: "LIVEKIT_UNAVAILABLE", message: "LiveKit is unavailable" });
      expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
    });
  });

  describe("request shape", () => {
    it.each([
      ["an unknown field", { ...seedRequest, priority: "high" }],
      ["a missing field", { room_name: "call-room-123", participant_identity: "sip_participant_456" }],
      ["a mistyped field", { ...seedRequest, transfer_to: 15551234567 }],
      ["an array", [seedRequest]],
      ["a string", '"hello"'],
      ["null", "null"],
      ["not JSON", "{room_name:"],
      ["an empty object", {}],
    ])("400 INVALID_REQUEST for %s", async (_label, body) => {
      const response = await h.postJson(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
      expect(h.standIn.calls).toHaveLength(0);
    });

    it("400 INVALID_REQUEST for no body at all", async () => {
      const response = await h.request("/sip/transfer", { method: "POST" });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "INVALID_REQUEST" });
    });

    it.each([
      [
        { ...seedRequest, priority: 1 },
        "Invalid request: priority is not a known field",
        [{ path: "/body/priority", message: "is not a known field" }],
      ],
      [
        { room_name: "r" },
        "Invalid request: participant_identity is required; transfer_to is required",
        [
          { path: "/body/participant_identity", message: "is required" },
          { path: "/body/transfer_to", message: "is required" },
        ],
      ],
      [
        { ...seedRequest, room_name: 7 },
        "Invalid request: room_name must be a string",
        [{ path: "/body/room_name", message: "must be a string" }],
      ],
    ])("says plainly what is wrong with %j", async (body, message, issues) => {
      const error = await failureOf(h.client().transfer(body as unknown as typeof seedRequest));
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST", message, details: { issues } });
    });

    it("413 PAYLOAD_TOO_LARGE over 16 KiB, in the error body shape", async () => {
      const response = await h.postJson({ ...seedRequest, room_name: "r".repeat(17 * 1024) });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        error: "Request body is larger than 16384 bytes",
        code: "PAYLOAD_TOO_LARGE",
      });
    });

    it.each(["text/plain", "application/x-www-form-urlencoded", "application/xml"])(
      "415 UNSUPPORTED_MEDIA_TYPE for %s",
      async (type) => {
        const response = await h.request("/sip/transfer", {
          method: "POST",
          headers: { "content-type": type },
          body: JSON.stringify(seedRequest),
        });
        expect(response.status).toBe(415);
        expect(await response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
        expect(h.standIn.calls).toHaveLength(0);
      },
    );

    it("accepts application/json with a charset", async () => {
      const response = await h.request("/sip/transfer", {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(seedRequest),
      });
      expect(response.status).toBe(200);
    });
  });

  describe("the order of checks", () => {
    it("bad number and missing room → 400 INVALID_PHONE_NUMBER, without asking LiveKit", async () => {
      const error = await failureOf(
        h.client().transfer({ ...seedRequest, room_name: "no-such-room", transfer_to: "abc" }),
      );
      expect(error).toMatchObject({ status: 400, code: "INVALID_PHONE_NUMBER" });
      expect(h.standIn.calls).toHaveLength(0);
    });

    it("empty field and bad number → 400 INVALID_REQUEST", async () => {
      const error = await failureOf(
        h.client().transfer({ ...seedRequest, participant_identity: "", transfer_to: "abc" }),
      );
      expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
    });

    it("missing room and missing participant → 404 ROOM_NOT_FOUND", async () => {
      const error = await failureOf(
        h.client().transfer({ ...seedRequest, room_name: "no-such-room", participant_identity: "nobody" }),
      );
      expect(error).toMatchObject({ status: 404, code: "ROOM_NOT_FOUND" });
    });
  });
});

describe("POST /sip/transfer without LiveKit settings", () => {
  beforeEach(async () => {
    h = await startHarness({ livekit: false });
  });

  it("500 LIVEKIT_NOT_CONFIGURED", async () => {
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({ status: 500, code: "LIVEKIT_NOT_CONFIGURED" });
  });

  it("a bad number still answers 400 first", async () => {
    const error = await failureOf(h.client().transfer({ ...seedRequest, transfer_to: "not-a-number" }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_PHONE_NUMBER" });
  });

  it("an empty field still answers 400 first", async () => {
    const error = await failureOf(h.client().transfer({ ...seedRequest, room_name: "" }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_REQUEST" });
  });
});

describe("LiveKit unreachable or refusing our credentials", () => {
  it("500 LIVEKIT_UNAVAILABLE when nothing listens at LIVEKIT_URL", async () => {
    h = await startHarness({ livekitUrl: "http://127.0.0.1:9" });
    h.seedRoom();
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({ status: 500, code: "LIVEKIT_UNAVAILABLE" });
  });

  it("500 LIVEKIT_UNAVAILABLE with a wrong API secret (LiveKit answers unauthenticated)", async () => {
    h = await startHarness({ livekitSecret: "not-the-secret" });
    h.seedRoom();
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({ status: 500, code: "LIVEKIT_UNAVAILABLE" });
    expect(h.standIn.calls.every((call) => call.status === 401)).toBe(true);
  });

  it("500 LIVEKIT_UNAVAILABLE when a lookup hangs past the lookup timeout", async () => {
    h = await startHarness();
    h.seedRoom();
    h.standIn.behave("GetParticipant", { hang: true });
    const error = await failureOf(h.client().transfer(seedRequest));
    expect(error).toMatchObject({ status: 500, code: "LIVEKIT_UNAVAILABLE" });
  });
});

describe("the wait window (TRANSFER_WAIT_MS)", () => {
  it("answers initiated when LiveKit is still working; the record then says completed, and one audit line says so", async () => {
    h = await startHarness({ transferWaitMs: 50 });
    h.seedRoom();
    // LiveKit takes long enough that the record is read while still running, even on a loaded machine.
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 1500 });
    const answer = await h.client().transfer(seedRequest);
    expect(answer).toEqual({
      transfer_id: expect.stringMatching(/^tr_/),
      status: "initiated",
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "tel:+15551234567",
    });
    expect(h.standIn.callsTo("TransferSIPParticipant")[0]?.endedAt).toBeUndefined();
    expect(await h.client().getTransfer(answer.transfer_id)).toMatchObject({ status: "initiated" });
    const done = await h.client().waitForTransfer(answer.transfer_id, { intervalMs: 20 });
    expect(done).toMatchObject({
      transfer_id: answer.transfer_id,
      status: "completed",
      transfer_to: "tel:+15551234567",
    });
    const audit = h.logs().filter((line) => line["msg"] === "transfer ended");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      outcome: "completed",
      transfer_id: answer.transfer_id,
      room_name: "call-room-123",
      transfer_to: "tel:+15551234567",
    });
  });

  it("answers initiated; the record then says failed with the SIP status", async () => {
    h = await startHarness({ transferWaitMs: 50 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", {
      latencyMs: 200,
      fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486", sip_status: "Busy Here" } },
    });
    const answer = await h.client().transfer(seedRequest);
    expect(answer).toMatchObject({ status: "initiated" });
    const done = await h.client().waitForTransfer(answer.transfer_id, { intervalMs: 20 });
    expect(done).toMatchObject({
      status: "failed",
      error: {
        code: "TRANSFER_FAILED",
        message: "SIP transfer failed: 486 Busy Here",
        sip_status_code: 486,
        sip_status: "Busy Here",
      },
    });
    expect(h.logs().find((line) => line["msg"] === "transfer ended")).toMatchObject({
      outcome: "failed",
      sip_status_code: 486,
      sip_status: "Busy Here",
    });
  });

  it("answers completed when LiveKit finishes inside the window", async () => {
    h = await startHarness({ transferWaitMs: 1000 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 100 });
    const answer = await h.client().transfer(seedRequest);
    expect(answer).toMatchObject({ status: "completed" });
    expect(h.parts.transfers.runningCount).toBe(0);
    expect(await h.client().getTransfer(answer.transfer_id)).toMatchObject({ status: "completed" });
  });

  it("keeps following a transfer after the caller has gone away", async () => {
    h = await startHarness({ transferWaitMs: 30 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 250 });
    const controller = new AbortController();
    const pending = h.client().transfer(seedRequest, { signal: controller.signal });
    await h.standIn.waitForCalls("GetParticipant");
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "ABORTED" });
    await h.standIn.waitForCalls("TransferSIPParticipant");
    expect(h.standIn.callsTo("TransferSIPParticipant")[0]?.status).toBe(200);
    // Logged as aborted, never as the 200 it did not get, and what became of its transfer.
    const requestLines = h.logs().filter((line) => String(line["msg"]).startsWith("POST"));
    expect(requestLines.map((line) => line["msg"])).toEqual(["POST aborted by the client"]);
    expect(requestLines[0]).toMatchObject({ level: 40, res: { aborted: true } });
    const gone = await (async () => {
      for (let i = 0; i < 50; i += 1) {
        const line = h.logs().find((l) => String(l["msg"]).startsWith("the client went away"));
        if (line) return line;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    })();
    expect(gone).toMatchObject({ transfer_id: expect.stringMatching(/^tr_/), status: "initiated" });
  });
});

describe("PHONE_DEFAULT_REGION", () => {
  it("normalises national numbers to E.164", async () => {
    h = await startHarness({ phone: { defaultRegion: "GB" } });
    h.seedRoom();
    await expect(h.client().transfer({ ...seedRequest, transfer_to: "07123 456789" })).resolves.toMatchObject({
      transfer_to: "tel:+447123456789",
    });
  });
});

describe("tenants", () => {
  const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];

  beforeEach(async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const sip = { identity: "sip_participant_456", kind: "SIP" as const };
    h.standIn.addRoom({ name: "room-a", metadata: JSON.stringify({ auth_id: a.id }), participants: [sip] });
    h.standIn.addRoom({ name: "room-b", metadata: JSON.stringify({ auth_id: b.id }), participants: [sip] });
    h.standIn.addRoom({ name: "room-none", metadata: "", participants: [sip] });
    h.standIn.addRoom({ name: "room-text", metadata: "owned by tenant-a", participants: [sip] });
    h.standIn.addRoom({ name: "room-number", metadata: JSON.stringify({ auth_id: 7 }), participants: [sip] });
    h.standIn.addRoom({ name: "room-array", metadata: JSON.stringify([{ auth_id: a.id }]), participants: [sip] });
  });

  it("a tenant transfers in its own room", async () => {
    await expect(h.client(a.secret).transfer({ ...seedRequest, room_name: "room-a" })).resolves.toMatchObject({
      status: "completed",
    });
    await expect(h.client(b.secret).transfer({ ...seedRequest, room_name: "room-b" })).resolves.toMatchObject({
      status: "completed",
    });
  });

  it("every room it may not use answers byte for byte like a missing room", async () => {
    const answer = async (room: string) => {
      const response = await h.postJson(
        { ...seedRequest, room_name: room },
        { headers: { authorization: `Bearer ${a.secret}` } },
      );
      return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
    };
    const missing = await answer("room-x");
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: "Room 'room-x' not found", code: "ROOM_NOT_FOUND" });
    for (const room of ["room-b", "room-none", "room-text", "room-number", "room-array"]) {
      const denied = await answer(room);
      const expected = { ...missing, body: missing.body.replace("room-x", room) };
      expect(denied, room).toEqual(expected);
    }
    expect(h.standIn.callsTo("TransferSIPParticipant")).toHaveLength(0);
  });

  it("another tenant's room with a missing participant still answers ROOM_NOT_FOUND", async () => {
    const error = await failureOf(
      h.client(a.secret).transfer({ ...seedRequest, room_name: "room-b", participant_identity: "nobody" }),
    );
    expect(error).toMatchObject({ status: 404, code: "ROOM_NOT_FOUND" });
  });
});
