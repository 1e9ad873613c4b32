import createClient, { type Client } from "openapi-fetch";
import type {
  ErrorBody,
  ErrorCode,
  ListTransfersQuery,
  Transfer,
  TransferList,
  TransferRequest,
  TransferResponse,
  ListWarmTransfersQuery,
  WarmTransfer,
  WarmTransferList,
  WarmTransferRequest,
  WarmTransferResponse,
  paths,
} from "@sip-transfer/api-types";
import { SipTransferError } from "./error.js";

export interface SipTransferClientOptions {
  /** Where the service runs, e.g. `https://sip-transfer.example.com`. */
  baseUrl: string;
  /** API token, sent as `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** A fetch implementation (defaults to the global `fetch`). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Extra headers sent with every request (e.g. `X-Request-Id`). */
  headers?: Record<string, string> | undefined;
  /**
   * How many times `transfer` retries an answer that is safe to retry (no response, 409
   * `IDEMPOTENCY_KEY_IN_USE`, 503 `STORE_UNAVAILABLE`, 500 `LIVEKIT_UNAVAILABLE`), with the same
   * Idempotency-Key, so a retry never sends a second REFER. Default 2; 0 turns retries off.
   */
  retries?: number | undefined;
  /**
   * How long one request may take before it is given up (ms, default 30 000, like the Python
   * client; 0: no limit). A request given up rejects with `NETWORK_ERROR`, which `transfer`
   * retries with the same Idempotency-Key. Keep it above the server's `TRANSFER_WAIT_MS`.
   */
  timeoutMs?: number | undefined;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export interface TransferOptions extends RequestOptions {
  /**
   * The request's Idempotency-Key (1–255 printable ASCII). By default the client makes a new one
   * per `transfer` call and reuses it for its own retries; pass your own to make retries across
   * processes (a job queue) safe too, or `false` to send none.
   */
  idempotencyKey?: string | false | undefined;
}

export interface WaitOptions extends RequestOptions {
  /** Give up after this long (ms, default 60 000): rejects with code `TIMEOUT`. */
  timeoutMs?: number | undefined;
  /** First pause between polls (ms, default 250); it doubles up to `maxIntervalMs`. */
  intervalMs?: number | undefined;
  /** Longest pause between polls (ms, default 5000). */
  maxIntervalMs?: number | undefined;
}

export interface SipTransferClient {
  /**
   * Transfers the SIP participant's call. Resolves to the 200 body (with its `transfer_id`);
   * rejects with {@link SipTransferError} for every error response and for failures without a
   * response.
   */
  transfer(request: TransferRequest, options?: TransferOptions): Promise<TransferResponse>;
  /** One transfer's record; rejects with `TRANSFER_NOT_FOUND` for an unknown or foreign id. */
  getTransfer(transferId: string, options?: RequestOptions): Promise<Transfer>;
  /** The caller's transfers, newest first; pass `next_cursor` back as `cursor` for the next page. */
  listTransfers(query?: ListTransfersQuery, options?: RequestOptions): Promise<TransferList>;
  /**
   * Polls the record, with backoff, until its status is no longer `initiated`, and resolves to it
   * (`completed`, `failed` or `unknown`). Rejects with code `TIMEOUT` after `timeoutMs`.
   */
  waitForTransfer(transferId: string, options?: WaitOptions): Promise<Transfer>;
  /**
   * Starts a warm (attended) transfer: the caller is put on hold and `transfer_to` is dialled into
   * the caller's room. Resolves to the 201 body (`status: "dialing"`, its `warm_transfer_id`);
   * retried like `transfer`, with one Idempotency-Key, so a retry never dials twice.
   */
  warmTransfer(request: WarmTransferRequest, options?: TransferOptions): Promise<WarmTransferResponse>;
  /** Connects caller and supervisor (only while `consulting`; else `WARM_TRANSFER_NOT_CONSULTING`). */
  completeWarmTransfer(warmTransferId: string, options?: RequestOptions): Promise<WarmTransfer>;
  /** Ends the supervisor's leg and takes the caller off hold; safe to repeat. */
  cancelWarmTransfer(warmTransferId: string, options?: RequestOptions): Promise<WarmTransfer>;
  /** One warm transfer's record; rejects with `WARM_TRANSFER_NOT_FOUND` for an unknown or foreign id. */
  getWarmTransfer(warmTransferId: string, options?: RequestOptions): Promise<WarmTransfer>;
  /** The caller's warm transfers, newest first; pass `next_cursor` back as `cursor` for the next page. */
  listWarmTransfers(query?: ListWarmTransfersQuery, options?: RequestOptions): Promise<WarmTransferList>;
  /**
   * Polls the record, with backoff, until the supervisor answered or the dial failed (`until:
   * "answered"`, the default: no longer `dialing`), or until it ended (`until: "ended"`:
   * `completed`, `cancelled` or `failed`). Rejects with code `TIMEOUT` after `timeoutMs`.
   */
  waitForWarmTransfer(
    warmTransferId: string,
    options?: WaitOptions & { until?: "answered" | "ended" | undefined },
  ): Promise<WarmTransfer>;
  /** The underlying openapi-fetch client, typed by the same spec. */
  readonly raw: Client<paths>;
}

/** The longest delay setTimeout keeps (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

const RETRYABLE = new Set<string>([
  "NETWORK_ERROR",
  "IDEMPOTENCY_KEY_IN_USE",
  "STORE_UNAVAILABLE",
  "LIVEKIT_UNAVAILABLE",
]);

export function createSipTransferClient(options: SipTransferClientOptions): SipTransferClient {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined && options.token !== "") {
    headers["Authorization"] = `Bearer ${options.token}`;
  }
  const raw = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const retries = Math.max(0, options.retries ?? 2);
  // 0, Infinity or more than a timer can wait (about 24.8 days): no limit.
  const asked = options.timeoutMs ?? 30_000;
  const timeoutMs = Number.isFinite(asked) && asked > 0 && asked <= MAX_TIMER_MS ? asked : 0;

  /**
   * Sends one request (given the signal to send it with: the caller's, and the request timeout)
   * and turns its answer into the typed body or a SipTransferError.
   */
  async function call<T>(
    send: (signal: AbortSignal | undefined) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    isBody: (value: unknown) => value is T,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    // The request's own signal aborts on the timeout or when the caller's does (by hand, not with
    // AbortSignal.any, which Node 20.0–20.2 and older browsers lack).
    const limit = timeoutMs > 0 ? new AbortController() : undefined;
    const timer = limit && setTimeout(() => limit.abort(), timeoutMs);
    const forward = () => limit?.abort(signal?.reason);
    if (limit && signal) {
      if (signal.aborted) forward();
      else signal.addEventListener("abort", forward, { once: true });
    }
    let result;
    try {
      result = await send(limit ? limit.signal : signal);
    } catch (cause) {
      if (limit?.signal.aborted && !signal?.aborted) {
        throw new SipTransferError({
          status: 0,
          code: "NETWORK_ERROR",
          message: `No answer from the sip-transfer service within ${timeoutMs} ms`,
          cause,
        });
      }
      throw noResponseError(cause, signal);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forward);
    }
    const { data, error, response } = result;
    const requestId = response.headers.get("x-request-id") ?? undefined;
    if (response.ok) {
      if (isBody(data)) return data;
      throw new SipTransferError({
        status: response.status,
        code: "UNEXPECTED_RESPONSE",
        message: `Unexpected ${response.status} response body from ${response.url || "the server"}`,
        requestId,
      });
    }
    throw errorFromResponse(response, error, requestId);
  }

  /**
   * Sends a POST that starts something, retrying the answers that are safe to retry (RETRYABLE)
   * with one Idempotency-Key, so a retry never starts it twice.
   */
  async function withRetries<T>(
    requestOptions: TransferOptions,
    send: (
      key: string | undefined,
      signal: AbortSignal | undefined,
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    isBody: (value: unknown) => value is T,
  ): Promise<T> {
    const { signal } = requestOptions;
    const key =
      requestOptions.idempotencyKey === false ? undefined : (requestOptions.idempotencyKey ?? newIdempotencyKey());
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call((sendSignal) => send(key, sendSignal), isBody, signal);
      } catch (error) {
        // Without a key a retry could act twice, so only refusals before LiveKit are retried.
        const safe = key !== undefined || (error instanceof SipTransferError && error.status !== 0);
        if (!(error instanceof SipTransferError) || !RETRYABLE.has(error.code) || !safe || attempt >= retries)
          throw error;
        await pause(retryDelayMs(error, attempt), signal);
      }
    }
  }

  const client: SipTransferClient = {
    raw,

    transfer(request, requestOptions = {}) {
      return withRetries(
        requestOptions,
        (key, sendSignal) =>
          raw.POST("/sip/transfer", {
            body: request,
            ...(key === undefined ? {} : { params: { header: { "Idempotency-Key": key } } }),
            ...(sendSignal === undefined ? {} : { signal: sendSignal }),
          }),
        isTransferResponse,
      );
    },

    warmTransfer(request, requestOptions = {}) {
      return withRetries(
        requestOptions,
        (key, sendSignal) =>
          raw.POST("/sip/warm-transfers", {
            body: request,
            ...(key === undefined ? {} : { params: { header: { "Idempotency-Key": key } } }),
            ...(sendSignal === undefined ? {} : { signal: sendSignal }),
          }),
        isWarmTransferResponse,
      );
    },

    completeWarmTransfer(warmTransferId, requestOptions = {}) {
      const { signal } = requestOptions;
      return call(
        (sendSignal) =>
          raw.POST("/sip/warm-transfers/{warm_transfer_id}/complete", {
            params: { path: { warm_transfer_id: warmTransferId } },
            ...(sendSignal ? { signal: sendSignal } : {}),
          }),
        isWarmTransfer,
        signal,
      );
    },

    cancelWarmTransfer(warmTransferId, requestOptions = {}) {
      const { signal } = requestOptions;
      return call(
        (sendSignal) =>
          raw.POST("/sip/warm-transfers/{warm_transfer_id}/cancel", {
            params: { path: { warm_transfer_id: warmTransferId } },
            ...(sendSignal ? { signal: sendSignal } : {}),
          }),
        isWarmTransfer,
        signal,
      );
    },

    getWarmTransfer(warmTransferId, requestOptions = {}) {
      const { signal } = requestOptions;
      return call(
        (sendSignal) =>
          raw.GET("/sip/warm-transfers/{warm_transfer_id}", {
            params: { path: { warm_transfer_id: warmTransferId } },
            ...(sendSignal ? { signal: sendSignal } : {}),
          }),
        isWarmTransfer,
        signal,
      );
    },

    listWarmTransfers(query = {}, requestOptions = {}) {
      const { signal } = requestOptions;
      return call(
        (sendSignal) =>
          raw.GET("/sip/warm-transfers", { params: { query }, ...(sendSignal ? { signal: sendSignal } : {}) }),
        isWarmTransferList,
        signal,
      );
    },

    waitForWarmTransfer(warmTransferId, waitOptions = {}) {
      const until = waitOptions.until ?? "answered";
      return pollUntil(
        () => client.getWarmTransfer(warmTransferId, { signal: waitOptions.signal }),
        (record) =>
          until === "answered" ? record.status !== "dialing" : !["dialing", "consulting"].includes(record.status),
        (record) => `Warm transfer '${warmTransferId}' was still ${record.status}`,
        waitOptions,
      );
    },

    getTransfer(transferId, requestOptions = {}) {
      const { signal } = requestOptions;
      return call(
        (sendSignal) =>
          raw.GET("/sip/transfers/{transfer_id}", {
            params: { path: { transfer_id: transferId } },
            ...(sendSignal ? { signal: sendSignal } : {}),
          }),
        isTransfer,
        signal,
      );
    },

    listTransfers(query = {}, requestOptions = {}) {
      const { signal } = requestOptions;
      return call(
        (sendSignal) => raw.GET("/sip/transfers", { params: { query }, ...(sendSignal ? { signal: sendSignal } : {}) }),
        isTransferList,
        signal,
      );
    },

    waitForTransfer(transferId, waitOptions = {}) {
      return pollUntil(
        () => client.getTransfer(transferId, { signal: waitOptions.signal }),
        (transfer) => transfer.status !== "initiated",
        () => `Transfer '${transferId}' was still initiated`,
        waitOptions,
      );
    },
  };
  return client;
}

/** Polls `get`, with backoff, until `done`; rejects with `TIMEOUT` (`stillWhat` says what it was) after the wait. */
async function pollUntil<T>(
  get: () => Promise<T>,
  done: (value: T) => boolean,
  stillWhat: (value: T) => string,
  waitOptions: WaitOptions,
): Promise<T> {
  const timeoutMs = waitOptions.timeoutMs ?? 60_000;
  const maxIntervalMs = waitOptions.maxIntervalMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  let interval = waitOptions.intervalMs ?? 250;
  for (;;) {
    const value = await get();
    if (done(value)) return value;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new SipTransferError({ status: 0, code: "TIMEOUT", message: `${stillWhat(value)} after ${timeoutMs} ms` });
    }
    await pause(Math.min(interval, left), waitOptions.signal);
    interval = Math.min(interval * 2, maxIntervalMs);
  }
}

/** A fresh Idempotency-Key (a UUID where the runtime has one). */
function newIdempotencyKey(): string {
  const crypto = globalThis.crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Retry-After when the server sent one (capped at 5 s), else 200 ms doubling. */
function retryDelayMs(error: SipTransferError, attempt: number): number {
  const after = error.retryAfterSeconds;
  if (after !== undefined) return Math.min(after * 1000, 5000);
  return 200 * 2 ** attempt;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(new SipTransferError({ status: 0, code: "ABORTED", message: "The request was aborted" }));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SipTransferError({ status: 0, code: "ABORTED", message: "The request was aborted" }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function noResponseError(cause: unknown, signal: AbortSignal | undefined): SipTransferError {
  if (signal?.aborted || (cause instanceof Error && cause.name === "AbortError")) {
    return new SipTransferError({ status: 0, code: "ABORTED", message: "The request was aborted", cause });
  }
  if (cause instanceof SyntaxError) {
    return new SipTransferError({
      status: 0,
      code: "UNEXPECTED_RESPONSE",
      message: "The server answered with a body that is not JSON",
      cause,
    });
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new SipTransferError({
    status: 0,
    code: "NETWORK_ERROR",
    message: `Could not reach the sip-transfer service: ${reason}`,
    cause,
  });
}

function errorFromResponse(response: Response, body: unknown, requestId: string | undefined): SipTransferError {
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined;
  if (isErrorBody(body)) {
    return new SipTransferError({
      status: response.status,
      code: body.code,
      message: body.error,
      details: body.details,
      requestId,
      retryAfterSeconds,
    });
  }
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new SipTransferError({
    status: response.status,
    code: "UNEXPECTED_RESPONSE",
    message: `HTTP ${response.status}${statusText} without an error body`,
    requestId,
    retryAfterSeconds,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isErrorBody(value: unknown): value is ErrorBody & { code: ErrorCode } {
  return (
    isRecord(value) &&
    typeof value["error"] === "string" &&
    typeof value["code"] === "string" &&
    (value["details"] === undefined || isRecord(value["details"]))
  );
}

function isTransferResponse(value: unknown): value is TransferResponse {
  return (
    isRecord(value) &&
    typeof value["transfer_id"] === "string" &&
    (value["status"] === "initiated" || value["status"] === "completed" || value["status"] === "unknown") &&
    typeof value["room_name"] === "string" &&
    typeof value["participant_identity"] === "string" &&
    typeof value["transfer_to"] === "string"
  );
}

const STATUSES = ["initiated", "completed", "failed", "unknown"];

function isTransfer(value: unknown): value is Transfer {
  return (
    isRecord(value) &&
    typeof value["transfer_id"] === "string" &&
    STATUSES.includes(value["status"] as string) &&
    typeof value["room_name"] === "string" &&
    typeof value["created_at"] === "string"
  );
}

function isTransferList(value: unknown): value is TransferList {
  return (
    isRecord(value) &&
    Array.isArray(value["transfers"]) &&
    value["transfers"].every(isTransfer) &&
    (value["next_cursor"] === null || typeof value["next_cursor"] === "string")
  );
}

function isWarmTransferResponse(value: unknown): value is WarmTransferResponse {
  return (
    isRecord(value) &&
    typeof value["warm_transfer_id"] === "string" &&
    value["status"] === "dialing" &&
    typeof value["consult_identity"] === "string"
  );
}

const WARM_STATUSES = ["dialing", "consulting", "completed", "cancelled", "failed"];

function isWarmTransfer(value: unknown): value is WarmTransfer {
  return (
    isRecord(value) &&
    typeof value["warm_transfer_id"] === "string" &&
    WARM_STATUSES.includes(value["status"] as string) &&
    typeof value["room_name"] === "string" &&
    typeof value["created_at"] === "string"
  );
}

function isWarmTransferList(value: unknown): value is WarmTransferList {
  return (
    isRecord(value) &&
    Array.isArray(value["warm_transfers"]) &&
    value["warm_transfers"].every(isWarmTransfer) &&
    (value["next_cursor"] === null || typeof value["next_cursor"] === "string")
  );
}
