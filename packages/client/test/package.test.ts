import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";

// The package as a user gets it: `pnpm pack`, then `npm install <tarball>` in a folder outside the
// workspace (its dependencies from the registry), used with require(), import and its bin.
const here = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sip-transfer-client-package-"));
const consumer = join(dir, "consumer");
let files: string[] = [];

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: consumer, encoding: "utf8" });
/** One file of the packed tarball, as text. */
const packed = (name: string) =>
  execFileSync(
    "tar",
    [
      "-xzOf",
      join(
        dir,
        readdirSync(dir).find((n) => n.endsWith(".tgz"))!,
      ),
      name,
    ],
    {
      encoding: "utf8",
    },
  );

beforeAll(() => {
  execFileSync("pnpm", ["pack", "--pack-destination", dir], { cwd: here, stdio: "ignore" });
  const tarball = readdirSync(dir).find((name) => name.endsWith(".tgz"))!;
  files = execFileSync("tar", ["-tzf", join(dir, tarball)], { encoding: "utf8" })
    .trim()
    .split("\n");
  execFileSync("mkdir", ["-p", consumer]);
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", join(dir, tarball)], {
    cwd: consumer,
    stdio: "ignore",
  });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("ships the built code, its types and the README, and nothing of the workspace", () => {
  expect(files).toEqual(
    expect.arrayContaining([
      "package/dist/index.js",
      "package/dist/index.cjs",
      "package/dist/index.d.ts",
      "package/dist/index.d.cts",
      "package/dist/cli.js",
      "package/bin/sip-transfer.js",
      "package/README.md",
      "package/CHANGELOG.md",
      "package/LICENSE",
    ]),
  );
  // Every entry of "files" is there (npm skips a missing one without a word).
  const listed = (JSON.parse(readFileSync(join(here, "package.json"), "utf8")) as { files: string[] }).files;
  for (const entry of listed)
    expect(
      files.some((f) => f.startsWith(`package/${entry}`)),
      entry,
    ).toBe(true);
  expect(packed("package/LICENSE")).toBe(readFileSync(join(here, "../../LICENSE"), "utf8"));
  expect(files.filter((f) => /\/(src|test)\//.test(f))).toEqual([]);
  const manifest = JSON.parse(packed("package/package.json")) as {
    dependencies: Record<string, string>;
  };
  expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith("@sip-transfer/"))).toEqual([]);
});

// Real calls through the installed package, the same for require() and import: a transfer, a warm
// transfer and a 404 against a local HTTP server, and a webhook signed the Standard Webhooks way and verified.
const realCalls = `
const secret = "whsec_" + Buffer.from("a-webhook-secret-of-32-bytes!!!!").toString("base64");
const transferBody = { transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ", status: "completed", room_name: "r",
  participant_identity: "p", transfer_to: "tel:+15551234567" };
const warmBody = { warm_transfer_id: "wt_4fQ2mX9cLp7Rz1Kd8NvB3w", status: "dialing", room_name: "r",
  participant_identity: "p", transfer_to: "tel:+15551234567", consult_identity: "consult_wt_4fQ2mX9cLp7Rz1Kd8NvB3w" };
const server = http.createServer((req, res) => {
  const found = req.method === "POST" && req.url === "/sip/transfer";
  const warm = req.method === "POST" && req.url === "/sip/warm-transfers";
  res.writeHead(found ? 200 : warm ? 201 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(found ? transferBody : warm ? warmBody : { error: "Transfer not found", code: "TRANSFER_NOT_FOUND" }));
});
server.listen(0, "127.0.0.1", async () => {
  const client = c.createSipTransferClient({ baseUrl: "http://127.0.0.1:" + server.address().port, retries: 0 });
  const answer = await client.transfer({ room_name: "r", participant_identity: "p", transfer_to: "+15551234567" });
  const missing = await client.getTransfer("tr_missing").catch((error) => error);
  const warm = await client.warmTransfer({ room_name: "r", participant_identity: "p", transfer_to: "+15551234567" });
  const event = JSON.stringify({ type: "transfer.completed", timestamp: "2026-11-29T12:00:00.000Z",
    data: { ...transferBody, created_at: "2026-11-29T12:00:00.000Z", updated_at: "2026-11-29T12:00:00.000Z",
      ended_at: "2026-11-29T12:00:00.000Z", request_id: "req-1" } });
  const id = "msg_1", timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto.createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
    .update(id + "." + timestamp + "." + event).digest("base64");
  const verified = c.verifyWebhook(event, { "webhook-id": id, "webhook-timestamp": timestamp,
    "webhook-signature": "v1," + signature }, secret);
  const forged = (() => { try { c.verifyWebhook(event + " ", { "webhook-id": id, "webhook-timestamp": timestamp,
    "webhook-signature": "v1," + signature }, secret); return "accepted"; } catch (error) { return error.name; } })();
  console.log([answer.status, missing instanceof c.SipTransferError, missing.status, missing.code,
    verified.type, verified.data.transfer_id, forged, warm.status, warm.consult_identity].join(" "));
  server.close();
});`;

it("works with require() and with import, installed on its own: real calls, not only exports", () => {
  const expected =
    "completed true 404 TRANSFER_NOT_FOUND transfer.completed tr_9q3NcK2xYb7Lm4Pz0aW1eQ WebhookVerificationError dialing consult_wt_4fQ2mX9cLp7Rz1Kd8NvB3w";
  const required = node([
    "-e",
    `const c = require('@sip-transfer/client'); const http = require('node:http'); const crypto = require('node:crypto');${realCalls}`,
  ]);
  expect(required.trim()).toBe(expected);
  const imported = node([
    "--input-type=module",
    "-e",
    `import * as c from '@sip-transfer/client'; import http from 'node:http'; import crypto from 'node:crypto';${realCalls}`,
  ]);
  expect(imported.trim()).toBe(expected);
  // Two Node processes started one after the other: seconds each while pnpm test runs every suite.
}, 30_000);

it("installs the sip-transfer command", () => {
  const help = execFileSync(join(consumer, "node_modules/.bin/sip-transfer"), ["--help"], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${join(process.execPath, "..")}:${process.env["PATH"]}` },
  });
  expect(help).toMatch(/^sip-transfer — transfer a SIP call/);
});
