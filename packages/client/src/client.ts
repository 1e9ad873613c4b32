import createClient, { type Client } from "openapi-fetch";
import type {
  ErrorBody,
  ErrorCode,
  TransferRequest,
  TransferResponse,
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
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export interface SipTransferClient {
  /**
   * Transfers the SIP participant's call. Resolves to the 200 body; rejects with
   * {@link SipTransferError} for every error response and for failures without a response.
   */
  transfer(request: TransferRequest, options?: RequestOptions): Promise<TransferResponse>;
  /** The underlying openapi-fetch client, typed by the same spec. */
  readonly raw: Client<paths>;
}

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

  return {
    raw,
    async transfer(request, requestOptions = {}) {
      const signal = requestOptions.signal;
      let result;
      try {
        result = await raw.POST("/sip/transfer", {
          body: request,
          ...(signal === undefined ? {} : { signal }),
        });
      } catch (cause) {
        throw noResponseError(cause, signal);
      }
      const { data, error, response } = result;
      const requestId = response.headers.get("x-request-id") ?? undefined;
      if (response.ok) {
        if (isTransferResponse(data)) return data;
        throw new SipTransferError({
          status: response.status,
          code: "UNEXPECTED_RESPONSE",
          message: `Unexpected ${response.status} response body from ${response.url || "the server"}`,
          requestId,
        });
      }
      throw errorFromResponse(response, error, requestId);
    },
  };
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
  if (isErrorBody(body)) {
    return new SipTransferError({
      status: response.status,
      code: body.code,
      message: body.error,
      details: body.details,
      requestId,
    });
  }
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new SipTransferError({
    status: response.status,
    code: "UNEXPECTED_RESPONSE",
    message: `HTTP ${response.status}${statusText} without an error body`,
    requestId,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isErrorBody(value: unknown): value is ErrorBody & { code: ErrorCode } {
  return isRecord(value) && typeof value["error"] === "string" && typeof value["code"] === "string" &&
    (value["details"] === undefined || isRecord(value["details"]));
}

function isTransferResponse(value: unknown): value is TransferResponse {
  return (
    isRecord(value) &&
    (value["status"] === "initiated" || value["status"] === "completed") &&
    typeof value["room_name"] === "string" &&
    typeof value["participant_identity"] === "string" &&
    typeof value["transfer_to"] === "string"
  );
}
