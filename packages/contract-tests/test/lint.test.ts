import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const redocly = fileURLToPath(new URL("../node_modules/.bin/redocly", import.meta.url));

describe("spec/openapi.yaml", () => {
  it("lints clean with Redocly CLI and the repo's redocly.yaml", async () => {
    const result = await promisify(execFile)(redocly, ["lint", "--config", "redocly.yaml", "--format", "stylish"], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).then(
      (ok) => ({ ...ok, code: 0 }),
      (failed: { stdout?: string; stderr?: string; code?: number | string; message: string }) => ({
        stdout: failed.stdout ?? "",
        stderr: `${failed.stderr ?? ""}${failed.message}`,
        code: failed.code ?? 1,
      }),
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output).toContain("Your API description is valid");
    expect(output).not.toMatch(/\b(errors?|warnings?)\b/i);
    expect(result.code).toBe(0);
  }, 30_000);
});
