import { randomUUID } from "node:crypto";
import { type Agent, globalAgent as httpAgent, type IncomingMessage, request as httpRequest } from "node:http";
import { globalAgent as httpsAgent, request as httpsRequest } from "node:https";
import { ServerError } from "livekit-server-sdk";

/**
 * How livekit-server-sdk's clients send a Twirp call: the shape of their private `rpc` field
 * (`TwirpRpc` in the SDK's TwirpRPC.js), which `useTwirpTransport` replaces.
 */
interface Rpc {
  request(
    service: string,
    method: string,
    data: unknown,
    headers?: Record<string, string>,
    timeoutSeconds?: number,
  ): Promise<unknown>;
}

/** An answer larger than this is not LiveKit's (a lookup by name answers a few kB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * LiveKit's Twirp calls over node:http and Node's global agents, in place of the SDK's own
 * transport (`fetch`). Like fetch, they keep connections alive (closing idle ones after 5 s) and
 * go through HTTP_PROXY / HTTPS_PROXY when NODE_USE_ENV_PROXY=1. The SDK still builds every
 * request and reads every answer (its protobuf JSON, its `ServerError` and `SipCallError`); only
 * the bytes travel differently. Through `fetch`
 * (undici and web streams) the three calls of a transfer cost about a fifth of its CPU time
 * (docs/performance.md).
 *
 * What a caller sees is the SDK's, as the adapter reads it: a 2xx answer's JSON (a SyntaxError
 * when it is not JSON), a `ServerError` with LiveKit's Twirp `code`, `msg` and `meta` for any other
 * status, a `TimeoutError` when the call's time is up, and an error whose `cause.code` is the
 * network's (`ECONNREFUSED`…) when no answer came. Like the SDK with `failover: false`, a call is
 * sent once: never repeated, even when a kept-alive connection turns out to be closed, because a
 * transfer sent twice may reach the phone twice.
 */
export class TwirpTransport implements Rpc {
  readonly #origin: URL;
  readonly #send: typeof httpRequest;
  readonly #agent: Agent;
  readonly #defaultTimeoutSeconds: number;

  constructor(url: string, defaultTimeoutSeconds: number) {
    // The SDK's rule: ws:// and wss:// are LiveKit's http:// and https://.
    this.#origin = new URL(url.replace(/^ws/i, "http"));
    const secure = this.#origin.protocol === "https:";
    this.#send = secure ? httpsRequest : httpRequest;
    this.#agent = secure ? httpsAgent : httpAgent;
    this.#defaultTimeoutSeconds = defaultTimeoutSeconds;
  }

  request(
    service: string,
    method: string,
    data: unknown,
    headers: Record<string, string> = {},
    timeoutSeconds = this.#defaultTimeoutSeconds,
  ): Promise<unknown> {
    const body = Buffer.from(JSON.stringify(data));
    const url = new URL(`/twirp/livekit.${service}/${method}`, this.#origin);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, value?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error === undefined) resolve(value);
        else reject(error);
      };
      const req = this.#send(
        url,
        {
          method: "POST",
          agent: this.#agent,
          headers: {
            "content-type": "application/json;charset=UTF-8",
            "content-length": body.length,
            "user-agent": "sip-transfer (livekit-server-sdk)",
            "x-livekit-request-id": randomUUID(),
            ...headers,
          },
        },
        (res) =>
          readAnswer(res).then(
            (text) => {
              try {
                settle(undefined, answer(res, text));
              } catch (error) {
                settle(error);
              }
            },
            (error: unknown) => settle(transportError(error)),
          ),
      );
      // No time limit when the SDK asks for none (0), as its own transport.
      const timer = timeoutSeconds
        ? setTimeout(() => {
            const error = new Error(`LiveKit did not answer ${service}/${method} within ${timeoutSeconds} s`);
            error.name = "TimeoutError";
            settle(error);
            req.destroy();
          }, timeoutSeconds * 1000)
        : undefined;
      req.once("error", (error) => settle(transportError(error)));
      req.end(body);
    });
  }
}

/** The answer's body as text; an error past MAX_ANSWER_BYTES or when the connection breaks. */
function readAnswer(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        res.destroy(new Error(`LiveKit's answer is larger than ${MAX_ANSWER_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.once("error", reject);
    res.once("aborted", () => reject(Object.assign(new Error("LiveKit's answer was cut off"), { code: "ECONNRESET" })));
  });
}

/** A 2xx answer's JSON; else throws the SDK's ServerError with the Twirp error's code, msg and meta. */
function answer(res: IncomingMessage, text: string): unknown {
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return JSON.parse(text);
  let message = text;
  let code: string | undefined;
  let meta: Record<string, string> | undefined;
  // Twirp's errors are JSON, whatever Content-Type a proxy gives them (the SDK's own transport
  // read them only under exactly `application/json`); a proxy's error page is not JSON, and stays
  // the message.
  try {
    const parsed = JSON.parse(text) as { msg?: unknown; code?: unknown; meta?: unknown } | null;
    if (typeof parsed?.msg === "string") message = parsed.msg;
    if (typeof parsed?.code === "string") code = parsed.code;
    if (parsed?.meta && typeof parsed.meta === "object") meta = parsed.meta as Record<string, string>;
  } catch {
    // Not JSON: the raw text is the message.
  }
  throw new ServerError(res.statusMessage ?? "", message, status, code, meta);
}

/** A network failure as fetch reports one: the system error (its `code`) as the cause. */
function transportError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`LiveKit could not be reached: ${message}`, { cause: error });
}

/**
 * Sends the calls of livekit-server-sdk's clients through `transport`. Throws when a client has no
 * `rpc` to replace (an SDK whose internals changed): the server then does not start, rather than
 * silently keep the slower transport.
 */
export function useTwirpTransport(client: object, transport: Rpc): void {
  const current = (client as { rpc?: Partial<Rpc> }).rpc;
  if (typeof current?.request !== "function") {
    throw new Error(
      `${client.constructor.name} has no Twirp transport to replace: livekit-server-sdk's internals changed; update packages/livekit/src/twirp-transport.ts`,
    );
  }
  (client as { rpc: Rpc }).rpc = transport;
}
