/** Schedules callbacks; the global timers by default, so tests drive it with fake timers. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The global timers, looked up at each call (not bound once) so vitest's fake timers apply.
 * `unref`: a timer never keeps the process alive (background retries).
 */
export function globalScheduler(options: { unref?: boolean } = {}): Scheduler {
  return {
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      // Node's timers have unref; the domain is typed for any runtime.
      if (options.unref) (handle as unknown as { unref?: () => void }).unref?.();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/** A retry's backoff: `firstDelayMs`, doubling with each attempt, at most `maxDelayMs`. */
export interface Backoff {
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The wait before retry number `attempt` (1 for the first retry). */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  return Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** (attempt - 1));
}

/** Waits that a stop can cut short: `wakeAll` ends every wait now pending. */
export class WakeableSleeps {
  private readonly wakers = new Set<() => void>();

  constructor(private readonly timers: Scheduler) {}

  /** Resolves after `ms`, or at the next `wakeAll`, whichever comes first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.timers.clearTimeout(handle);
        this.wakers.delete(wake);
        resolve();
      };
      const handle = this.timers.setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
