/**
 * Lets a repeated log line through at most once per `intervalMs` for each key (one key when none
 * is given), telling it how many were held back since the last one: a cap that keeps being hit, a
 * store that stays down, a tenant whose webhooks stay held are each one line, not one per event.
 */
export function atMostEvery(intervalMs: number, now: () => number = Date.now) {
  const seen = new Map<unknown, { last: number; skipped: number }>();
  return (log: (skipped: number) => void, key?: unknown) => {
    const state = seen.get(key);
    if (state && now() - state.last < intervalMs) {
      state.skipped += 1;
      return;
    }
    seen.set(key, { last: now(), skipped: 0 });
    log(state?.skipped ?? 0);
  };
}
