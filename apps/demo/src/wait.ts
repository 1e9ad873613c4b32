/** Waits bounded by what they wait for, a deadline, and the demo's stop signal. */
import { setTimeout as sleep } from "node:timers/promises";

/** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => {
    throw signal.reason;
  });
}

/** The first of `promises` to settle; rejects with `message` after `ms`, or when `signal` aborts. */
export async function within<T>(ms: number, message: string, signal: AbortSignal, promises: Promise<T>[]): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      ...promises,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Asks `probe` every `intervalMs` until it gives a value (not undefined) and resolves to it. Rejects
 * with `message` after `ms`, when `signal` aborts, or with the probe's error (a probe catches what
 * it may retry).
 */
export async function poll<T>(
  ms: number,
  message: string,
  signal: AbortSignal,
  probe: () => Promise<T | undefined>,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(message);
    await pause(intervalMs, signal);
  }
}
