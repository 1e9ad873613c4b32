import { DEFAULT_DESTINATION_POLICY } from "@sip-transfer/domain";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, failureOf, seedRequest, startHarness } from "./harness.js";

const [a, b] = TENANTS as [(typeof TENANTS)[0], (typeof TENANTS)[0]];
let h: Harness;
afterEach(async () => {
  expect(h.violations, "every response conforms to spec/openapi.yaml").toEqual([]);
  await h.close();
});

const global = { ...DEFAULT_DESTINATION_POLICY, sipDomains: ["pbx.example.com", "*.calls.example.org"] };

describe("options reach LiveKit", () => {
  it("ringing_timeout, play_dialtone and X- headers are passed on; without them LiveKit's defaults hold", async () => {
    h = await startHarness();
    h.seedRoom();
    await h.client().transfer({
      ...seedRequest,
      ringing_timeout: 45,
      play_dialtone: true,
      headers: { "X-Case-Id": "4711", "X-Queue": "billing" },
    });
    await h.client().transfer(seedRequest);
    const [withOptions, without] = h.standIn.callsTo("TransferSIPParticipant");
    expect(withOptions?.body).toMatchObject({
      ringingTimeout: "45s",
      playDialtone: true,
      headers: { "X-Case-Id": "4711", "X-Queue": "billing" },
    });
    expect(without?.body["playDialtone"]).toBeUndefined();
    expect(without?.body["headers"]).toBeUndefined();
    expect(without?.body["ringingTimeout"]).toBe("30s"); // the SDK sends LiveKit's default
  });

  it.each([
    [{ ringing_timeout: 0 }, "/body/ringing_timeout"],
    [{ ringing_timeout: 601 }, "/body/ringing_timeout"],
    [{ ringing_timeout: "45" }, "/body/ringing_timeout"],
    [{ play_dialtone: "yes" }, "/body/play_dialtone"],
    [{ headers: { Via: "SIP/2.0/UDP evil" } }, "/body/headers"],
    [{ headers: { "X-Evil": "a\r\nVia: b" } }, "/body/headers/X-Evil"],
    [{ headers: { "X-Nul": "a\u0000b" } }, "/body/headers/X-Nul"],
    [{ headers: { "X-Long": "v".repeat(257) } }, "/body/headers/X-Long"],
    [{ headers: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`X-H${i}`, "v"])) }, "/body/headers"],
    [{ headers: { "X-Number": 7 } }, "/body/headers/X-Number"],
  ])("400 INVALID_REQUEST for %j, and nothing reaches LiveKit", async (options, path) => {
    h = await startHarness();
    h.seedRoom();
    const response = await h.postJson({ ...seedRequest, ...options });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; details: { issues: { path: string }[] } };
    expect(body.code).toBe("INVALID_REQUEST");
    expect(body.details.issues.map((i) => i.path)).toContain(path);
    expect(h.standIn.calls).toHaveLength(0);
  });
});

describe("sip: destinations", () => {
  it("a SIP URI on an allowed domain is sent to LiveKit as it is and echoed", async () => {
    h = await startHarness({ destinations: { global } });
    h.seedRoom();
    const answer = await h
      .client()
      .transfer({ ...seedRequest, transfer_to: " SIP:Billing-Queue@PBX.Example.com:5061 " });
    expect(answer).toMatchObject({ status: "completed", transfer_to: "sip:Billing-Queue@pbx.example.com:5061" });
    expect(h.standIn.callsTo("TransferSIPParticipant")[0]?.body["transferTo"]).toBe(
      "sip:Billing-Queue@pbx.example.com:5061",
    );
    expect((await h.client().getTransfer(answer.transfer_id)).transfer_to).toBe(
      "sip:Billing-Queue@pbx.example.com:5061",
    );
    await expect(
      h.client().transfer({
        ...seedRequest,
        participant_identity: "sip_participant_456",
        transfer_to: "sips:agent@eu.calls.example.org",
      }),
    ).resolves.toMatchObject({
      transfer_to: "sips:agent@eu.calls.example.org",
    });
  });

  it.each([
    "sip:queue@pbx.example.com;transport=tcp",
    "sip:queue@pbx.example.com?X-Evil=1",
    "sip:pbx.example.com",
    "sip:a b@pbx.example.com",
  ])("400 INVALID_PHONE_NUMBER for the malformed %j", async (transferTo) => {
    h = await startHarness({ destinations: { global } });
    h.seedRoom();
    const error = await failureOf(h.client().transfer({ ...seedRequest, transfer_to: transferTo }));
    expect(error).toMatchObject({ status: 400, code: "INVALID_PHONE_NUMBER" });
    expect(error.message).toMatch(/^Invalid SIP URI/);
    expect(h.standIn.calls).toHaveLength(0);
  });
});

describe("403 DESTINATION_NOT_ALLOWED", () => {
  it.each([
    ["+19005551234", {}, "number_type"],
    ["+0000000", {}, "country"],
    ["+447123456789", { allowedCountries: ["US" as const] }, "country"],
    ["1234", { allowExtensions: false }, "extension"],
    ["sip:queue@evil.example.net", {}, "sip_domain"],
  ] as const)(
    "%s (%j) → reason %s, checked before LiveKit (even with the room missing)",
    async (transferTo, overrides, reason) => {
      h = await startHarness({ destinations: { global: { ...global, ...overrides } } });
      const error = await failureOf(
        h.client().transfer({ ...seedRequest, room_name: "no-such-room", transfer_to: transferTo }),
      );
      expect(error).toMatchObject({ status: 403, code: "DESTINATION_NOT_ALLOWED", details: { reason } });
      expect(h.standIn.calls).toHaveLength(0);
    },
  );

  it("comes after the format (400) and before LiveKit's configuration (500)", async () => {
    h = await startHarness({ livekit: false });
    expect(await failureOf(h.client().transfer({ ...seedRequest, transfer_to: "+1900555CALL" }))).toMatchObject({
      status: 400,
    });
    expect(await failureOf(h.client().transfer({ ...seedRequest, transfer_to: "+19005551234" }))).toMatchObject({
      status: 403,
    });
    expect(await failureOf(h.client().transfer(seedRequest))).toMatchObject({
      status: 500,
      code: "LIVEKIT_NOT_CONFIGURED",
    });
  });

  it("a refused request does not use its Idempotency-Key up", async () => {
    h = await startHarness({ destinations: { global } });
    h.seedRoom();
    const refused = await h.postJson(
      { ...seedRequest, transfer_to: "+19005551234" },
      { headers: { "idempotency-key": "k-403" } },
    );
    expect(refused.status).toBe(403);
    const other = await h.postJson(seedRequest, { headers: { "idempotency-key": "k-403" } });
    expect(other.status).toBe(200);
  });
});

describe("no walking around the policy (toll fraud)", () => {
  it.each([
    // defaults (premium rate blocked): runs of digits without '+' once went through as "extensions"
    ["19005551234", {}, undefined, "unclassified"],
    ["0019005551234", {}, undefined, "unclassified"],
    ["011447123456789", {}, undefined, "unclassified"],
    ["0044 909 879 0000", {}, undefined, "unclassified"],
    ["1234567", {}, undefined, "unclassified"],
    // premium rate by range, whatever libphonenumber's validity
    ["+1 900 123 4567", {}, undefined, "number_type"],
    ["+1900555123499", {}, undefined, "number_type"],
    // a country list
    ["447123456789", { allowedCountries: ["US" as const] }, undefined, "unclassified"],
    ["4930123456789", { allowedCountries: ["US" as const] }, undefined, "unclassified"],
    // PHONE_DEFAULT_REGION parses national numbers in the region, also with its international prefix
    ["9005551234", {}, "US" as const, "number_type"],
    ["1 900 555 1234", {}, "US" as const, "number_type"],
    ["011 44 909 879 0000", {}, "US" as const, "number_type"],
    ["011447123456789", { allowedCountries: ["US" as const] }, "US" as const, "country"],
    ["0044 909 879 0000", {}, "GB" as const, "number_type"],
  ])(
    "403 for %j (%j, region %s): reason %s, and LiveKit never hears of it",
    async (transferTo, overrides, region, reason) => {
      h = await startHarness({
        destinations: { global: { ...global, ...overrides } },
        ...(region ? { phone: { defaultRegion: region } } : {}),
      });
      h.seedRoom();
      const error = await failureOf(h.client().transfer({ ...seedRequest, transfer_to: transferTo }));
      expect(error).toMatchObject({ status: 403, code: "DESTINATION_NOT_ALLOWED", details: { reason } });
      if (reason === "unclassified")
        expect(error.message).toMatch(/international format \(\+…\) or set PHONE_DEFAULT_REGION/);
      expect(h.standIn.calls).toHaveLength(0);
    },
  );

  it.each(["＋１９００５５５１２３４", "tel:+19005551234;phone-context=+1", "tel:1234;ext=1", "+1 ٩٠٠ 555 1234"])(
    "400 INVALID_PHONE_NUMBER for %j (non-ASCII digits, tel: parameters), and LiveKit never hears of it",
    async (transferTo) => {
      h = await startHarness({ destinations: { global } });
      h.seedRoom();
      expect(await failureOf(h.client().transfer({ ...seedRequest, transfer_to: transferTo }))).toMatchObject({
        status: 400,
        code: "INVALID_PHONE_NUMBER",
      });
      expect(h.standIn.calls).toHaveLength(0);
    },
  );

  it("with PHONE_DEFAULT_REGION=US a national number reaches LiveKit in E.164; short extensions stay as they are", async () => {
    h = await startHarness({
      destinations: { global: { ...global, allowedCountries: ["US"] } },
      phone: { defaultRegion: "US" },
    });
    h.seedRoom();
    await expect(h.client().transfer({ ...seedRequest, transfer_to: "(202) 555-0143" })).resolves.toMatchObject({
      transfer_to: "tel:+12025550143",
    });
    await expect(h.client().transfer({ ...seedRequest, transfer_to: "4711" })).resolves.toMatchObject({
      transfer_to: "tel:4711",
    });
    await expect(h.client().transfer({ ...seedRequest, transfer_to: "+15551234567" })).resolves.toMatchObject({
      transfer_to: "tel:+15551234567",
    });
    expect(h.standIn.callsTo("TransferSIPParticipant").map((call) => call.body["transferTo"])).toEqual([
      "tel:+12025550143",
      "tel:4711",
      "tel:+15551234567",
    ]);
  });

  it("TRANSFER_MAX_EXTENSION_DIGITS sets where extensions end", async () => {
    h = await startHarness({ destinations: { global }, phone: { maxExtensionDigits: 3 } });
    h.seedRoom();
    await expect(h.client().transfer({ ...seedRequest, transfer_to: "911" })).resolves.toMatchObject({
      transfer_to: "tel:911",
    });
    const refused = await failureOf(h.client().transfer({ ...seedRequest, transfer_to: "4711" }));
    expect(refused).toMatchObject({ status: 403, details: { reason: "unclassified" } });
    expect(h.standIn.callsTo("TransferSIPParticipant").map((call) => call.body["transferTo"])).toEqual(["tel:911"]);
  });

  it("400 for one SIP header named twice in different case, and LiveKit never hears of it", async () => {
    h = await startHarness({ destinations: { global } });
    h.seedRoom();
    const response = await h.postJson({ ...seedRequest, headers: { "X-Case": "1", "X-CASE": "2" } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe("INVALID_REQUEST");
    expect(h.standIn.calls).toHaveLength(0);
  });
});

describe("per-tenant overrides", () => {
  it("a tenant's sip_domains, allowed_countries and allow_extensions replace the global ones for it alone", async () => {
    const tenants = new Map([
      [
        a.id,
        { ...global, sipDomains: ["cc.tenant-a.example"], allowedCountries: ["GB" as const], allowExtensions: false },
      ],
    ]);
    h = await startHarness({ auth: { required: true, secrets: TENANTS }, destinations: { global, tenants } });
    const sip = { identity: "sip_participant_456", kind: "SIP" as const };
    h.standIn.addRoom({ name: "room-a", metadata: JSON.stringify({ auth_id: a.id }), participants: [sip] });
    h.standIn.addRoom({ name: "room-b", metadata: JSON.stringify({ auth_id: b.id }), participants: [sip] });
    const as = (tenant: typeof a, room: string, transferTo: string) =>
      h.client(tenant.secret).transfer({ ...seedRequest, room_name: room, transfer_to: transferTo });
    await expect(as(a, "room-a", "sip:agent@cc.tenant-a.example")).resolves.toMatchObject({ status: "completed" });
    await expect(as(a, "room-a", "sip:queue@pbx.example.com")).rejects.toMatchObject({
      status: 403,
      details: { reason: "sip_domain" },
    });
    await expect(as(a, "room-a", "+12025550123")).rejects.toMatchObject({
      status: 403,
      details: { reason: "country" },
    });
    await expect(as(a, "room-a", "1234")).rejects.toMatchObject({ status: 403, details: { reason: "extension" } });
    await expect(as(b, "room-b", "sip:queue@pbx.example.com")).resolves.toMatchObject({ status: "completed" });
    await expect(as(b, "room-b", "sip:agent@cc.tenant-a.example")).rejects.toMatchObject({
      status: 403,
      details: { reason: "sip_domain" },
    });
    await expect(as(b, "room-b", "1234")).resolves.toMatchObject({ status: "completed" });
  });
});
