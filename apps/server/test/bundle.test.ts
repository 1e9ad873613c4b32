import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSipTransferClient } from "@sip-transfer/client";
import { type LiveKitStandIn, type OtlpReceiver, startLiveKitStandIn, startOtlpReceiver } from "@sip-transfer/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { collectLogLine } from "./secrets.js";

// The production bundle (scripts/bundle/make, what the Dockerfile runs) started from a folder
// outside the repository, with only its production dependencies: it serves the API, the contract,
// the docs page and the transfers console, and transfers a call.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sip-transfer-bundle-"));
const bundle = join(dir, "app");
let standIn: LiveKitStandIn;
let collector: OtlpReceiver;
let child: ChildProcess | undefined;
let url = "";

beforeAll(async () => {
  execFileSync(join(root, "scripts/bundle/make"), [bundle], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, CI: "true" },
  });
  standIn = await startLiveKitStandIn();
  standIn.addRoom({ name: "call-room-123", participants: [{ identity: "sip_participant_456", kind: "SIP" }] });
  // Traces on: the OpenTelemetry SDK, loaded only then, must be among the bundle's dependencies.
  collector = await startOtlpReceiver();
  child = spawn(process.execPath, ["dist/main.js"], {
    cwd: bundle,
    env: {
      PATH: process.env["PATH"] ?? "",
      PORT: "0", // a free port, named in the "listening" line
      HOST: "127.0.0.1",
      LIVEKIT_URL: standIn.url,
      LIVEKIT_API_KEY: standIn.apiKey,
      LIVEKIT_API_SECRET: standIn.apiSecret,
      RESPONSE_VALIDATION: "fail",
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    collectLogLine(chunk.toString());
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!output.includes("sip-transfer listening")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the bundle did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const listening = output.split("\n").find((line) => line.includes('"msg":"sip-transfer listening"'));
  url = (JSON.parse(listening!) as { url: string }).url;
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child!.once("exit", resolve));
  }
  await standIn?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("holds the built server and its production dependencies only", () => {
  for (const present of [
    "dist/main.js",
    "dist/openapi.yaml",
    "dist/docs/redoc.standalone.js",
    "dist/console/console.js",
    "node_modules/express",
    "node_modules/@sip-transfer/domain/dist/index.js",
  ]) {
    expect(existsSync(join(bundle, present)), present).toBe(true);
  }
  for (const absent of [
    "src",
    "test",
    "node_modules/vitest",
    "node_modules/redoc",
    "node_modules/playwright-core",
    "node_modules/@sip-transfer/domain/src",
    "node_modules/typescript",
  ]) {
    expect(existsSync(join(bundle, absent)), absent).toBe(false);
  }
});

it("starts outside the repository and serves health, readiness, the contract, the docs page, the console and a transfer", async () => {
  expect((await fetch(`${url}/health`)).status).toBe(200);
  expect(await (await fetch(`${url}/ready`)).json()).toEqual({
    status: "ready",
    checks: { store: "ok", livekit: "ok" },
  });
  expect(((await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string }).openapi).toBe("3.1.0");
  expect((await fetch(`${url}/docs/redoc.standalone.js`)).status).toBe(200);
  expect(await (await fetch(`${url}/console`)).text()).toContain('<script type="module" src="/console/console.js">');
  for (const file of ["console.js", "console.css"]) expect((await fetch(`${url}/console/${file}`)).status).toBe(200);
  const client = createSipTransferClient({ baseUrl: url, retries: 0 });
  await expect(
    client.transfer({
      room_name: "call-room-123",
      participant_identity: "sip_participant_456",
      transfer_to: "+15551234567",
    }),
  ).resolves.toMatchObject({
    status: "completed",
  });
  // Its spans reach the collector (protobuf, the default), within a batch's delay.
  await collector.waitFor(() => collector.requests.length > 0, "the bundle's traces");
  expect(collector.requests[0]).toMatchObject({ path: "/v1/traces", contentType: "application/x-protobuf" });
  // Its default store is a SQLite file under the folder it runs in.
  expect(existsSync(join(bundle, "data", "sip-transfer.sqlite"))).toBe(true);
});

it("the Dockerfile builds that bundle in a build stage and runs it as a non-root user with a health check", () => {
  const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
  const stages = dockerfile.match(/^FROM node:24-bookworm-slim\b.*$/gm) ?? [];
  expect(stages).toHaveLength(2);
  expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
  expect(dockerfile).toMatch(/pnpm build --filter=@sip-transfer\/server\.\.\./);
  expect(dockerfile).toMatch(/scripts\/bundle\/make \/app/);
  expect(dockerfile).toMatch(/^COPY --from=build \/app \/app$/m);
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health/m);
  expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  // Everything after USER runs unprivileged: no later USER root.
  expect(dockerfile.slice(dockerfile.indexOf("USER node"))).not.toMatch(/^USER (root|0)\b/m);
});

it("deploy/compose.yaml runs two replicas of that image on one Redis", () => {
  const compose = parse(readFileSync(join(root, "deploy/compose.yaml"), "utf8"), { merge: true }) as {
    services: Record<
      string,
      { image?: string; build?: unknown; environment?: Record<string, string>; ports?: string[] }
    >;
  };
  const replicas = Object.entries(compose.services).filter(([name]) => name.startsWith("sip-transfer"));
  expect(replicas).toHaveLength(2);
  for (const [, service] of replicas) {
    expect(service.environment?.["STORE_URL"]).toBe("redis://redis:6379/0");
    expect(service.image).toBe("sip-transfer");
    // Never anonymous by accident: compose refuses to start without the tenants.
    expect(service.environment?.["AUTH_API_SECRETS_JSON"]).toMatch(/^\$\{AUTH_API_SECRETS_JSON:\?.+\}$/);
    // Behind its load balancer (or Docker's port proxy) the limits need TRUST_PROXY.
    expect(service.environment?.["TRUST_PROXY"]).toBe("${TRUST_PROXY:-}");
  }
  expect(compose.services["redis"]?.image).toMatch(/^redis:7/);
  expect(new Set(replicas.map(([, s]) => s.ports?.[0])).size).toBe(2);
});
