import type { Problem } from "./contract.js";

/** An error answer in the contract's shape: `{ error, code, details? }`. */
export interface ErrorAnswer {
  status: number;
  body: { error: string; code: string; details?: Record<string, unknown> };
  headers?: Record<string, string>;
}

export function errorAnswer(
  status: number,
  code: string,
  error: string,
  details?: Record<string, unknown>,
  headers?: Record<string, string>,
): ErrorAnswer {
  return { status, body: { error, code, ...(details ? { details } : {}) }, ...(headers ? { headers } : {}) };
}

// What follows says it the way the server does (apps/server/src/openapi-validation.ts): the same
// plain wording of Ajv's messages, limits and message, so a frontend reads in the mock what the
// server would answer.
const PLAIN_MESSAGES: [RegExp, string][] = [
  [/^must NOT have fewer than 1 characters$/, "must not be empty"],
  [/^must match pattern "\\S"$/, "must not be empty"],
  [/^must NOT have additional properties$/, "is not a known field"],
  [/^must have required property /, "is required"],
  [/^must be string$/, "must be a string"],
  [/^must be object$/, "must be a JSON object"],
];
const MAX_ISSUES = 20;
const MAX_IN_MESSAGE = 5;
const MAX_PATH = 100;
const KEY_RULE = "must be 1 to 255 printable ASCII characters";

function plain(problem: Problem): string {
  if (problem.path === "/headers/idempotency-key") return KEY_RULE;
  return PLAIN_MESSAGES.find(([pattern]) => pattern.test(problem.message))?.[1] ?? problem.message;
}

/** 400 INVALID_REQUEST naming each problem (the first 20 in `details.issues`, the first 5 in the message). */
export function invalidRequest(problems: Problem[]): ErrorAnswer {
  const seen = new Set<string>();
  const all: Problem[] = [];
  for (const problem of problems) {
    const message = plain(problem);
    const path = problem.path.length > MAX_PATH ? `${problem.path.slice(0, MAX_PATH)}…` : problem.path;
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    all.push({ path, message });
  }
  const describe = (item: Problem) => {
    const where = item.path
      .replace(/^\/body\/?/, "")
      .replace(/^\/headers\//, "header ")
      .replace(/^\/query\//, "query parameter ");
    return `${where || "body"} ${item.message}`.trim();
  };
  const named = all.slice(0, MAX_IN_MESSAGE).map(describe).join("; ");
  const more = all.length > MAX_IN_MESSAGE ? `; and ${all.length - MAX_IN_MESSAGE} more` : "";
  const issues = all.slice(0, MAX_ISSUES);
  return errorAnswer(
    400,
    "INVALID_REQUEST",
    `Invalid request: ${named}${more}`,
    all.length > issues.length ? { issues, issue_count: all.length } : { issues },
  );
}
