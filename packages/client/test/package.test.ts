import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
    ]),
  );
  expect(files.filter((f) => /\/(src|test)\//.test(f))).toEqual([]);
  const manifest = JSON.parse(
    execFileSync(
      "tar",
      [
        "-xzOf",
        join(
          dir,
          readdirSync(dir).find((n) => n.endsWith(".tgz"))!,
        ),
        "package/package.json",
      ],
      { encoding: "utf8" },
    ),
  ) as {
    dependencies: Record<string, string>;
  };
  expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith("@sip-transfer/"))).toEqual([]);
});

it("works with require() and with import, installed on its own", () => {
  const required = node([
    "-e",
    "const c = require('@sip-transfer/client'); console.log([typeof c.createSipTransferClient, typeof c.verifyWebhook, typeof c.SipTransferError].join())",
  ]);
  expect(required.trim()).toBe("function,function,function");
  const imported = node([
    "--input-type=module",
    "-e",
    "import { createSipTransferClient, WebhookVerificationError } from '@sip-transfer/client'; console.log(typeof createSipTransferClient, typeof WebhookVerificationError)",
  ]);
  expect(imported.trim()).toBe("function function");
});

it("installs the sip-transfer command", () => {
  const help = execFileSync(join(consumer, "node_modules/.bin/sip-transfer"), ["--help"], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${join(process.execPath, "..")}:${process.env["PATH"]}` },
  });
  expect(help).toMatch(/^sip-transfer — transfer a SIP call/);
});
