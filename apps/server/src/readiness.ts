import type { LiveKitPort, TransferStore, WarmTransferLiveKitPort } from "@sip-transfer/domain";

export interface ReadinessChecks {
  store: "ok" | "down";
  livekit: "ok" | "down" | "not_configured";
  /** Risks that do not make the replica unready (a Redis that may evict keys); absent when none. */
  warnings?: string[];
}

// A room no one names: the lookup proves LiveKit answers and accepts our key, and finds nothing.
const PROBE_ROOM = "sip-transfer-readiness-probe";

/**
 * Whether the store can write (its checkReady: a small write, and its warnings) and LiveKit
 * answers, each within `timeoutMs`, checked at the same time.
 */
export async function checkReadiness(
  deps: {
    store: TransferStore;
    livekit: (LiveKitPort & Partial<WarmTransferLiveKitPort>) | undefined;
    /** SIP_OUTBOUND_TRUNK_ID, when set: LiveKit must know it (else a warning: warm transfers would fail). */
    outboundTrunkId?: string | undefined;
  },
  timeoutMs = 2000,
): Promise<ReadinessChecks> {
  let warnings: string[] = [];
  const trunkWarnings: string[] = [];
  const { livekit, outboundTrunkId } = deps;
  const [store, livekitAnswers] = await Promise.all([
    answersWithin(
      deps.store.checkReady().then((ready) => {
        warnings = ready.warnings;
      }),
      timeoutMs,
    ),
    livekit ? answersWithin(livekit.findRoom(PROBE_ROOM), timeoutMs) : undefined,
    livekit?.outboundTrunkExists && outboundTrunkId
      ? answersWithin(
          livekit.outboundTrunkExists(outboundTrunkId).then((exists) => {
            if (!exists) trunkWarnings.push(missingTrunkWarning());
          }),
          timeoutMs,
        )
      : undefined,
  ]);
  warnings = [...warnings, ...trunkWarnings];
  return {
    store: store ? "ok" : "down",
    livekit: livekitAnswers === undefined ? "not_configured" : livekitAnswers ? "ok" : "down",
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** What /ready (public: without the id) and the start-up log (with it) say when LiveKit does not know SIP_OUTBOUND_TRUNK_ID. */
export function missingTrunkWarning(): string {
  return "SIP_OUTBOUND_TRUNK_ID is not an outbound trunk LiveKit knows: warm transfers will fail (trunk_failure) until it is created (lk sip outbound create) or the setting fixed";
}

/**
 * `/ready` is public: its checks are shared so probes never amplify load onto LiveKit and the store.
 * A check's answer is reused for `cacheMs` after it arrives (`now` is the clock), and the probes
 * that come while a check runs wait for that one; `cacheMs` 0 checks for every probe.
 */
export function cachedReadiness(
  check: () => Promise<ReadinessChecks>,
  options: { cacheMs: number; now?: () => number },
): () => Promise<ReadinessChecks> {
  if (options.cacheMs <= 0) return check;
  const now = options.now ?? Date.now;
  let last: { checks: ReadinessChecks; at: number } | undefined;
  let running: Promise<ReadinessChecks> | undefined;
  return () => {
    // A clock that went back does not keep an answer forever.
    const age = last === undefined ? Infinity : now() - last.at;
    if (last !== undefined && age >= 0 && age < options.cacheMs) return Promise.resolve(last.checks);
    running ??= check()
      .then((checks) => {
        last = { checks, at: now() };
        return checks;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
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
    return await Promise.race([
      work.then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
