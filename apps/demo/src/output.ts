/** What the demo tells, in plain words: each line stamped with the seconds since it started. */

const started = Date.now();
const INDENT = " ".repeat(10);

/** Seconds since the demo started, one decimal. */
export function elapsed(since = started): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A stamped line; further lines are indented under it. */
export function say(first: string, ...more: string[]): void {
  write(`[${elapsed().padStart(7)}] ${first}`);
  for (const line of more) write(line === "" ? "" : `${INDENT}${line}`);
}

/** Lines without a stamp, indented (quoted SIP messages, commands to copy). */
export function quote(lines: string[], indent = INDENT): void {
  for (const line of lines) write(line === "" ? "" : `${indent}${line}`);
}

export function blank(): void {
  write("");
}
