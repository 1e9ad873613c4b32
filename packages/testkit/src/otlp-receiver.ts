import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST as an OTLP/HTTP receiver got it. */
export interface OtlpRequest {
  path: string;
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An OTLP attribute value as the JSON encoding writes it. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number | string }
  | { doubleValue: number }
  | { arrayValue: { values?: OtlpAnyValue[] } }
  | { kvlistValue: { values?: OtlpKeyValue[] } }
  | { bytesValue: string };
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** A span from an OTLP/JSON export, with its resource's and scope's, attributes made plain. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  events: { name: string; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown>;
  scope: string;
  /** The span as it came, for checks over everything it holds. */
  raw: unknown;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: an OTEL_EXPORTER_OTLP_ENDPOINT (traces are POSTed to /v1/traces). */
  url: string;
  requests: OtlpRequest[];
  /** Every span of every JSON export so far (a protobuf export is only kept as a request). */
  spans(): ReceivedSpan[];
  /**
   * Resolves once `arrived()` holds, looking again at each export received (no polling); throws
   * naming `what` if it does not within `timeoutMs`.
   */
  waitFor(arrived: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real OTLP/HTTP receiver on loopback: accepts POST /v1/traces (JSON or protobuf), answers 200,
 * keeps what it got. JSON exports are decoded into spans; protobuf ones are kept as bytes.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const contentType = req.headers["content-type"];
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      requests.push({ path: req.url, contentType, headers: req.headers, body: Buffer.concat(chunks) });
      for (const wake of [...waiters]) wake();
      // An empty ExportTraceServiceResponse: `{}` in JSON, no bytes in protobuf.
      if (contentType?.startsWith("application/json"))
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      else res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    spans: () =>
      requests
        .filter((request) => request.contentType?.startsWith("application/json"))
        .flatMap((request) => spansOf(JSON.parse(request.body.toString("utf8")) as ExportRequest)),
    waitFor: (arrived, what, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!arrived()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${what}: not received within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ExportRequest {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpKeyValue[];
        status?: { code?: number; message?: string };
        events?: { name: string; attributes?: OtlpKeyValue[] }[];
      }[];
    }[];
  }[];
}

function spansOf(request: ExportRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = plain(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        attributes: plain(span.attributes),
        status: { code: span.status?.code ?? 0, ...(span.status?.message ? { message: span.status.message } : {}) },
        events: (span.events ?? []).map((event) => ({ name: event.name, attributes: plain(event.attributes) })),
        resource,
        scope: scopeSpans.scope?.name ?? "",
        raw: span,
      })),
    );
  });
}

function plain(attributes: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpAnyValue): unknown {
  if ("stringValue" in value) return value.stringValue;
  if ("boolValue" in value) return value.boolValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return value.doubleValue;
  if ("arrayValue" in value) return (value.arrayValue.values ?? []).map(valueOf);
  if ("kvlistValue" in value) return plain(value.kvlistValue.values);
  return value.bytesValue;
}
