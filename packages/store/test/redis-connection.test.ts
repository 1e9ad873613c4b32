import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Attributes,
  type Context,
  type ContextManager,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  type SpanOptions,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  context,
  trace,
} from "@opentelemetry/api";
import { type TestRedis, startTestRedis } from "@sip-transfer/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { redisClient } from "../src/redis-connection.js";

// The Redis connection's CLIENT spans, against a real redis-server, with a recording tracer in
// OpenTelemetry's globals (the server registers the SDK's; this package only uses the API).

interface Recorded {
  name: string;
  kind: number | undefined;
  attributes: Attributes;
  status: SpanStatus | undefined;
  parent: string | undefined;
  ended: boolean;
}

function recordingProvider() {
  const spans: Recorded[] = [];
  let next = 0;
  const makeSpan = (name: string, options: SpanOptions = {}, parentContext?: Context): Span => {
    const recorded: Recorded = {
      name,
      kind: options.kind,
      attributes: { ...options.attributes },
      status: undefined,
      parent: trace.getSpan(parentContext ?? context.active())?.spanContext().spanId,
      ended: false,
    };
    spans.push(recorded);
    const spanContext: SpanContext = {
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: (++next).toString(16).padStart(16, "0"),
      traceFlags: TraceFlags.SAMPLED,
    };
    const span: Span = {
      spanContext: () => spanContext,
      setAttribute: (key, value) => {
        if (value !== undefined) recorded.attributes[key] = value;
        return span;
      },
      setAttributes: (attributes) => {
        Object.assign(recorded.attributes, attributes);
        return span;
      },
      addEvent: () => span,
      addLink: () => span,
      addLinks: () => span,
      setStatus: (status) => {
        recorded.status = status;
        return span;
      },
      updateName: (updated) => {
        recorded.name = updated;
        return span;
      },
      end: () => {
        recorded.ended = true;
      },
      isRecording: () => true,
      recordException: () => {},
    };
    return span;
  };
  const tracer: Tracer = {
    startSpan: makeSpan,
    startActiveSpan: (() => {
      throw new Error("not used");
    }) as Tracer["startActiveSpan"],
  };
  const provider: TracerProvider = { getTracer: () => tracer };
  return { spans, provider, tracer };
}

function asyncLocalStorageContext(): ContextManager {
  const storage = new AsyncLocalStorage<Context>();
  return {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      storage.disable();
      return this;
    },
  };
}

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});
afterEach(() => {
  trace.disable();
  context.disable();
});

describe("Redis commands as CLIENT spans", () => {
  it("one per command of a traced request (plain, pipeline, MULTI, script), named as the command, without keys or values", async () => {
    const { spans, provider, tracer } = recordingProvider();
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(asyncLocalStorageContext().enable());
    const client = redisClient(redis.url, 2000);
    client.defineCommand("echoKey", { numberOfKeys: 1, lua: "return redis.call('GET', KEYS[1])" });
    await client.connect();

    // Outside a traced request: nothing.
    await client.set("secret-key-1", "secret-value-1");
    expect(spans).toEqual([]);

    const parent = tracer.startSpan("request");
    await context.with(trace.setSpan(ROOT_CONTEXT, parent), async () => {
      await client.get("secret-key-1");
      await client.pipeline().get("secret-key-1").set("secret-key-2", "secret-value-2").exec();
      await client.multi().incr("secret-key-3").get("secret-key-3").exec();
      await (client as unknown as { echoKey(key: string): Promise<unknown> }).echoKey("secret-key-1");
      await client.hget("secret-key-1", "field").catch(() => {}); // WRONGTYPE
    });
    parent.end();
    await client.quit();

    const commands = spans.filter((span) => span.name !== "request");
    expect(commands.map((span) => span.name)).toEqual([
      "GET",
      "GET",
      "SET",
      "MULTI",
      "INCR",
      "GET",
      "EXEC",
      // A defined script is an EVALSHA (ioredis writes it as EVAL with the body the first time).
      "EVALSHA",
      "HGET",
    ]);
    for (const span of commands) {
      expect(span).toMatchObject({ kind: SpanKind.CLIENT, parent: parent.spanContext().spanId, ended: true });
      const failed = span.name === "HGET";
      expect(span.attributes).toEqual({
        "db.system.name": "redis",
        "db.system": "redis",
        "db.operation.name": span.name,
        "server.address": "127.0.0.1",
        "server.port": redis.port,
        ...(failed ? { "error.type": "WRONGTYPE" } : {}),
      });
      expect(span.status?.code).toBe(failed ? SpanStatusCode.ERROR : undefined);
    }
    expect(JSON.stringify(spans)).not.toMatch(/secret-(key|value)/);
  });
});
