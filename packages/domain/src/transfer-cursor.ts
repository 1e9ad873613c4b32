import { fromBase64url, toBase64url } from "./base64url.js";
import { InvalidCursorError } from "./errors.js";
import type { TransferPosition } from "./transfer-store.js";

/** An opaque, URL-safe cursor for a place in the newest-first order of transfers. */
export function encodeCursor(position: TransferPosition): string {
  return toBase64url(new TextEncoder().encode(JSON.stringify([position.createdAt, position.id])));
}

/** The place a cursor points at; InvalidCursorError for anything this service did not hand out. */
export function decodeCursor(cursor: string): TransferPosition {
  const bytes = fromBase64url(cursor);
  if (!bytes) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== "number" || !Number.isSafeInteger(createdAt) || createdAt < 0)
    throw new InvalidCursorError();
  if (typeof id !== "string" || !/^tr_[A-Za-z0-9_-]{1,60}$/.test(id)) throw new InvalidCursorError();
  return { createdAt, id };
}
