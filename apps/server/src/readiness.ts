import type { LiveKitPort, TransferStore } from "@sip-transfer/domain";

export interface ReadinessChecks {
  store: "ok" | "down";
  livekit: "ok" | "down" | "not_configured";
}

// A room no one names: the lookup proves LiveKit answers and accepts our key, and finds nothing.
const PROBE_ROOM = "sip-transfer-readiness-probe";

/** Whether the store and LiveKit answer, each within `timeoutMs`, checked at the same time. */
export async function checkReadiness(deps: { store: TransferStore; livekit: LiveKitPort | undefined }, timeoutMs = 2000): Promise<ReadinessChecks> {
  const [store, livekit] = await Promise.all([
    answersWithin(deps.store.ping(), timeoutMs),
    deps.livekit ? answersWithin(deps.livekit.findRoom(PROBE_ROOM), timeoutMs) : undefined,
  ]);
  return { store: store ? "ok" : "down", livekit: livekit === undefined ? "not_configured" : livekit ? "ok" : "down" };
}

export function isReady(checks: ReadinessChecks): boolean {
  return checks.store === "ok" && checks.livekit === "ok";
}

async function answersWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([work.then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
