import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, ConfigError, describeConfig, loadConfig } from "../src/config.js";
import { SECRETS_IN_TESTS } from "./secrets.js";

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: "0.0.0.0",
      logLevel: "info",
      livekit: undefined,
      livekitMissing: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
      auth: {
        required: false,
        secrets: [],
        anonymousAlongsideTenants: false,
        failureLimit: 20,
        failureWindowMs: 60_000,
      },
      transferWaitMs: 2000,
      phoneDefaultRegion: undefined,
      maxExtensionDigits: 6,
      responseValidation: "log",
      shutdownGraceMs: 25000,
      http: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 15_000,
        keepAliveTimeoutMs: 5_000,
        maxConnections: 2_000,
        maxConnectionsPerClient: 100,
      },
      destinations: {
        global: { blockedNumberTypes: ["PREMIUM_RATE"], allowExtensions: true, sipDomains: [] },
        tenants: new Map(),
      },
      store: { kind: "sqlite", path: expect.stringMatching(/\/data\/sip-transfer\.sqlite$/) },
      idempotencyTtlMs: 86_400_000,
      transferRetentionMs: 604_800_000,
      webhooks: { anonymous: undefined, maxAttempts: 8, attemptTimeoutMs: 10_000, retryDelayMs: 5_000 },
      corsOrigins: [],
      transferRateLimit: { limit: 60, windowMs: 60_000 },
      metricsToken: undefined,
      trustProxy: false,
      readyCacheMs: 2000,
      warmTransfers: { sipOutboundTrunkId: undefined, consultTimeoutMs: 900_000 },
      tracing: {
        exporting: false,
        off: ["no OTEL_EXPORTER_OTLP_ENDPOINT"],
        url: undefined,
        otlpEndpoint: undefined,
        protocol: "http/protobuf",
        headers: {},
        serviceName: "sip-transfer",
        resourceAttributes: {},
        sampler: "parentbased_always_on",
        samplerRatio: 1,
        batch: { scheduledDelayMillis: 5000, exportTimeoutMillis: 30_000, maxQueueSize: 2048, maxExportBatchSize: 512 },
      },
    });
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      LOG_LEVEL: "debug",
      LIVEKIT_URL: "ws://127.0.0.1:7880",
      LIVEKIT_API_KEY: "devkey",
      LIVEKIT_API_SECRET: "secret",
      AUTH_REQUIRED: "true",
      AUTH_API_SECRETS_JSON:
        '[{"id":"tenant-a","secret":"s1-0123456789abcdef"},{"id":"tenant-b","secret":"s2-0123456789abcdef"}]',
      AUTH_FAILURE_LIMIT: "5",
      AUTH_FAILURE_WINDOW_S: "30",
      TRANSFER_WAIT_MS: "0",
      PHONE_DEFAULT_REGION: "gb",
      TRANSFER_MAX_EXTENSION_DIGITS: "4",
      RESPONSE_VALIDATION: "fail",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      logLevel: "debug",
      livekit: { url: "ws://127.0.0.1:7880", apiKey: "devkey", apiSecret: "secret" },
      auth: {
        required: true,
        secrets: [
          { id: "tenant-a", secret: "s1-0123456789abcdef" },
          { id: "tenant-b", secret: "s2-0123456789abcdef" },
        ],
        anonymousAlongsideTenants: false,
        failureLimit: 5,
        failureWindowMs: 30_000,
      },
      transferWaitMs: 0,
      phoneDefaultRegion: "GB",
      maxExtensionDigits: 4,
      responseValidation: "fail",
    });
  });

  it("reads READY_CACHE_MS, 0 turning /ready's cache off", () => {
    expect(loadConfig({ READY_CACHE_MS: "0" }).readyCacheMs).toBe(0);
    expect(loadConfig({ READY_CACHE_MS: "5000" }).readyCacheMs).toBe(5000);
  });

  it("reads HTTP_MAX_CONNECTIONS_PER_CLIENT, 0 turning the per-client cap off", () => {
    expect(loadConfig({ HTTP_MAX_CONNECTIONS_PER_CLIENT: "0" }).http.maxConnectionsPerClient).toBe(0);
    expect(loadConfig({ HTTP_MAX_CONNECTIONS_PER_CLIENT: "20" }).http.maxConnectionsPerClient).toBe(20);
  });

  it("runs without LiveKit when a variable is missing, and says which", () => {
    const config = loadConfig({ LIVEKIT_URL: "http://127.0.0.1:7880", LIVEKIT_API_KEY: "devkey" });
    expect(config.livekit).toBeUndefined();
    expect(config.livekitMissing).toEqual(["LIVEKIT_API_SECRET"]);
  });

  it("refuses to start with AUTH_REQUIRED=true and no secrets", () => {
    expect(problemsOf({ AUTH_REQUIRED: "true" })[0]).toMatch(/AUTH_REQUIRED is true but no API secret/);
  });

  it.each([
    [{ PORT: "http" }, /PORT must be a whole number/],
    [{ PORT: "70000" }, /PORT must be a whole number/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
    [{ LIVEKIT_URL: "localhost:7880" }, /LIVEKIT_URL must be an http/],
    [{ AUTH_REQUIRED: "maybe" }, /AUTH_REQUIRED must be true or false/],
    [{ AUTH_API_SECRETS_JSON: "{" }, /AUTH_API_SECRETS_JSON is not valid JSON/],
    [{ AUTH_API_SECRETS_JSON: '{"id":"a","secret":"s"}' }, /is not a JSON array/],
    [{ AUTH_API_SECRETS_JSON: '[{"id":"","secret":"s"}]' }, /entry 0 has no non-empty string "id"/],
    [{ AUTH_API_SECRETS_JSON: '[{"id":"a"}]' }, /entry 0 \(id 'a'\) has no non-empty string "secret"/],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":"s-0123456789abcdef"},{"id":"b","secret":"s-0123456789abcdef"}]' },
      /same secret twice/,
    ],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":"fifteen-chars-x"}]' },
      /entry 0 \(id 'a'\) has a secret shorter than 16 characters/,
    ],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":[]}]' },
      /entry 0 \(id 'a'\) has no non-empty string "secret" \(or, while rotating keys, a list of 1 to 3 of them\)/,
    ],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":["s-0123456789abcdef","s-1","s-2","s-3"]}]' },
      /a list of 1 to 3 of them/,
    ],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":["s-0123456789abcdef","short"]}]' },
      /entry 0 \(id 'a'\) has a secret shorter than 16 characters/,
    ],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":["s-0123456789abcdef","s-0123456789abcdef"]}]' },
      /entry 0 \(id 'a'\) lists the same secret twice/,
    ],
    [
      {
        AUTH_API_SECRETS_JSON:
          '[{"id":"a","secret":["s-new-0123456789abc","s-0123456789abcdef"]},{"id":"b","secret":"s-0123456789abcdef"}]',
      },
      /same secret twice \(entries 0 and 1\)/,
    ],
    [{ AUTH_FAILURE_LIMIT: "0" }, /AUTH_FAILURE_LIMIT must be a whole number from 1/],
    [{ TRANSFER_WAIT_MS: "-1" }, /TRANSFER_WAIT_MS must be a whole number/],
    [{ TRANSFER_WAIT_MS: "2s" }, /TRANSFER_WAIT_MS must be a whole number/],
    [{ PHONE_DEFAULT_REGION: "XX" }, /PHONE_DEFAULT_REGION must be a two-letter region code/],
    [{ TRANSFER_MAX_EXTENSION_DIGITS: "0" }, /TRANSFER_MAX_EXTENSION_DIGITS must be a whole number from 1 to 15/],
    [{ TRANSFER_MAX_EXTENSION_DIGITS: "16" }, /TRANSFER_MAX_EXTENSION_DIGITS must be a whole number from 1 to 15/],
    [{ RESPONSE_VALIDATION: "maybe" }, /RESPONSE_VALIDATION must be one of fail, log, off/],
    [{ READY_CACHE_MS: "-1" }, /READY_CACHE_MS must be a whole number from 0 to 60000/],
    [
      { HTTP_MAX_CONNECTIONS_PER_CLIENT: "-1" },
      /HTTP_MAX_CONNECTIONS_PER_CLIENT must be a whole number from 0 to 1000000/,
    ],
    [
      { HTTP_MAX_CONNECTIONS_PER_CLIENT: "many" },
      /HTTP_MAX_CONNECTIONS_PER_CLIENT must be a whole number from 0 to 1000000/,
    ],
    [{ READY_CACHE_MS: "2s" }, /READY_CACHE_MS must be a whole number from 0 to 60000/],
  ])("rejects %j", (env, problem) => {
    expect(problemsOf(env as Record<string, string>).join("\n")).toMatch(problem);
  });

  it("reports every problem at once and never echoes a secret", () => {
    const secret = "super-secret-value";
    const problems = problemsOf({
      PORT: "x",
      AUTH_API_SECRETS_JSON: `[{"id":"a","secret":"${secret}"},{"id":"b","secret":"${secret}"}]`,
    });
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).not.toContain(secret);
  });

  it("refuses two tenants with the same id, naming the entries (the last one no longer wins silently)", () => {
    const problems = problemsOf({
      AUTH_API_SECRETS_JSON: JSON.stringify([
        { id: "tenant-a", secret: "a-secret-of-24-characters" },
        { id: "tenant-b", secret: "b-secret-of-24-characters" },
        { id: "tenant-a", secret: "c-secret-of-24-characters" },
      ]),
    });
    expect(problems).toEqual([
      "AUTH_API_SECRETS_JSON has the id 'tenant-a' in more than one entry (entries 0 and 2): each tenant has one entry",
    ]);
    expect(problems.join("\n")).not.toMatch(/[abc]-secret-of-24/);
  });

  it("names every bad tenant entry at once, not only the first, and never echoes a secret", () => {
    const short = "short-secret";
    const problems = problemsOf({
      AUTH_API_SECRETS_JSON: JSON.stringify([
        { id: "", secret: "a-secret-of-24-characters" },
        { id: "tenant-b", secret: short },
        null,
        { id: "tenant-d" },
        { id: "tenant-e", secret: "e-secret-of-24-characters", allow_extensions: "no" },
        { id: "tenant-f", secret: "f-secret-of-24-characters" },
        { id: "tenant-g", secret: "f-secret-of-24-characters" },
      ]),
    });
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^AUTH_API_SECRETS_JSON entry 0 has no non-empty string "id"/);
    expect(problems[1]).toMatch(
      /^AUTH_API_SECRETS_JSON entry 1 \(id 'tenant-b'\) has a secret shorter than 16 characters/,
    );
    expect(problems[2]).toMatch(/^AUTH_API_SECRETS_JSON entry 2 is not an object/);
    expect(problems[3]).toMatch(/^AUTH_API_SECRETS_JSON entry 3 \(id 'tenant-d'\) has no non-empty string "secret"/);
    expect(problems[4]).toMatch(
      /^AUTH_API_SECRETS_JSON entry 4 \(id 'tenant-e'\): "allow_extensions" must be true or false/,
    );
    expect(problems[5]).toBe(
      "AUTH_API_SECRETS_JSON has the same secret twice (entries 5 and 6): each tenant needs its own",
    );
    expect(problems.join("\n")).not.toMatch(/short-secret|-secret-of-24/);
  });

  it("refuses an IDEMPOTENCY_TTL_S longer than TRANSFER_RETENTION_S: a replay would hand out an id that answers 404", () => {
    expect(problemsOf({ IDEMPOTENCY_TTL_S: "7200", TRANSFER_RETENTION_S: "3600" })).toEqual([
      "IDEMPOTENCY_TTL_S (7200 s) must not be longer than TRANSFER_RETENTION_S (3600 s): a replay after the record is deleted would answer with a transfer id that is 404",
    ]);
    // The default TTL (1 day) against a shorter retention, and the limits' own messages alone when a value is wrong.
    expect(problemsOf({ TRANSFER_RETENTION_S: "3600" })).toHaveLength(1);
    expect(problemsOf({ IDEMPOTENCY_TTL_S: "x", TRANSFER_RETENTION_S: "3600" })).toEqual([
      "IDEMPOTENCY_TTL_S must be a whole number from 60 to 2592000, got 'x'",
    ]);
    expect(loadConfig({ IDEMPOTENCY_TTL_S: "3600", TRANSFER_RETENTION_S: "3600" }).idempotencyTtlMs).toBe(3_600_000);
  });

  it("reports a duplicate id, a bad entry, the TTL and another variable's problem together", () => {
    const problems = problemsOf({
      PORT: "x",
      IDEMPOTENCY_TTL_S: "7200",
      TRANSFER_RETENTION_S: "3600",
      AUTH_API_SECRETS_JSON: JSON.stringify([
        { id: "a", secret: "a-secret-of-24-characters" },
        { id: "b", secret: "b" },
        { id: "a", secret: "c-secret-of-24-characters" },
      ]),
    });
    expect(problems.map((p) => p.split(" ")[0])).toEqual([
      "PORT",
      "AUTH_API_SECRETS_JSON",
      "AUTH_API_SECRETS_JSON",
      "IDEMPOTENCY_TTL_S",
    ]);
  });

  it("refuses credentials inside LIVEKIT_URL, without repeating them", () => {
    const problems = problemsOf({
      LIVEKIT_URL: `https://admin:${SECRETS_IN_TESTS["a LiveKit URL password"]}@livekit.example.com`,
    });
    expect(problems).toEqual([
      "LIVEKIT_URL must not contain credentials (user:password@); LiveKit authenticates with LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
    ]);
    expect(problems.join(" ")).not.toContain(SECRETS_IN_TESTS["a LiveKit URL password"]);
  });

  it("secure by default: tenant secrets make a token required unless AUTH_REQUIRED=false says otherwise", () => {
    const secrets = '[{"id":"tenant-a","secret":"a-secret-of-24-characters"}]';
    expect(loadConfig({ AUTH_API_SECRETS_JSON: secrets }).auth).toMatchObject({
      required: true,
      anonymousAlongsideTenants: false,
    });
    expect(loadConfig({ AUTH_API_SECRETS_JSON: secrets, AUTH_REQUIRED: "false" }).auth).toMatchObject({
      required: false,
      anonymousAlongsideTenants: true,
    });
    expect(loadConfig({}).auth).toMatchObject({ required: false, anonymousAlongsideTenants: false });
  });

  it("reads the destination policy and each tenant's overrides", () => {
    const config = loadConfig({
      TRANSFER_ALLOWED_COUNTRIES: "us, gb",
      TRANSFER_BLOCKED_NUMBER_TYPES: "PREMIUM_RATE,shared_cost",
      TRANSFER_ALLOW_EXTENSIONS: "false",
      TRANSFER_SIP_DOMAINS: "pbx.example.com, *.calls.example.org",
      AUTH_API_SECRETS_JSON: JSON.stringify([
        {
          id: "tenant-a",
          secret: "a-secret-of-24-characters",
          allowed_countries: ["DE"],
          allow_extensions: true,
          sip_domains: ["cc.tenant-a.example"],
        },
        { id: "tenant-b", secret: "b-secret-of-24-characters" },
      ]),
    });
    const global = {
      allowedCountries: ["US", "GB"],
      blockedNumberTypes: ["PREMIUM_RATE", "SHARED_COST"],
      allowExtensions: false,
      sipDomains: ["pbx.example.com", "*.calls.example.org"],
    };
    expect(config.destinations.global).toEqual(global);
    expect(config.destinations.tenants.get("tenant-a")).toEqual({
      ...global,
      allowedCountries: ["DE"],
      allowExtensions: true,
      sipDomains: ["cc.tenant-a.example"],
    });
    expect(config.destinations.tenants.has("tenant-b")).toBe(false);
    expect(loadConfig({ TRANSFER_BLOCKED_NUMBER_TYPES: "none" }).destinations.global.blockedNumberTypes).toEqual([]);
  });

  it.each([
    [
      { TRANSFER_ALLOWED_COUNTRIES: "US,XX,usa" },
      /TRANSFER_ALLOWED_COUNTRIES: XX, USA are not two-letter country codes/,
    ],
    [
      { TRANSFER_BLOCKED_NUMBER_TYPES: "PREMIUM" },
      /TRANSFER_BLOCKED_NUMBER_TYPES: PREMIUM not a number type; use PREMIUM_RATE/,
    ],
    [{ TRANSFER_SIP_DOMAINS: "pbx.example.com,http://x,*" }, /TRANSFER_SIP_DOMAINS: http:\/\/x, \* not a domain/],
    [{ TRANSFER_ALLOW_EXTENSIONS: "maybe" }, /TRANSFER_ALLOW_EXTENSIONS must be true or false/],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":"a-secret-of-24-characters","sip_domains":"pbx.example.com"}]' },
      /entry 0 \(id 'a'\): "sip_domains" must be an array of strings/,
    ],
    [
      { AUTH_API_SECRETS_JSON: '[{"id":"a","secret":"a-secret-of-24-characters","allow_extensions":"no"}]' },
      /"allow_extensions" must be true or false/,
    ],
  ])("refuses a wrong destination setting %j with a clear message", (env, message) => {
    expect(problemsOf(env as Record<string, string>).join("\n")).toMatch(message);
  });

  const hookA = SECRETS_IN_TESTS["tenant-a's webhook secret"];
  const hookAnon = SECRETS_IN_TESTS["the anonymous webhook secret"];

  it("reads webhook targets: each tenant's entry, WEBHOOK_URL for anonymous transfers, and the delivery settings", () => {
    const config = loadConfig({
      WEBHOOK_URL: "http://127.0.0.1:8080/hooks",
      WEBHOOK_SECRET: hookAnon,
      WEBHOOK_MAX_ATTEMPTS: "3",
      WEBHOOK_TIMEOUT_MS: "2500",
      WEBHOOK_RETRY_DELAY_MS: "1000",
      AUTH_REQUIRED: "false",
      AUTH_API_SECRETS_JSON: JSON.stringify([
        {
          id: "tenant-a",
          secret: "a-secret-of-24-characters",
          webhook_url: " https://hooks.a.example/sip ",
          webhook_secret: hookA,
        },
        { id: "tenant-b", secret: "b-secret-of-24-characters" },
      ]),
    });
    expect(config.webhooks).toEqual({
      anonymous: { url: "http://127.0.0.1:8080/hooks", secret: hookAnon },
      maxAttempts: 3,
      attemptTimeoutMs: 2500,
      retryDelayMs: 1000,
    });
    expect(config.auth.secrets.map((s) => s.webhook)).toEqual([
      { url: "https://hooks.a.example/sip", secret: hookA },
      undefined,
    ]);
  });

  const tenant = (extra: Record<string, unknown>) => ({
    AUTH_API_SECRETS_JSON: JSON.stringify([{ id: "a", secret: "a-secret-of-24-characters", ...extra }]),
  });
  it.each([
    [{ WEBHOOK_URL: "http://127.0.0.1/x" }, /WEBHOOK_URL is set but WEBHOOK_SECRET is not/],
    [{ WEBHOOK_SECRET: hookAnon }, /WEBHOOK_SECRET is set but WEBHOOK_URL is not/],
    [
      { WEBHOOK_URL: "ftp://example.com/x", WEBHOOK_SECRET: hookAnon },
      /WEBHOOK_URL must be http:\/\/ or https:\/\/, not ftp:/,
    ],
    [{ WEBHOOK_URL: "hooks.example.com", WEBHOOK_SECRET: hookAnon }, /WEBHOOK_URL is not a URL/],
    [{ WEBHOOK_URL: "https://example.com/x", WEBHOOK_SECRET: "plain-secret" }, /WEBHOOK_SECRET must start with whsec_/],
    [
      { WEBHOOK_URL: "https://example.com/x", WEBHOOK_SECRET: "whsec_c2hvcnQ=" },
      /WEBHOOK_SECRET must encode 24 to 64 random bytes, got 5/,
    ],
    [{ WEBHOOK_MAX_ATTEMPTS: "0" }, /WEBHOOK_MAX_ATTEMPTS must be a whole number from 1 to 20/],
    [{ WEBHOOK_TIMEOUT_MS: "600000" }, /WEBHOOK_TIMEOUT_MS must be a whole number from 100 to 60000/],
    [
      tenant({ webhook_url: "https://hooks.example/x" }),
      /entry 0 \(id 'a'\): "webhook_url" is set but "webhook_secret" is not/,
    ],
    [
      tenant({ webhook_url: "javascript:alert(1)", webhook_secret: hookA }),
      /entry 0 \(id 'a'\): "webhook_url" must be http:\/\/ or https:\/\//,
    ],
    [
      tenant({ webhook_url: 42, webhook_secret: hookA }),
      /"webhook_url" must be a string and "webhook_secret" a string or an array of strings/,
    ],
    [
      tenant({ webhook_url: "https://hooks.example/x", webhook_secret: [hookA, "whsec_short"] }),
      /"webhook_secret" must be whsec_ followed by standard base64/,
    ],
    [
      { WEBHOOK_URL: "https://example.com/x", WEBHOOK_SECRET: [hookAnon, hookAnon, hookAnon, hookAnon].join(" ") },
      /WEBHOOK_SECRET may hold at most 3 secrets/,
    ],
    [
      tenant({ webhookUrl: "https://hooks.example/x" }),
      /entry 0 \(id 'a'\) has unknown key "webhookUrl"; known: id, secret/,
    ],
  ])("refuses a wrong webhook setting %j with a clear message", (env, message) => {
    expect(problemsOf(env as Record<string, string>).join("\n")).toMatch(message);
  });

  it("warm transfers: the outbound trunk (a tenant's wins) and the consult's limit, each checked", () => {
    const config = loadConfig({
      SIP_OUTBOUND_TRUNK_ID: "ST_global1",
      WARM_TRANSFER_CONSULT_TIMEOUT_S: "120",
      AUTH_API_SECRETS_JSON: JSON.stringify([
        { id: "a", secret: "a".repeat(24), sip_outbound_trunk_id: "ST_tenantA" },
        { id: "b", secret: "b".repeat(24) },
      ]),
    });
    expect(config.warmTransfers).toEqual({ sipOutboundTrunkId: "ST_global1", consultTimeoutMs: 120_000 });
    expect(config.auth.secrets.map((t) => t.sipOutboundTrunkId)).toEqual(["ST_tenantA", undefined]);
    expect(problemsOf({ SIP_OUTBOUND_TRUNK_ID: "trunk-1" }).join("\n")).toMatch(
      /SIP_OUTBOUND_TRUNK_ID must be a LiveKit trunk id such as ST_a1b2c3/,
    );
    expect(problemsOf({ WARM_TRANSFER_CONSULT_TIMEOUT_S: "5" }).join("\n")).toMatch(
      /WARM_TRANSFER_CONSULT_TIMEOUT_S must be a whole number from 10 to 86400/,
    );
    expect(
      problemsOf({
        AUTH_API_SECRETS_JSON: JSON.stringify([{ id: "a", secret: "a".repeat(24), sip_outbound_trunk_id: 7 }]),
      }).join("\n"),
    ).toMatch(/entry 0 \(id 'a'\): "sip_outbound_trunk_id" must be a string/);
  });

  it("takes several webhook secrets while rotating: the first signs, the others sign too", () => {
    const config = loadConfig({
      WEBHOOK_URL: "https://hooks.example.com/x",
      WEBHOOK_SECRET: `${hookAnon}, ${hookA}`,
      AUTH_REQUIRED: "false",
      AUTH_API_SECRETS_JSON: JSON.stringify([
        {
          id: "a",
          secret: "a-secret-of-24-characters",
          webhook_url: "https://hooks.a.example/",
          webhook_secret: [hookA, hookAnon],
        },
      ]),
    });
    expect(config.webhooks.anonymous).toEqual({
      url: "https://hooks.example.com/x",
      secret: hookAnon,
      alsoSignWith: [hookA],
    });
    expect(config.auth.secrets[0]?.webhook).toEqual({
      url: "https://hooks.a.example/",
      secret: hookA,
      alsoSignWith: [hookAnon],
    });
  });

  it("never repeats a webhook URL (it may hold a token) or secret in a problem", () => {
    const token = SECRETS_IN_TESTS["a token in a webhook URL"];
    const problems = problemsOf({
      WEBHOOK_URL: `https://user:${token}@hooks.example.com/x?token=${token}`,
      WEBHOOK_SECRET: `whsec_${token}`,
    });
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).not.toContain(token);
  });

  it("reads CORS_ORIGINS and refuses what is not an origin", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://app.example.com, http://localhost:5173/" }).corsOrigins).toEqual([
      "https://app.example.com",
      "http://localhost:5173",
    ]);
    expect(loadConfig({ CORS_ORIGINS: "*" }).corsOrigins).toBe("*");
    expect(problemsOf({ CORS_ORIGINS: "https://app.example.com/path, app.example.com, ftp://x.example, *" })).toEqual([
      "CORS_ORIGINS: 'https://app.example.com/path' is not an origin like https://app.example.com or http://localhost:5173 (or use * alone)",
      "CORS_ORIGINS: 'app.example.com' is not an origin like https://app.example.com or http://localhost:5173 (or use * alone)",
      "CORS_ORIGINS: 'ftp://x.example' is not an origin like https://app.example.com or http://localhost:5173 (or use * alone)",
      "CORS_ORIGINS: '*' is not an origin like https://app.example.com or http://localhost:5173 (or use * alone)",
    ]);
  });

  it("reads TRUST_PROXY and refuses `true` and what is not an address", () => {
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8 ::1 fd00::/8" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "::1",
      "fd00::/8",
    ]);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(problemsOf({ TRUST_PROXY: "true" })[0]).toMatch(
      /^TRUST_PROXY=true would believe any client's X-Forwarded-For/,
    );
    expect(problemsOf({ TRUST_PROXY: "lb.example.com, 10.0.0.0/33, 10.0.0.1" })).toEqual([
      "TRUST_PROXY: lb.example.com, 10.0.0.0/33 not an address, a CIDR or loopback, linklocal, uniquelocal",
    ]);
  });

  it("docs/configuration.md has a row for every variable, and none for a variable the server does not read", () => {
    const section = readFileSync(new URL("../../../docs/configuration.md", import.meta.url), "utf8");
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]);
    expect([...rows].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

describe("loadConfig: traces (OTEL_*)", () => {
  it("exports nothing without an endpoint, and nothing when the SDK or the exporter is off", () => {
    expect(loadConfig({ OTEL_SERVICE_NAME: "x" }).tracing).toMatchObject({ exporting: false, url: undefined });
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };
    expect(loadConfig({ ...endpoint, OTEL_SDK_DISABLED: "true" }).tracing).toMatchObject({
      exporting: false,
      off: ["OTEL_SDK_DISABLED=true"],
    });
    expect(loadConfig({ ...endpoint, OTEL_TRACES_EXPORTER: "none" }).tracing).toMatchObject({
      exporting: false,
      off: ["OTEL_TRACES_EXPORTER=none"],
    });
    expect(loadConfig(endpoint).tracing).toMatchObject({ exporting: true, off: [] });
  });

  it("sends to the general endpoint's /v1/traces, or to the traces' own endpoint as given", () => {
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).tracing.url).toBe(
      "http://collector:4318/v1/traces",
    );
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/base/" }).tracing.url).toBe(
      "https://otlp.example.com/base/v1/traces",
    );
    expect(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://tempo:4318/otlp/v1/traces",
      }).tracing.url,
    ).toBe("http://tempo:4318/otlp/v1/traces");
  });

  it("reads the protocol, headers, resource, sampler and batch settings", () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "HTTP/JSON",
      OTEL_EXPORTER_OTLP_HEADERS: "x-scope-orgid=acme, authorization=Basic%20dXNlcjpwYXNz",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-scope-orgid=traces-org,api-key=abc==",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod,service.name=from-attributes,team=a%2Cb",
      OTEL_SERVICE_NAME: "sip-transfer-eu",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.25",
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_BSP_EXPORT_TIMEOUT: "2000",
      OTEL_BSP_MAX_QUEUE_SIZE: "100",
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "10",
    }).tracing;
    expect(tracing).toMatchObject({
      protocol: "http/json",
      headers: { "x-scope-orgid": "traces-org", authorization: "Basic dXNlcjpwYXNz", "api-key": "abc==" },
      serviceName: "sip-transfer-eu",
      resourceAttributes: { "deployment.environment": "prod", "service.name": "from-attributes", team: "a,b" },
      sampler: "parentbased_traceidratio",
      samplerRatio: 0.25,
      batch: { scheduledDelayMillis: 100, exportTimeoutMillis: 2000, maxQueueSize: 100, maxExportBatchSize: 10 },
    });
    expect(loadConfig({ OTEL_RESOURCE_ATTRIBUTES: "service.name=from-attributes" }).tracing.serviceName).toBe(
      "from-attributes",
    );
  });

  it.each([
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      /^OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: traces are exported over OTLP\/HTTP only/,
    ],
    [{ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "grpc" }, /^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc is not supported/],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: "http" }, /^OTEL_EXPORTER_OTLP_PROTOCOL must be http\/protobuf or http\/json/],
    [{ OTEL_TRACES_EXPORTER: "zipkin" }, /^OTEL_TRACES_EXPORTER must be otlp or none/],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4317" },
      /^OTEL_EXPORTER_OTLP_ENDPOINT must be an http:\/\/ or https:\/\/ URL/,
    ],
    [{ OTEL_TRACES_SAMPLER: "jaeger_remote" }, /^OTEL_TRACES_SAMPLER must be one of/],
    [{ OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" }, /^OTEL_TRACES_SAMPLER_ARG must be a ratio/],
    [{ OTEL_BSP_SCHEDULE_DELAY: "soon" }, /^OTEL_BSP_SCHEDULE_DELAY must be a whole number/],
    [
      { OTEL_BSP_MAX_QUEUE_SIZE: "10", OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "20" },
      /^OTEL_BSP_MAX_EXPORT_BATCH_SIZE \(20\) must not be larger than OTEL_BSP_MAX_QUEUE_SIZE \(10\)/,
    ],
    [{ OTEL_RESOURCE_ATTRIBUTES: "deployment.environment" }, /^OTEL_RESOURCE_ATTRIBUTES must be key=value pairs/],
    [{ OTEL_SDK_DISABLED: "maybe" }, /^OTEL_SDK_DISABLED must be true or false/],
  ])("refuses to start with %o", (env, problem) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(problem)]);
  });

  it("never echoes a header's value, nor an endpoint's credentials, in a problem or the start-up line", () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_HEADERS: "api-key",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "authorization=Bearer%ZZ-token-value",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "otlp.example.com?token=endpoint-token",
    });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).not.toMatch(/api-key|token-value|endpoint-token/);
    const described = describeConfig(
      loadConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://user:endpoint-password@otlp.example.com/base?token=endpoint-token",
        OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer header-token",
      }),
      { description: "sqlite::memory:" },
    );
    expect(JSON.stringify(described)).not.toMatch(/endpoint-password|endpoint-token|header-token/);
    expect(described.tracing).toMatchObject({
      exporting: true,
      endpoint: "https://otlp.example.com/base/v1/traces",
      headers: ["authorization"],
    });
  });
});
