import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, TENANTS, startHarness } from "./harness.js";

// The client's `sip-transfer` command, as installed (its built bin), against the real server.
const cli = join(
  dirname(createRequire(import.meta.url).resolve("@sip-transfer/client/package.json")),
  "bin/sip-transfer.js",
);
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { PATH: process.env["PATH"] ?? "", ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const transferArgs = [
  "transfer",
  "--room",
  "call-room-123",
  "--participant",
  "sip_participant_456",
  "--to",
  "+15551234567",
];

describe("sip-transfer (the CLI)", () => {
  it(
    "transfers and exits by outcome: 0 completed, 11 failed (with the SIP status), 12 unknown",
    { timeout: 30_000 },
    async () => {
      h = await startHarness({ auth: { required: true, secrets: TENANTS } });
      h.seedRoom('{"auth_id":"tenant-a"}');
      const env = { SIP_TRANSFER_URL: h.baseUrl, SIP_TRANSFER_TOKEN: TENANTS[0]!.secret };
      const completed = await run(transferArgs, env);
      expect(completed).toMatchObject({ code: 0, stderr: "" });
      expect(completed.stdout).toMatch(/^tr_\S+ completed tel:\+15551234567\n$/);

      h.standIn.behave("TransferSIPParticipant", {
        fail: { code: "permission_denied", msg: "declined", meta: { sip_status_code: "603", sip_status: "Decline" } },
      });
      const failed = await run([...transferArgs, "--json"], env);
      expect(failed.code).toBe(11);
      expect(JSON.parse(failed.stdout)).toMatchObject({
        status: 500,
        code: "TRANSFER_FAILED",
        details: { sip_status_code: 603 },
      });

      h.standIn.behave("TransferSIPParticipant", {
        raw: { status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" },
      });
      expect((await run(transferArgs, env)).code).toBe(12);
    },
  );

  it("initiated exits 10; --wait follows it to the end; get and list read records", { timeout: 30_000 }, async () => {
    h = await startHarness({ transferWaitMs: 0 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { latencyMs: 300 });
    const env = { SIP_TRANSFER_URL: h.baseUrl };
    const initiated = await run([...transferArgs, "--json"], env);
    expect(initiated.code).toBe(10);
    const { transfer_id: id } = JSON.parse(initiated.stdout) as { transfer_id: string };
    const waited = await run(["get", id, "--wait"], env);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain(`${id} completed call-room-123/sip_participant_456 → tel:+15551234567`);
    const waitedTransfer = await run(
      [...transferArgs, "--wait", "--ringing-timeout", "20", "--header", "X-Case-Id=4711"],
      env,
    );
    expect(waitedTransfer.code).toBe(0);
    expect(h.standIn.callsTo("TransferSIPParticipant").at(-1)?.body).toMatchObject({
      ringingTimeout: "20s",
      headers: { "X-Case-Id": "4711" },
    });
    const listed = await run(["list", "--status", "completed", "--json"], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { transfers: unknown[] }).transfers).toHaveLength(2);
  });

  it("--wait gives up at --wait-timeout on a transfer still running: exits 10 and shows it initiated", async () => {
    h = await startHarness({ transferWaitMs: 0 });
    h.seedRoom();
    h.standIn.behave("TransferSIPParticipant", { hang: true });
    const waited = await run([...transferArgs, "--wait", "--wait-timeout", "0"], { SIP_TRANSFER_URL: h.baseUrl });
    expect(waited.code).toBe(10);
    expect(waited.stdout).toMatch(/^tr_\S+ initiated call-room-123\/sip_participant_456/);
    expect(waited.stderr).toContain("still running after --wait-timeout 0 s");
  });

  it("--version prints the client's version", async () => {
    const version = (createRequire(import.meta.url)("@sip-transfer/client/package.json") as { version: string })
      .version;
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `sip-transfer ${version}\n`, stderr: "" });
  });

  it("refusals exit 1 with the server's code; wrong usage exits 2 with one line", { timeout: 30_000 }, async () => {
    h = await startHarness({ auth: { required: true, secrets: TENANTS } });
    const refused = await run(["get", "tr_nope", "--url", h.baseUrl, "--token", TENANTS[0]!.secret]);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/^404 TRANSFER_NOT_FOUND: /);
    expect((await run(["list", "--url", h.baseUrl])).stderr).toMatch(/^401 UNAUTHORIZED/);
    for (const args of [
      ["transfer", "--room", "r"],
      ["frobnicate"],
      ["list", "--limit", "ten"],
      ["transfer", "--bogus"],
      ["transfer", "--room", "r", "--participant", "p", "--to", "1", "--wait", "--wait-timeout", "soon"],
      [],
    ]) {
      const usage = await run(args);
      expect(usage.code, args.join(" ")).toBe(2);
      expect(usage.stderr).toMatch(/^sip-transfer: .+ \(see 'sip-transfer --help'\)\n$/);
      expect(usage.stdout).toBe("");
    }
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("sip-transfer transfer --room");
  });

  it(
    "warm: start --wait exits 13 consulting, complete 0, cancel of a completed one 1; a busy one 11",
    { timeout: 30_000 },
    async () => {
      h = await startHarness();
      h.seedRoom();
      const env = { SIP_TRANSFER_URL: h.baseUrl };
      const start = [
        "warm",
        "start",
        "--room",
        "call-room-123",
        "--participant",
        "sip_participant_456",
        "--to",
        "+15551234567",
      ];
      const consulting = await run([...start, "--agent", "agent_1", "--wait", "--ringing-timeout", "20"], env);
      expect(consulting.code).toBe(13);
      const [id] = consulting.stdout.split(" ");
      expect(consulting.stdout).toMatch(/^wt_\S+ consulting call-room-123\/sip_participant_456 → tel:\+15551234567/);
      expect(h.standIn.callsTo("CreateSIPParticipant")[0]?.body).toMatchObject({ ringingTimeout: "20s" });
      const completed = await run(["warm", "complete", id!, "--json"], env);
      expect(completed.code).toBe(0);
      expect(JSON.parse(completed.stdout)).toMatchObject({
        warm_transfer_id: id,
        status: "completed",
        agent_identity: "agent_1",
      });
      const cancel = await run(["warm", "cancel", id!], env);
      expect(cancel.code).toBe(1);
      expect(cancel.stderr).toMatch(/^409 WARM_TRANSFER_ENDED: .*"status":"completed"/);

      h.standIn.behave("CreateSIPParticipant", {
        fail: { code: "resource_exhausted", msg: "busy", meta: { sip_status_code: "486" } },
      });
      const started = await run(start, env);
      expect(started.code).toBe(10);
      const [busyId] = started.stdout.split(" ");
      const busy = await run(["warm", "get", busyId!, "--wait"], env);
      expect(busy.code).toBe(11);
      expect(busy.stdout).toContain("busy 486");
      const listed = await run(["warm", "list", "--status", "completed", "--json"], env);
      expect((JSON.parse(listed.stdout) as { warm_transfers: unknown[] }).warm_transfers).toHaveLength(1);
      for (const args of [["warm"], ["warm", "frobnicate"], ["warm", "complete"], ["warm", "start", "--room", "r"]]) {
        const usage = await run(args, env);
        expect(usage.code, args.join(" ")).toBe(2);
      }
    },
  );
});
