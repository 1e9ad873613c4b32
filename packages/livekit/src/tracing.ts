import { type Attributes, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";

// LiveKit's Twirp calls as CLIENT spans of the request that makes them. @opentelemetry/api is a
// no-op until the server registers a tracer provider (only when traces are exported), and a call
// with no active span (no traced request around it) makes no span at all: no cost, no root spans.

/** Where a Twirp call goes: LiveKit's host and port, for `server.address` / `server.port`. */
export interface RpcTarget {
  address: string;
  port: number;
}

export function rpcTarget(url: string): RpcTarget {
  const parsed = new URL(url);
  const secure = parsed.protocol === "https:" || parsed.protocol === "wss:";
  return { address: parsed.hostname, port: parsed.port === "" ? (secure ? 443 : 80) : Number(parsed.port) };
}

/**
 * Runs `call` (one Twirp method of LiveKit, e.g. `livekit.SIP` / `TransferSIPParticipant`) in a
 * CLIENT span named as the method. A failure marks the span with `error.type` (`errorType`: the
 * Twirp code, never a message: LiveKit's words may repeat the destination).
 */
export async function tracedRpc<T>(
  target: RpcTarget,
  service: string,
  method: string,
  call: () => Promise<T>,
  errorType: (error: unknown) => string,
): Promise<T> {
  if (trace.getActiveSpan() === undefined) return call();
  const attributes: Attributes = {
    "rpc.system.name": "twirp",
    "rpc.system": "twirp",
    "rpc.service": service,
    "rpc.method": `${service}/${method}`,
    "server.address": target.address,
    "server.port": target.port,
  };
  // Asked for each call: a tracer kept from an earlier provider would outlive it (tests start several).
  const span = trace
    .getTracer("@sip-transfer/livekit")
    .startSpan(`${service}/${method}`, { kind: SpanKind.CLIENT, attributes });
  try {
    return await call();
  } catch (error) {
    span.setAttribute("error.type", errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
