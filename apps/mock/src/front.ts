import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { BODY_REQUIRED, hasBody, isJsonContentType, unsupportedContentTypeMessage } from "@sip-transfer/http-contract";
import { type MatchedOperation, type RequestParts, currentContract } from "./contract.js";
import { IdempotencyKeys } from "./idempotency.js";
import { type ErrorAnswer, errorAnswer, invalidRequest } from "./problems.js";

/** The server's body limit (after decoding Content-Encoding). */
const BODY_LIMIT = 16 * 1024;
/** What the mock reads of any other body before it passes it on to Prism. */
const FORWARD_LIMIT = 1024 * 1024;
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-connection",
  "proxy-authorization",
  "content-length",
  "host",
]);

export interface FrontOptions {
  /** Prism's URL, once it listens. */
  prism: () => Promise<string>;
  /** One line about each answer the front gives itself (Prism logs the ones it gives). */
  log: (line: string) => void;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

class Refusal extends Error {
  constructor(readonly answer: ErrorAnswer) {
    super(answer.body.error);
  }
}

/**
 * The mock's HTTP front. Prism answers from the contract's examples, but it cannot tell a caller
 * what is wrong with a request (every invalid one got the spec's first 400 example), it invents
 * `Idempotent-Replayed: true` on every answer, and it cannot serve the contract itself (a 500). So
 * the front serves `/openapi.yaml` and `/openapi.json`, validates each request against the
 * contract and refuses an invalid one as the server does, keeps `Idempotency-Key`s as the server
 * does, and passes every valid request on to Prism.
 */
export function createFront(options: FrontOptions): Server {
  const keys = new IdempotencyKeys();
  return createServer((req, res) => {
    handle(req, res, options, keys).catch((error: unknown) => {
      process.stderr.write(`[MOCK] ${req.method} ${req.url} failed: ${String(error)}\n`);
      if (!res.headersSent) {
        send(req, res, errorJson(errorAnswer(500, "INTERNAL_ERROR", "Internal server error")));
      } else {
        res.destroy();
      }
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: FrontOptions,
  keys: IdempotencyKeys,
): Promise<void> {
  const incomingId = req.headers["x-request-id"];
  const requestId =
    typeof incomingId === "string" && WELL_FORMED_REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const url = new URL(req.url ?? "/", "http://mock.invalid");
  const contract = currentContract();

  // The contract, as the server serves it (Prism answered these with a 500).
  if ((req.method === "GET" || req.method === "HEAD") && ["/openapi.yaml", "/openapi.json"].includes(url.pathname)) {
    req.resume();
    const yaml = url.pathname === "/openapi.yaml";
    send(req, res, {
      status: 200,
      headers: { "Content-Type": yaml ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8" },
      body: Buffer.from(yaml ? contract.text : contract.json),
    });
    return;
  }

  const operation = contract.match(req.method ?? "GET", url.pathname);
  let parts: RequestParts | undefined;
  let forwardBody: Buffer | undefined;
  try {
    if (operation) {
      ({ parts, forwardBody } = await check(req, url, operation));
    } else {
      forwardBody = await readBody(req, FORWARD_LIMIT);
    }
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    options.log(`${req.method} ${url.pathname} → ${error.answer.status} ${error.answer.body.code}: ${error.message}`);
    send(req, res, errorJson(error.answer));
    return;
  }

  // Idempotency-Key, as the server keeps it: per token, the first answer again on a replay only.
  const key = operation?.headerNames.has("idempotency-key") ? req.headers["idempotency-key"] : undefined;
  let claim: ReturnType<IdempotencyKeys["claim"]> | undefined;
  if (typeof key === "string" && parts?.body) {
    const token = req.headers.authorization ?? url.searchParams.get("api_key") ?? "";
    claim = keys.claim(token, /^".*"$/.test(key) ? key.slice(1, -1) : key, parts.body.value);
    const refusal =
      claim.state === "mismatch"
        ? errorAnswer(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with another request body")
        : claim.state === "in_progress"
          ? errorAnswer(
              409,
              "IDEMPOTENCY_KEY_IN_USE",
              "A request with this Idempotency-Key is still being answered; retry later",
              undefined,
              { "Retry-After": "1" },
            )
          : undefined;
    if (refusal) {
      options.log(`${req.method} ${url.pathname} → ${refusal.status} ${refusal.body.code}`);
      send(req, res, errorJson(refusal));
      return;
    }
    if (claim.state === "replay") {
      options.log(`${req.method} ${url.pathname} → ${claim.answer.status}, replayed (Idempotency-Key ${key})`);
      send(req, res, { ...claim.answer, headers: { ...claim.answer.headers, "Idempotent-Replayed": "true" } });
      return;
    }
  }

  let answer: Answer;
  try {
    answer = await forward(req, url, await options.prism(), forwardBody, parts !== undefined && operation!.takesJson);
  } catch (error) {
    if (claim?.state === "claimed") claim.release();
    throw error;
  }
  if (claim?.state === "claimed") {
    // Only an answer from the transfer call is kept (200, or 500 TRANSFER_FAILED); a refusal frees the key.
    if (answer.status === 200 || (answer.status === 500 && codeOf(answer.body) === "TRANSFER_FAILED")) {
      // Without the CORS headers of the first request's origin: a replay gets its own.
      const headers = Object.fromEntries(
        Object.entries(answer.headers).filter(([name]) => !/^access-control-/i.test(name)),
      );
      claim.keep({ ...answer, headers });
    } else {
      claim.release();
    }
  }
  send(req, res, answer);
}

/**
 * The server's checks, in its order: content type, size, encoding and JSON of the body, then an
 * unknown query parameter, then every parameter and the body against the contract.
 */
async function check(
  req: IncomingMessage,
  url: URL,
  operation: MatchedOperation,
): Promise<{ parts: RequestParts; forwardBody: Buffer | undefined }> {
  const withBody = hasBody(req.headers);
  let body: RequestParts["body"];
  let forwardBody: Buffer | undefined;
  if (operation.takesJson) {
    const contentType = req.headers["content-type"];
    const isJson = isJsonContentType(contentType);
    if (withBody && !isJson) {
      req.resume();
      throw new Refusal(
        errorAnswer(415, "UNSUPPORTED_MEDIA_TYPE", unsupportedContentTypeMessage(contentType), undefined, {
          Connection: "close",
        }),
      );
    }
    if (withBody) {
      const text = decode(req, await readBody(req, req.headers["content-encoding"] ? FORWARD_LIMIT : BODY_LIMIT));
      try {
        body = { value: JSON.parse(text) as unknown };
      } catch {
        throw new Refusal(errorAnswer(400, "INVALID_REQUEST", "Invalid request: the body is not valid JSON"));
      }
      forwardBody = Buffer.from(JSON.stringify(body.value));
    } else if (isJson) {
      // What the server reads from a JSON request without a body.
      body = { value: {} };
    } else if (operation.bodyRequired) {
      throw new Refusal(
        errorAnswer(400, "INVALID_REQUEST", BODY_REQUIRED.message, { issues: [...BODY_REQUIRED.issues] }),
      );
    }
  } else {
    forwardBody = await readBody(req, FORWARD_LIMIT);
  }
  // Like the server's query parser: a repeated parameter is a list, `?a` is an empty value.
  const query = parseQuery(url.search.slice(1)) as Record<string, string | string[]>;
  const queryProblem = operation.queryProblem(query);
  if (queryProblem) throw new Refusal(invalidRequest([queryProblem]));
  const parts: RequestParts = { query, headers: req.headers, params: operation.params, ...(body ? { body } : {}) };
  const problems = operation.problems(parts);
  if (problems.length > 0) throw new Refusal(invalidRequest(problems));
  return { parts, forwardBody };
}

/** The body as UTF-8 text after its Content-Encoding, at most BODY_LIMIT bytes. */
function decode(req: IncomingMessage, raw: Buffer): string {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers["content-type"] ?? "")?.[2]?.toLowerCase();
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  const unsupported = () =>
    new Refusal(errorAnswer(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported body encoding: send UTF-8 JSON"));
  if (charset !== undefined && !/^utf-?8$/.test(charset)) throw unsupported();
  const inflate: Record<string, (input: Buffer, options: { maxOutputLength: number }) => Buffer> = {
    gzip: gunzipSync,
    "x-gzip": gunzipSync,
    deflate: inflateSync,
    br: brotliDecompressSync,
  };
  let bytes = raw;
  if (encoding !== "identity") {
    const decompress = inflate[encoding];
    if (!decompress) throw unsupported();
    try {
      bytes = decompress(raw, { maxOutputLength: BODY_LIMIT + 1 });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge();
      throw new Refusal(
        errorAnswer(
          400,
          "INVALID_REQUEST",
          "Invalid request: the body could not be decoded as its Content-Encoding says",
        ),
      );
    }
  }
  if (bytes.length > BODY_LIMIT) throw tooLarge();
  return bytes.toString("utf8");
}

function tooLarge(): Refusal {
  return new Refusal(
    errorAnswer(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${BODY_LIMIT} bytes`, undefined, {
      Connection: "close",
    }),
  );
}

/** The request's body, refused (413) past `limit` bytes; the rest is then left unread. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Passes the request on to Prism and reads its whole answer. */
async function forward(
  req: IncomingMessage,
  url: URL,
  prismUrl: string,
  rawBody: Buffer | undefined,
  json: boolean,
): Promise<Answer> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const body = rawBody;
  if (json) {
    // Checked and decoded already: Prism gets it as plain JSON.
    delete headers["content-encoding"];
    headers["content-type"] = "application/json";
  }
  // Prism's address with the request's path and query set on it: never a URL parsed from the path
  // (`/.//host/x` would read as another host, and the mock would forward the caller's token there).
  const target = new URL(prismUrl);
  target.pathname = url.pathname;
  target.search = url.search;
  // Prism reloads a changed spec by restarting on its port: wait for it a little.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await once(target, req.method ?? "GET", headers, body);
    } catch (error) {
      if ((error as { code?: string }).code !== "ECONNREFUSED" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function once(
  target: URL,
  method: string,
  headers: Record<string, string | string[]>,
  body: Buffer | undefined,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      {
        method,
        headers: { ...headers, ...(body && body.length > 0 ? { "content-length": String(body.length) } : {}) },
        timeout: 30_000,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () => {
          // Prism's headers as it spells them, but for Idempotent-Replayed: Prism sends `true` on
          // every answer, and here only a replay says so.
          const answerHeaders: Record<string, string> = {};
          for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
            const [name, value] = [incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!];
            const lower = name.toLowerCase();
            if (HOP_BY_HOP.has(lower) || ["date", "x-request-id", "idempotent-replayed"].includes(lower)) continue;
            answerHeaders[name] = answerHeaders[name] === undefined ? value : `${answerHeaders[name]}, ${value}`;
          }
          resolve({ status: incoming.statusCode ?? 500, headers: answerHeaders, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("Prism did not answer within 30 s")));
    outgoing.on("error", reject);
    outgoing.end(body && body.length > 0 ? body : undefined);
  });
}

function codeOf(body: Buffer): unknown {
  try {
    return (JSON.parse(body.toString("utf8")) as { code?: unknown } | null)?.code;
  } catch {
    return undefined;
  }
}

function errorJson(answer: ErrorAnswer): Answer {
  return {
    status: answer.status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...answer.headers },
    body: Buffer.from(JSON.stringify(answer.body)),
  };
}

/** Sends an answer whole, with CORS headers as Prism sends them (any origin may read it; no cookies). */
function send(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "*");
  res.setHeader("Access-Control-Expose-Headers", req.headers["access-control-expose-headers"] ?? "*");
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader("Content-Length", answer.body.length);
  res.writeHead(answer.status);
  res.end(req.method === "HEAD" ? undefined : answer.body);
}
