// base64url (RFC 4648 §5, no padding) without Node's Buffer: the domain runs on any JS runtime.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INDEX = new Map([...ALPHABET].map((char, index) => [char, index]));

export function toBase64url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    const chars = [18, 12, 6, 0].map((shift) => ALPHABET[(n >> shift) & 63]).join("");
    out += chars.slice(0, Math.ceil((Math.min(3, bytes.length - i) * 8) / 6));
  }
  return out;
}

/** The bytes, or undefined when `text` is not base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    const values = [...chunk].map((char) => INDEX.get(char));
    if (values.some((v) => v === undefined)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = values as number[];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    const count = chunk.length - 1;
    for (let k = 0; k < count; k += 1) bytes.push((n >> (16 - 8 * k)) & 255);
  }
  return Uint8Array.from(bytes);
}

/** `prefix` + 128 random bits, URL-safe: the ids of records (`tr_…`, `wt_…`). */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `${prefix}${toBase64url(bytes)}`;
}
