/** One thing wrong with a request: where (`/body/room_name`, `/query/limit`…) and what. */
export interface RequestIssue {
  path?: string;
  message: string;
}

/** The 400 INVALID_REQUEST answer's message and details. */
export interface InvalidRequest {
  message: string;
  details: { issues: RequestIssue[]; issue_count?: number };
}

// Ajv's wording, said the way a caller reads it. The two "empty" messages come from the spec's
// "non-empty after trimming" rules (minLength 1, pattern \S).
const PLAIN_MESSAGES: [RegExp, string][] = [
  [/^must NOT have fewer than 1 characters$/, "must not be empty"],
  [/^must match pattern "\\S"$/, "must not be empty"],
  [/^must NOT have additional properties$/, "is not a known field"],
  [/^must have required property /, "is required"],
  [/^must be string$/, "must be a string"],
  [/^must be object$/, "must be a JSON object"],
];

// What an invalid request's answer holds at most: issues in `details`, issues named in the message,
// characters of a path (an unknown field's name can be kilobytes long).
const MAX_ISSUES = 20;
const MAX_IN_MESSAGE = 5;
const MAX_PATH = 100;

// Said of the Idempotency-Key header whatever Ajv found wrong with it (length or characters).
const KEY_RULE = "must be 1 to 255 printable ASCII characters";

function plain(message: string | undefined, path: string | undefined): string {
  if (path === "/headers/idempotency-key") return KEY_RULE;
  if (!message) return "is invalid";
  return PLAIN_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? message;
}

function describe(issue: RequestIssue): string {
  const where = (issue.path ?? "")
    .replace(/^\/body\/?/, "")
    .replace(/^\/headers\//, "header ")
    .replace(/^\/query\//, "query parameter ");
  return `${where || "body"} ${issue.message}`.trim();
}

/**
 * How an invalid request is told, by the server and the mock alike: each issue in plain words, once;
 * a hostile body can hold thousands, so the message names the first 5 and `details` holds the first
 * 20 with their count.
 */
export function invalidRequest(found: { path?: string | undefined; message?: string | undefined }[]): InvalidRequest {
  const seen = new Set<string>();
  const all: RequestIssue[] = [];
  for (const item of found) {
    const message = plain(item.message, item.path);
    const path = item.path && item.path.length > MAX_PATH ? `${item.path.slice(0, MAX_PATH)}…` : item.path;
    const key = `${path ?? ""} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push({ ...(path ? { path } : {}), message });
  }
  const named = all.slice(0, MAX_IN_MESSAGE).map(describe).join("; ");
  const more = all.length > MAX_IN_MESSAGE ? `; and ${all.length - MAX_IN_MESSAGE} more` : "";
  const issues = all.slice(0, MAX_ISSUES);
  return {
    message: `Invalid request: ${named}${more}`,
    details: all.length > issues.length ? { issues, issue_count: all.length } : { issues },
  };
}
