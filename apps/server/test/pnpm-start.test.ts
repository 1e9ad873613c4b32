import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSipTransferClient, verifyWebhook } from "@sip-transfer/client";
import {
  type LiveKitStandIn,
  type OtlpReceiver,
  type WebhookReceiver,
  startLiveKitStandIn,
  startOtlpReceiver,
  startWebhookReceiver,
} from "@sip-transfer/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../src/config.js";
import { SECRETS_IN_TESTS, collectLogLine } from "./secrets.js";

// Every variable the server reads must reach it through `pnpm start` (turbo drops what a task does
// not pass on). This sets each one to a value other than its default, runs the README's command,
// and checks the server used it.
const root = fileURLToPath(new URL("../../../", import.meta.url));
let standIn: LiveKitStandIn;
let child: ChildProcess | undefined;
let receiver: WebhookReceiver;
let collector: OtlpReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  collector = await startOtlpReceiver();
  standIn = await startLiveKitStandIn({
    apiKey: "key-from-env",
    apiSecret: SECRETS_IN_TESTS["pnpm start's LiveKit secret"],
  });
  standIn.addRoom({
    name: "room-a",
    metadata: '{"auth_id":"tenant-a"}',
    participants: [{ identity: "sip_1", kind: "SIP" }],
  });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGTERM");
  await standIn.close();
  await receiver.close();
  await collector.close();
});

it("pnpm start passes every configuration variable to the server", { timeout: 120_000 }, async () => {
  const storePath = join(mkdtempSync(join(tmpdir(), "sip-transfer-pnpm-start-")), "t.sqlite");
  const env: Record<(typeof CONFIG_VARIABLES)[number], string> = {
    // 0, not the default 3000: the server takes a free port and names it (a port picked here could
    // be taken by another process in the seconds pnpm start builds first).
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "debug",
    LIVEKIT_URL: standIn.url,
    LIVEKIT_API_KEY: standIn.apiKey,
    LIVEKIT_API_SECRET: standIn.apiSecret,
    AUTH_REQUIRED: "true",
    AUTH_API_SECRETS_JSON: JSON.stringify([
      {
        id: "tenant-a",
        secret: SECRETS_IN_TESTS["pnpm start's tenant secret"],
        webhook_url: `${receiver.url}/hooks`,
        webhook_secret: SECRETS_IN_TESTS["tenant-a's webhook secret"],
      },
    ]),
    TRANSFER_WAIT_MS: "1234",
    PHONE_DEFAULT_REGION: "GB",
    TRANSFER_MAX_EXTENSION_DIGITS: "4",
    RESPONSE_VALIDATION: "fail",
    SHUTDOWN_GRACE_MS: "1500",
    STORE_URL: `sqlite:${storePath}`,
    IDEMPOTENCY_TTL_S: "120",
    TRANSFER_RETENTION_S: "3600",
    AUTH_FAILURE_LIMIT: "7",
    AUTH_FAILURE_WINDOW_S: "90",
    HTTP_HEADERS_TIMEOUT_MS: "9000",
    HTTP_REQUEST_TIMEOUT_MS: "14000",
    HTTP_KEEP_ALIVE_TIMEOUT_MS: "4000",
    HTTP_MAX_CONNECTIONS: "1500",
    HTTP_MAX_CONNECTIONS_PER_CLIENT: "40",
    TRANSFER_ALLOWED_COUNTRIES: "GB,US",
    TRANSFER_BLOCKED_NUMBER_TYPES: "PREMIUM_RATE,TOLL_FREE",
    TRANSFER_ALLOW_EXTENSIONS: "false",
    TRANSFER_SIP_DOMAINS: "pbx.example.com",
    WEBHOOK_URL: `http://127.0.0.1:9/hooks?token=${SECRETS_IN_TESTS["a token in a webhook URL"]}`,
    WEBHOOK_SECRET: SECRETS_IN_TESTS["pnpm start's webhook secret"],
    WEBHOOK_MAX_ATTEMPTS: "5",
    WEBHOOK_TIMEOUT_MS: "7000",
    WEBHOOK_RETRY_DELAY_MS: "2500",
    CORS_ORIGINS: "https://app.example.com, http://localhost:5173",
    TRANSFER_RATE_LIMIT: "30",
    TRANSFER_RATE_WINDOW_S: "120",
    METRICS_TOKEN: SECRETS_IN_TESTS["the metrics token"],
    TRUST_PROXY: "loopback, 10.0.0.0/8",
    READY_CACHE_MS: "1500",
    SIP_OUTBOUND_TRUNK_ID: "ST_pnpmStartTrunk",
    WARM_TRANSFER_CONSULT_TIMEOUT_S: "321",
    // Traces go to the collector: the traces' own endpoint over the general one (where nothing
    // listens), both headers, and only traces a caller started (the root ratio is 0). The SDK and
    // the exporter are named as on: their other values turn tracing off (config.test.ts).
    OTEL_SDK_DISABLED: "false",
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_HEADERS: "x-general=general-value",
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-traces=traces-value",
    OTEL_SERVICE_NAME: "sip-transfer-pnpm-start",
    OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=pnpm-start",
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: "0",
    OTEL_BSP_SCHEDULE_DELAY: "100",
    OTEL_BSP_EXPORT_TIMEOUT: "5000",
    OTEL_BSP_MAX_QUEUE_SIZE: "1000",
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "100",
  };
  // Only the variables under test (and what pnpm needs to run), nothing inherited by accident.
  const inherited = Object.fromEntries(
    ["PATH", "HOME", "TMPDIR"].filter((name) => process.env[name]).map((name) => [name, process.env[name]!]),
  );
  child = spawn("pnpm", ["start"], {
    cwd: root,
    env: { ...inherited, ...env, TURBO_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    collectLogLine(chunk.toString());
    for (const line of chunk.toString().split("\n")) {
      if (line.startsWith("{")) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // a line split across chunks; the listening line is short enough to arrive whole
        }
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 110_000;
  let listening: Record<string, unknown> | undefined;
  while (!(listening = lines.find((l) => l["msg"] === "sip-transfer listening"))) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`pnpm start did not listen:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const seen = listening["config"] as Record<string, unknown>;
  const tracing = seen["tracing"] as Record<string, unknown>;
  // How each variable shows; a variable added to CONFIG_VARIABLES without a row here fails the test.
  const observed: Record<(typeof CONFIG_VARIABLES)[number], unknown> = {
    PORT: seen["port"],
    HOST: seen["host"],
    LOG_LEVEL: seen["logLevel"],
    LIVEKIT_URL: seen["livekitUrl"],
    LIVEKIT_API_KEY: seen["livekitApiKey"],
    LIVEKIT_API_SECRET: seen["livekitApiKey"],
    AUTH_REQUIRED: seen["authRequired"],
    AUTH_API_SECRETS_JSON: seen["tenants"],
    TRANSFER_WAIT_MS: seen["transferWaitMs"],
    PHONE_DEFAULT_REGION: seen["phoneDefaultRegion"],
    TRANSFER_MAX_EXTENSION_DIGITS: seen["maxExtensionDigits"],
    RESPONSE_VALIDATION: seen["responseValidation"],
    SHUTDOWN_GRACE_MS: seen["shutdownGraceMs"],
    STORE_URL: seen["store"],
    IDEMPOTENCY_TTL_S: seen["idempotencyTtlS"],
    TRANSFER_RETENTION_S: seen["transferRetentionS"],
    AUTH_FAILURE_LIMIT: seen["authFailureLimit"],
    AUTH_FAILURE_WINDOW_S: seen["authFailureWindowS"],
    HTTP_HEADERS_TIMEOUT_MS: (seen["http"] as Record<string, unknown>)["headersTimeoutMs"],
    HTTP_REQUEST_TIMEOUT_MS: (seen["http"] as Record<string, unknown>)["requestTimeoutMs"],
    HTTP_KEEP_ALIVE_TIMEOUT_MS: (seen["http"] as Record<string, unknown>)["keepAliveTimeoutMs"],
    HTTP_MAX_CONNECTIONS: (seen["http"] as Record<string, unknown>)["maxConnections"],
    HTTP_MAX_CONNECTIONS_PER_CLIENT: (seen["http"] as Record<string, unknown>)["maxConnectionsPerClient"],
    TRANSFER_ALLOWED_COUNTRIES: (seen["destinations"] as Record<string, unknown>)["allowedCountries"],
    TRANSFER_BLOCKED_NUMBER_TYPES: (seen["destinations"] as Record<string, unknown>)["blockedNumberTypes"],
    TRANSFER_ALLOW_EXTENSIONS: (seen["destinations"] as Record<string, unknown>)["allowExtensions"],
    TRANSFER_SIP_DOMAINS: (seen["destinations"] as Record<string, unknown>)["sipDomains"],
    WEBHOOK_URL: (seen["webhooks"] as Record<string, unknown>)["anonymous"],
    WEBHOOK_SECRET: (seen["webhooks"] as Record<string, unknown>)["anonymous"],
    WEBHOOK_MAX_ATTEMPTS: (seen["webhooks"] as Record<string, unknown>)["maxAttempts"],
    WEBHOOK_TIMEOUT_MS: (seen["webhooks"] as Record<string, unknown>)["timeoutMs"],
    WEBHOOK_RETRY_DELAY_MS: (seen["webhooks"] as Record<string, unknown>)["retryDelayMs"],
    CORS_ORIGINS: seen["corsOrigins"],
    TRANSFER_RATE_LIMIT: (seen["transferRateLimit"] as Record<string, unknown>)["limit"],
    TRANSFER_RATE_WINDOW_S: (seen["transferRateLimit"] as Record<string, unknown>)["windowS"],
    METRICS_TOKEN: seen["metricsToken"],
    TRUST_PROXY: seen["trustProxy"],
    READY_CACHE_MS: seen["readyCacheMs"],
    SIP_OUTBOUND_TRUNK_ID: (seen["warmTransfers"] as Record<string, unknown>)["sipOutboundTrunkId"],
    WARM_TRANSFER_CONSULT_TIMEOUT_S: (seen["warmTransfers"] as Record<string, unknown>)["consultTimeoutS"],
    OTEL_SDK_DISABLED: tracing["exporting"],
    OTEL_TRACES_EXPORTER: tracing["exporting"],
    OTEL_EXPORTER_OTLP_ENDPOINT: tracing["otlpEndpoint"],
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: tracing["endpoint"],
    OTEL_EXPORTER_OTLP_PROTOCOL: tracing["protocol"],
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: tracing["protocol"],
    OTEL_EXPORTER_OTLP_HEADERS: tracing["headers"],
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: tracing["headers"],
    OTEL_SERVICE_NAME: tracing["serviceName"],
    OTEL_RESOURCE_ATTRIBUTES: tracing["resourceAttributes"],
    OTEL_TRACES_SAMPLER: tracing["sampler"],
    OTEL_TRACES_SAMPLER_ARG: tracing["samplerArg"],
    OTEL_BSP_SCHEDULE_DELAY: (tracing["batch"] as Record<string, unknown>)["scheduleDelayMs"],
    OTEL_BSP_EXPORT_TIMEOUT: (tracing["batch"] as Record<string, unknown>)["exportTimeoutMs"],
    OTEL_BSP_MAX_QUEUE_SIZE: (tracing["batch"] as Record<string, unknown>)["maxQueueSize"],
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: (tracing["batch"] as Record<string, unknown>)["maxExportBatchSize"],
  };
  expect(Object.keys(observed).sort()).toEqual([...CONFIG_VARIABLES].sort());
  expect(observed).toEqual({
    PORT: 0,
    HOST: "127.0.0.1",
    LOG_LEVEL: "debug",
    LIVEKIT_URL: standIn.url,
    LIVEKIT_API_KEY: "set",
    LIVEKIT_API_SECRET: "set",
    AUTH_REQUIRED: true,
    AUTH_API_SECRETS_JSON: ["tenant-a"],
    TRANSFER_WAIT_MS: 1234,
    PHONE_DEFAULT_REGION: "GB",
    TRANSFER_MAX_EXTENSION_DIGITS: 4,
    RESPONSE_VALIDATION: "fail",
    SHUTDOWN_GRACE_MS: 1500,
    STORE_URL: `sqlite:${storePath}`,
    IDEMPOTENCY_TTL_S: 120,
    TRANSFER_RETENTION_S: 3600,
    AUTH_FAILURE_LIMIT: 7,
    AUTH_FAILURE_WINDOW_S: 90,
    HTTP_HEADERS_TIMEOUT_MS: 9000,
    HTTP_REQUEST_TIMEOUT_MS: 14000,
    HTTP_KEEP_ALIVE_TIMEOUT_MS: 4000,
    HTTP_MAX_CONNECTIONS: 1500,
    HTTP_MAX_CONNECTIONS_PER_CLIENT: 40,
    TRANSFER_ALLOWED_COUNTRIES: ["GB", "US"],
    TRANSFER_BLOCKED_NUMBER_TYPES: ["PREMIUM_RATE", "TOLL_FREE"],
    TRANSFER_ALLOW_EXTENSIONS: false,
    TRANSFER_SIP_DOMAINS: ["pbx.example.com"],
    WEBHOOK_URL: "http://127.0.0.1:9",
    WEBHOOK_SECRET: "http://127.0.0.1:9",
    WEBHOOK_MAX_ATTEMPTS: 5,
    WEBHOOK_TIMEOUT_MS: 7000,
    WEBHOOK_RETRY_DELAY_MS: 2500,
    CORS_ORIGINS: ["https://app.example.com", "http://localhost:5173"],
    TRANSFER_RATE_LIMIT: 30,
    TRANSFER_RATE_WINDOW_S: 120,
    METRICS_TOKEN: "set",
    TRUST_PROXY: ["loopback", "10.0.0.0/8"],
    READY_CACHE_MS: 1500,
    SIP_OUTBOUND_TRUNK_ID: "ST_pnpmStartTrunk",
    WARM_TRANSFER_CONSULT_TIMEOUT_S: 321,
    OTEL_SDK_DISABLED: true,
    OTEL_TRACES_EXPORTER: true,
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9/",
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_HEADERS: ["x-general", "x-traces"],
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: ["x-general", "x-traces"],
    OTEL_SERVICE_NAME: "sip-transfer-pnpm-start",
    OTEL_RESOURCE_ATTRIBUTES: ["deployment.environment.name"],
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: 0,
    OTEL_BSP_SCHEDULE_DELAY: 100,
    OTEL_BSP_EXPORT_TIMEOUT: 5000,
    OTEL_BSP_MAX_QUEUE_SIZE: 1000,
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 100,
  });
  expect((seen["webhooks"] as Record<string, unknown>)["tenants"]).toEqual({ "tenant-a": receiver.url });
  // And they work together: the key and secret sign LiveKit calls, the token is a tenant's, the
  // region normalises a national number.
  const traceId = "5e1f7a0c9b3d4e2f8a6b0c1d2e3f4a5b";
  const client = createSipTransferClient({
    baseUrl: String(listening["url"]),
    token: SECRETS_IN_TESTS["pnpm start's tenant secret"],
    retries: 0,
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  });
  await expect(
    client.transfer({ room_name: "room-a", participant_identity: "sip_1", transfer_to: "07123 456789" }),
  ).resolves.toMatchObject({
    status: "completed",
    transfer_to: "tel:+447123456789",
  });
  // The tenant's webhook, signed with its secret.
  const [delivery] = await receiver.waitFor(1);
  expect(
    verifyWebhook(delivery!.rawBody, delivery!.headers, SECRETS_IN_TESTS["tenant-a's webhook secret"]),
  ).toMatchObject({
    type: "transfer.completed",
    data: { transfer_to: "tel:+447123456789" },
  });
  // The request's trace, continued from its traceparent, at the traces' endpoint with both headers
  // and the resource named by the environment (the batch goes within OTEL_BSP_SCHEDULE_DELAY).
  await collector.waitFor(
    () => collector.spans().some((span) => span.traceId === traceId && span.kind === 2),
    "the request's trace",
  );
  expect(collector.requests[0]).toMatchObject({
    contentType: "application/json",
    headers: { "x-general": "general-value", "x-traces": "traces-value" },
  });
  expect(collector.spans().find((span) => span.kind === 2)).toMatchObject({
    name: "POST /sip/transfer",
    resource: { "service.name": "sip-transfer-pnpm-start", "deployment.environment.name": "pnpm-start" },
  });
  child.kill("SIGTERM");
});
