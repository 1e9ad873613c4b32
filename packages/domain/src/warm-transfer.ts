import type { WebhookState } from "./transfer.js";

/**
 * A warm (attended) transfer's lifecycle: `dialing` (caller on hold, supervisor ringing) →
 * `consulting` (supervisor answered; agent and supervisor talk, caller on hold) → `completed` |
 * `cancelled` | `failed`. `dialing` and `consulting` are open: only an open record can have the
 * caller on hold, and it ends only once the caller is restored or gone.
 */
export type WarmTransferStatus = "dialing" | "consulting" | "completed" | "cancelled" | "failed";

export const OPEN_WARM_TRANSFER_STATUSES: readonly WarmTransferStatus[] = ["dialing", "consulting"];

export function isOpen(status: WarmTransferStatus): boolean {
  return status === "dialing" || status === "consulting";
}

/** Why a warm transfer ended `failed`. */
export type WarmTransferFailure =
  | "busy"
  | "declined"
  | "no_answer"
  | "unavailable"
  | "trunk_failure"
  | "supervisor_left"
  | "caller_left"
  | "hold_failed"
  | "expired";

export interface WarmTransferError {
  code: "WARM_TRANSFER_FAILED";
  reason: WarmTransferFailure;
  message: string;
  sipStatusCode?: number;
  sipStatus?: string;
}

export interface WarmTransferEnding {
  status: "completed" | "cancelled" | "failed";
  error?: WarmTransferError;
}

/** What the hold changed on the caller, so that anyone can undo it (another replica too). */
export interface CallerHold {
  /** The caller's `can_subscribe` before the hold. */
  canSubscribe: boolean;
  /** The caller's audio tracks the hold mutes (those that were not muted before it). */
  mutedTrackSids: string[];
}

/** A warm transfer as the store keeps it. Times are epoch ms. */
export interface WarmTransferRecord {
  id: string;
  /** The tenant (`auth.id`) that started it; undefined for an anonymous caller. */
  tenantId: string | undefined;
  status: WarmTransferStatus;
  roomName: string;
  /** The caller. */
  participantIdentity: string;
  /** The supervisor's number as a `tel:` URI. */
  transferTo: string;
  /** The supervisor leg's identity in the room. */
  consultIdentity: string;
  /** The agent, removed from the room when the transfer completes. */
  agentIdentity?: string;
  /** The outbound trunk the supervisor is dialled through. */
  trunkId: string;
  /** What the hold changed; absent in the moment between taking the caller's lock and reading them. */
  hold?: CallerHold;
  /**
   * How the record is to end, stored before the LiveKit steps that end it (restore the caller,
   * remove a leg): the first one stored wins, and whoever finds an open record with one (a retry,
   * another replica's watch) carries it out. A cancel stored while ringing is why the dial's
   * "no answer" (what LiveKit also says when we hang up a ringing leg) ends it `cancelled`.
   */
  ending?: WarmTransferEnding;
  createdAt: number;
  updatedAt: number;
  answeredAt?: number;
  endedAt?: number;
  /** An open record past this instant is ended `failed` (`expired`) by whoever notices, caller restored. */
  deadlineAt: number;
  error?: WarmTransferError;
  requestId: string;
  /** Where its `warm_transfer.*` webhook stands; absent when no webhook is configured for its tenant. */
  webhook?: WebhookState;
  /** Bumped by every write: the store writes a record only over the version it was read at. */
  version: number;
}
