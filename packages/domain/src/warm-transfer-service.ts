import { randomId } from "./base64url.js";
import { lookUpCaller } from "./caller-lookup.js";
import {
  LiveKitNotConfiguredError,
  LiveKitRemoteUnmuteDisabledError,
  LiveKitUnavailableError,
  ParticipantNotFoundError,
  SipTrunkNotConfiguredError,
  TransferError,
  TransferInProgressError,
  WarmTransferEndedError,
  WarmTransferNotConsultingError,
  WarmTransferNotFoundError,
} from "./errors.js";
import type { LiveKitPort, SipDialResult, WarmTransferLiveKitPort } from "./livekit-port.js";
import { type Scheduler, globalScheduler } from "./scheduler.js";
import { decodeCursor, encodeCursor } from "./transfer-cursor.js";
import type { WarmTransferOrder } from "./transfer-order.js";
import {
  type WarmTransferEnding,
  type WarmTransferError,
  type WarmTransferFailure,
  type WarmTransferRecord,
  type WarmTransferStatus,
  isOpen,
} from "./warm-transfer.js";
import type { WarmTransferStore } from "./warm-transfer-store.js";

export interface WarmTransferServiceDeps {
  /** Undefined when LiveKit is not configured. */
  livekit: (LiveKitPort & WarmTransferLiveKitPort) | undefined;
  store: WarmTransferStore;
  /** The outbound trunk to dial a tenant's supervisors through (undefined: none configured). */
  trunkFor: (tenantId: string | undefined) => string | undefined;
  /** How long a consult may last before the caller is restored and the record ends `expired` (ms). */
  consultTimeoutMs: number;
  /** Added to the dial's own timeout to make a `dialing` record's deadline (ms, default 30 s). */
  deadlineGraceMs?: number;
  /**
   * Whether a webhook is configured for the tenant (undefined: anonymous): its records then carry
   * `webhook: { status: "pending", attempts: 0 }`, which the store's outbox delivers once they end.
   */
  hasWebhook?: (tenantId: string | undefined) => boolean;
  /** Told when a warm transfer ends, once its end is stored (audit log, metrics). */
  onEnded?: (record: WarmTransferRecord, detail: string | undefined) => void;
  /** Told when a background step fails; it is tried again at the next watch. */
  onBackgroundError?: (error: unknown, record: WarmTransferRecord, step: string) => void;
  now?: () => number;
  scheduler?: Scheduler;
  newWarmTransferId?: () => string;
}

export interface WarmTransferContext {
  tenantId: string | undefined;
  requestId: string;
  warmTransferId?: string | undefined;
}

export interface ListWarmTransfersInput {
  tenantId: string | undefined;
  roomName?: string | undefined;
  participantIdentity?: string | undefined;
  status?: WarmTransferStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface WarmTransferPage {
  warmTransfers: WarmTransferRecord[];
  nextCursor: string | undefined;
}

const DEFAULT_DEADLINE_GRACE_MS = 30_000;
const DEFAULT_RINGING_TIMEOUT_S = 30;
const WATCH_BATCH = 100;
/** How long past its deadline the watch keeps trying to restore a caller before it ends the record anyway. */
const GIVE_UP_AFTER_MS = 10 * 60_000;

/** `wt_` + 128 random bits, URL-safe. */
export function newWarmTransferId(): string {
  return randomId("wt_");
}

/** How a record is to end, and LiveKit's own words about why (for logs). */
interface Ending extends WarmTransferEnding {
  detail?: string | undefined;
}

/**
 * Warm (attended) transfers on open-source LiveKit, with no MoveParticipant: the caller is put on
 * hold in their own room (can_subscribe off: they hear nothing; their track muted: they are not
 * heard), the supervisor is dialled into that room, and completing takes the caller off hold so
 * caller and supervisor hear each other. Who hears whom is LiveKit's state, so any replica can
 * complete, cancel or restore a record: every replica's `watch` looks at every open record, ends it
 * when the caller or the supervisor left or its deadline passed, and the store's compare-and-set
 * makes each record end once. A record ends only after the caller is restored (or gone).
 */
export class WarmTransferService {
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly timers: Scheduler;
  /** The dials this process waits on. */
  private readonly dials = new Set<Promise<void>>();

  constructor(private readonly deps: WarmTransferServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newWarmTransferId ?? newWarmTransferId;
    this.timers = deps.scheduler ?? globalScheduler();
  }

  /** Dials this process is waiting on. */
  get dialingCount(): number {
    return this.dials.size;
  }

  /**
   * The checks in the contract's order, the record with the caller's lock, the hold, and the dial
   * (in the background). Resolves with the `dialing` record. Throws a TransferError for refusals.
   */
  async start(order: WarmTransferOrder, context: WarmTransferContext): Promise<WarmTransferRecord> {
    const livekit = this.deps.livekit;
    if (!livekit) throw new LiveKitNotConfiguredError();
    const trunkId = this.deps.trunkFor(context.tenantId);
    if (!trunkId) throw new SipTrunkNotConfiguredError();
    const { roomName, participantIdentity } = order;
    await lookUpCaller(livekit, roomName, participantIdentity, context.tenantId);

    const id = context.warmTransferId ?? this.newId();
    const ringingTimeoutS = order.ringingTimeoutS ?? DEFAULT_RINGING_TIMEOUT_S;
    const createdAt = this.now();
    const claimed: WarmTransferRecord = {
      id,
      tenantId: context.tenantId,
      status: "dialing",
      roomName,
      participantIdentity,
      transferTo: order.transferTo,
      consultIdentity: `consult_${id}`,
      ...(order.agentIdentity === undefined ? {} : { agentIdentity: order.agentIdentity }),
      trunkId,
      createdAt,
      updatedAt: createdAt,
      deadlineAt:
        createdAt + livekit.dialTimeoutMs(ringingTimeoutS) + (this.deps.deadlineGraceMs ?? DEFAULT_DEADLINE_GRACE_MS),
      requestId: context.requestId,
      ...(this.deps.hasWebhook?.(context.tenantId) ? { webhook: { status: "pending", attempts: 0 } } : {}),
      version: 1,
    };
    // The caller's lock first: a second start (cold or warm) for this caller is refused before it
    // reads or changes anything in LiveKit, and the state read below is never a held one.
    const started = await this.deps.store.startWarmTransfer(claimed);
    if (!started.started)
      throw TransferInProgressError.heldBy(roomName, participantIdentity, started.heldBy, context.tenantId);

    let record: WarmTransferRecord;
    try {
      const state = await livekit.callerState(roomName, participantIdentity).catch(unavailable);
      if (!state) throw new ParticipantNotFoundError(roomName, participantIdentity, "missing");
      const hold = {
        canSubscribe: state.canSubscribe,
        mutedTrackSids: state.audioTracks.filter((t) => !t.muted).map((t) => t.sid),
      };
      // Before anything changes: LiveKit must let us give the caller their voice back. Unmuting a
      // track that is not muted changes nothing, and is refused exactly when unmuting would be.
      for (const sid of hold.mutedTrackSids) {
        const probe = await livekit.setTrackMuted(roomName, participantIdentity, sid, false).catch(unavailable);
        if (probe === "remote_unmute_disabled") throw new LiveKitRemoteUnmuteDisabledError();
        if (probe === "not_found") throw new ParticipantNotFoundError(roomName, participantIdentity, "missing");
      }
      // What the hold changes is stored before the first change in LiveKit, so whoever finds the
      // record can restore the caller.
      record = { ...claimed, hold, updatedAt: this.now(), version: claimed.version + 1 };
      if (!(await this.deps.store.saveWarmTransfer(record)))
        throw new ParticipantNotFoundError(roomName, participantIdentity, "missing"); // ended meanwhile: the caller left
    } catch (error) {
      // A refusal before any change leaves nothing behind: the record goes, and the lock with it.
      await this.deps.store
        .discardWarmTransfer(claimed.id, claimed.version)
        .catch((discardError: unknown) => this.deps.onBackgroundError?.(discardError, claimed, "discard"));
      throw error;
    }

    try {
      await this.hold(livekit, record);
    } catch (error) {
      // Restored and ended `failed` (hold_failed); if LiveKit cannot be reached to restore, the
      // record stays open and the watch restores the caller later.
      await this.finish(record.id, {
        status: "failed",
        error: failure("hold_failed", "LiveKit did not put the caller on hold; the caller was restored"),
        detail: String(error),
      }).catch((finishError: unknown) => this.deps.onBackgroundError?.(finishError, record, "restore after hold"));
      unavailable(error);
    }

    // The leg joins the room before the phone answers, and the caller already hears nothing.
    const dial = this.follow(livekit, record, order);
    this.dials.add(dial);
    void dial.finally(() => this.dials.delete(dial));
    return record;
  }

  /** Takes the caller off hold and lets caller and supervisor talk; removes the agent when named. */
  async complete(id: string, tenantId: string | undefined): Promise<WarmTransferRecord> {
    const record = await this.get(id, tenantId);
    // A complete stored by an earlier call that LiveKit cut short is carried out again.
    const status = record.ending?.status ?? record.status;
    if (record.status !== "consulting" || (status !== "consulting" && status !== "completed"))
      throw new WarmTransferNotConsultingError(id, status);
    // The supervisor must still be there: completing takes the agent away, and the caller would be
    // left alone. One who hung up (the watch may not have seen it yet) ends it as the watch would.
    const present = await this.requireLiveKit().participantIdentities(record.roomName).catch(unavailable);
    if (!record.ending && !present?.includes(record.consultIdentity)) {
      const ended = await this.finish(id, SUPERVISOR_LEFT);
      throw new WarmTransferNotConsultingError(id, ended.status);
    }
    const ended = await this.finish(id, { status: "completed" });
    if (ended.status !== "completed") throw new WarmTransferNotConsultingError(id, ended.status);
    return ended;
  }

  /** Ends the supervisor's leg and takes the caller off hold. An already cancelled one answers as it is. */
  async cancel(id: string, tenantId: string | undefined): Promise<WarmTransferRecord> {
    const record = await this.get(id, tenantId);
    if (record.status === "cancelled") return record;
    if (!isOpen(record.status)) throw new WarmTransferEndedError(id, record.status);
    const ended = await this.finish(id, { status: "cancelled" });
    if (ended.status !== "cancelled") throw new WarmTransferEndedError(id, ended.status);
    return ended;
  }

  /** The caller's warm transfer; WarmTransferNotFoundError for an unknown id and another tenant's. */
  async get(id: string, tenantId: string | undefined): Promise<WarmTransferRecord> {
    const record = await this.deps.store.getWarmTransfer(id);
    if (!record || record.tenantId !== tenantId) throw new WarmTransferNotFoundError(id);
    return record;
  }

  async list(input: ListWarmTransfersInput): Promise<WarmTransferPage> {
    const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
    const page = await this.deps.store.listWarmTransfers({
      tenantId: input.tenantId,
      roomName: input.roomName,
      participantIdentity: input.participantIdentity,
      status: input.status,
      limit: input.limit,
      after,
    });
    return { warmTransfers: page.warmTransfers, nextCursor: page.next ? encodeCursor(page.next) : undefined };
  }

  /**
   * One look at every open warm transfer (any replica's): past its deadline, the caller is restored
   * and it ends `expired`; the caller gone, it ends `caller_left` (the supervisor's leg removed);
   * the supervisor gone during the consult, the caller is restored and it ends `supervisor_left`.
   * Returns how many it ended. A step LiveKit or the store fails is tried again at the next watch.
   */
  async watch(): Promise<number> {
    const livekit = this.deps.livekit;
    if (!livekit) return 0;
    let count = 0;
    for (const record of await this.deps.store.openWarmTransfers(WATCH_BATCH)) {
      try {
        const ending = await this.endingOf(livekit, record);
        if (!ending) continue;
        const ended = await this.finish(record.id, ending);
        if (!isOpen(ended.status)) count += 1;
      } catch (error) {
        this.deps.onBackgroundError?.(error, record, "watch");
        // LiveKit has refused to restore this caller since long past the deadline: the record ends
        // (its lock freed, its webhook sent) rather than block the caller and the watch for good.
        if (record.deadlineAt + GIVE_UP_AFTER_MS <= this.now() && (await this.giveUp(record))) count += 1;
      }
    }
    return count;
  }

  /**
   * Ends an open record without the LiveKit steps that keep failing (reported as a background error
   * with step "given up"): `failed`, its stored ending's reason or `expired`. True when it ended it.
   */
  private async giveUp(record: WarmTransferRecord): Promise<boolean> {
    const at = this.now();
    const { ending, error: _none, ...rest } = record;
    const given: WarmTransferRecord = {
      ...rest,
      status: ending?.status === "completed" || ending?.status === "cancelled" ? ending.status : "failed",
      error:
        ending?.error ??
        failure("expired", "LiveKit did not let the caller be taken off hold; the record was ended without it"),
      endedAt: at,
      updatedAt: at,
      version: record.version + 1,
    };
    if (given.status !== "failed") delete given.error;
    if (!(await this.deps.store.saveWarmTransfer(given))) return false;
    this.deps.onBackgroundError?.(new Error("gave up restoring the caller"), given, "given up");
    this.deps.onEnded?.(given, "given up: LiveKit kept refusing to restore the caller");
    return true;
  }

  /** Waits up to `graceMs` for the dials this process follows (their records stay open if not done). */
  async stop(graceMs: number): Promise<number> {
    let timer: unknown;
    const timeout = new Promise<void>((resolve) => {
      timer = this.timers.setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.dials]), timeout]);
    this.timers.clearTimeout(timer);
    return this.dials.size;
  }

  /** What the watch finds about an open record, or undefined when nothing is to be done. */
  private async endingOf(livekit: WarmTransferLiveKitPort, record: WarmTransferRecord): Promise<Ending | undefined> {
    if (record.ending) return record.ending;
    if (record.deadlineAt <= this.now()) {
      return {
        status: "failed",
        error: failure(
          "expired",
          record.status === "consulting"
            ? "The consult outlasted its limit; the caller was taken off hold"
            : "The dial was not followed to its end (the server stopped); the caller was taken off hold",
        ),
      };
    }
    const present = new Set((await livekit.participantIdentities(record.roomName)) ?? []);
    if (!present.has(record.participantIdentity)) {
      return {
        status: "failed",
        error: failure("caller_left", "The caller hung up before the transfer completed"),
      };
    }
    if (record.status === "consulting" && !present.has(record.consultIdentity)) return SUPERVISOR_LEFT;
    return undefined;
  }

  /** Puts the caller on hold: hears nothing (can_subscribe off), is not heard (tracks muted). */
  private async hold(livekit: WarmTransferLiveKitPort, record: WarmTransferRecord): Promise<void> {
    const { roomName, participantIdentity, hold } = record;
    if ((await livekit.setCanSubscribe(roomName, participantIdentity, false)) === "not_found")
      throw new ParticipantNotFoundError(roomName, participantIdentity, "missing");
    for (const sid of hold?.mutedTrackSids ?? []) {
      const muted = await livekit.setTrackMuted(roomName, participantIdentity, sid, true);
      if (muted !== "ok") throw new ParticipantNotFoundError(roomName, participantIdentity, "missing");
    }
  }

  /** Undoes the hold; a caller who is gone needs nothing. */
  private async restore(livekit: WarmTransferLiveKitPort, record: WarmTransferRecord): Promise<void> {
    const { roomName, participantIdentity, hold } = record;
    if (!hold) return; // nothing was changed yet
    if ((await livekit.setCanSubscribe(roomName, participantIdentity, hold.canSubscribe)) === "not_found") return;
    for (const sid of hold.mutedTrackSids) {
      const unmuted = await livekit.setTrackMuted(roomName, participantIdentity, sid, false);
      if (unmuted === "remote_unmute_disabled") throw new LiveKitRemoteUnmuteDisabledError();
    }
  }

  /** Runs the dial and moves the record on with its result. */
  private async follow(
    livekit: LiveKitPort & WarmTransferLiveKitPort,
    record: WarmTransferRecord,
    order: WarmTransferOrder,
  ): Promise<void> {
    const result: SipDialResult = await livekit
      .dialSipParticipant({
        roomName: record.roomName,
        trunkId: record.trunkId,
        number: order.number,
        identity: record.consultIdentity,
        ringingTimeoutS: order.ringingTimeoutS ?? DEFAULT_RINGING_TIMEOUT_S,
        headers: order.headers,
      })
      .catch((error: unknown): SipDialResult => ({ outcome: "unknown", detail: String(error) }));
    try {
      if (result.outcome === "answered") {
        await this.answered(record.id);
        return;
      }
      const ending: Ending =
        result.outcome === "failed"
          ? {
              status: "failed",
              error: {
                ...failure(result.reason, DIAL_FAILURES[result.reason]),
                ...(result.sipStatusCode === undefined ? {} : { sipStatusCode: result.sipStatusCode }),
                ...(result.sipStatus === undefined ? {} : { sipStatus: result.sipStatus }),
              },
              detail: result.detail,
            }
          : {
              status: "failed",
              error: failure("unavailable", "LiveKit's answer to the dial was lost; the caller was taken off hold"),
              detail: result.detail,
            };
      await this.finish(record.id, ending);
    } catch (error) {
      // The watch (this replica's or another's) finishes it.
      this.deps.onBackgroundError?.(error, record, "dial outcome");
    }
  }

  /** The supervisor answered: `consulting`, with the consult's deadline; unless it was cancelled meanwhile. */
  private async answered(id: string): Promise<void> {
    for (;;) {
      const record = await this.deps.store.getWarmTransfer(id);
      if (!record) return;
      if (record.status !== "dialing") {
        // Ended while it rang: a cancel or the caller leaving may have come before livekit-sip put
        // the leg in the room (so removing it found nothing), and the phone answered since.
        if (!isOpen(record.status) && record.status !== "completed" && this.deps.livekit)
          await this.deps.livekit.removeParticipant(record.roomName, record.consultIdentity);
        return;
      }
      if (record.ending) {
        await this.finish(id, record.ending);
        return;
      }
      const at = this.now();
      const consulting: WarmTransferRecord = {
        ...record,
        status: "consulting",
        answeredAt: at,
        updatedAt: at,
        deadlineAt: at + this.deps.consultTimeoutMs,
        version: record.version + 1,
      };
      if (await this.deps.store.saveWarmTransfer(consulting)) return;
    }
  }

  /**
   * Ends an open record, once: stores how it is to end (unless an earlier ending is stored: the
   * first one wins), carries out the LiveKit steps (each idempotent: remove the supervisor's leg
   * unless completing, restore the caller, remove the agent when completing), then ends the record
   * with a compare-and-set. Resolves with the stored record, ended by this call or by someone else
   * first. Throws when LiveKit or the store fails: the record stays open with its ending stored,
   * and a retry or the watch carries it out.
   */
  private async finish(id: string, ending: Ending): Promise<WarmTransferRecord> {
    const livekit = this.requireLiveKit();
    for (;;) {
      let record = await this.deps.store.getWarmTransfer(id);
      if (!record) throw new WarmTransferNotFoundError(id);
      if (!isOpen(record.status)) return record;
      if (!record.ending) {
        const marked: WarmTransferRecord = {
          ...record,
          ending: { status: ending.status, ...(ending.error ? { error: ending.error } : {}) },
          updatedAt: this.now(),
          version: record.version + 1,
        };
        if (!(await this.deps.store.saveWarmTransfer(marked))) continue;
        record = marked;
      }
      const final = record.ending!;
      if (final.status !== "completed") await livekit.removeParticipant(record.roomName, record.consultIdentity);
      await this.restore(livekit, record);
      if (final.status === "completed" && record.agentIdentity !== undefined)
        await livekit.removeParticipant(record.roomName, record.agentIdentity);
      const at = this.now();
      const { ending: _done, error: _none, ...rest } = record;
      const ended: WarmTransferRecord = {
        ...rest,
        status: final.status,
        endedAt: at,
        updatedAt: at,
        ...(final.error ? { error: final.error } : {}),
        version: record.version + 1,
      };
      if (await this.deps.store.saveWarmTransfer(ended)) {
        this.deps.onEnded?.(ended, final.status === ending.status ? ending.detail : undefined);
        return ended;
      }
    }
  }

  private requireLiveKit(): LiveKitPort & WarmTransferLiveKitPort {
    if (!this.deps.livekit) throw new LiveKitNotConfiguredError();
    return this.deps.livekit;
  }
}

const SUPERVISOR_LEFT: Ending = {
  status: "failed",
  error: failure("supervisor_left", "The supervisor hung up during the consult; the caller was taken off hold"),
};

const DIAL_FAILURES: Record<Extract<SipDialResult, { outcome: "failed" }>["reason"], string> = {
  busy: "The supervisor's line was busy; the caller was taken off hold",
  declined: "The supervisor declined the call; the caller was taken off hold",
  no_answer: "The supervisor did not answer; the caller was taken off hold",
  unavailable: "The supervisor could not be reached; the caller was taken off hold",
  trunk_failure: "The outbound trunk failed to place the call; the caller was taken off hold",
};

function failure(reason: WarmTransferFailure, message: string): WarmTransferError {
  return { code: "WARM_TRANSFER_FAILED", reason, message };
}

function unavailable(error: unknown): never {
  throw error instanceof TransferError ? error : new LiveKitUnavailableError(error);
}
