import type { IncomingHttpHeaders } from "node:http";

// A request's body as the server and the mock's front tell it apart, in the same words.

/** The one media type the contract takes a body as (spec/openapi.yaml: `application/json`, any parameters). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** The request says it has a body: a length over 0, or chunks. */
export function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;
}

/** The 415 answer's message for a body of another type (or of none named). */
export function unsupportedContentTypeMessage(contentType: string | undefined): string {
  return contentType
    ? `Unsupported content type '${contentType.split(";")[0]}': send the body as application/json`
    : "Missing content type: send the body as application/json";
}

/** The 400 answer's issue for an operation whose JSON body is required and absent. */
export const BODY_REQUIRED = {
  message: "Invalid request: the body must be a JSON object",
  issues: [{ path: "/body", message: "is required" }],
} as const;
