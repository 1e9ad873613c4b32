import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SECRETS_IN_TESTS } from "./secrets.js";

/**
 * Every log line the server writes during the whole test run (the harness and the processes the
 * tests start append theirs to this folder) is searched for every secret the tests configure or
 * send. One found fails the run, naming the secret's owner and the line.
 */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), "sip-transfer-test-logs-"));
  process.env["SIP_TRANSFER_TEST_LOG_DIR"] = dir;
  return () => {
    const files = readdirSync(dir);
    const lines = files.flatMap((file) => readFileSync(join(dir, file), "utf8").split("\n")).filter(Boolean);
    rmSync(dir, { recursive: true, force: true });
    // The whole suite (`pnpm test`) writes about a thousand lines; far fewer means the collection broke.
    if (process.env["npm_lifecycle_event"] === "test" && lines.length < 500) {
      throw new Error(`only ${lines.length} log lines were collected: the secrets check would prove nothing`);
    }
    const found = Object.entries(SECRETS_IN_TESTS).flatMap(([name, secret]) => {
      const line = lines.find((l) => l.includes(secret));
      return line ? [`${name} in: ${line.slice(0, 400)}`] : [];
    });
    if (found.length > 0) throw new Error(`secrets reached the logs:\n${found.join("\n")}`);
    console.log(
      `secrets check: ${lines.length} log lines of the whole run, none holds any of ${Object.keys(SECRETS_IN_TESTS).length} secrets`,
    );
  };
}
