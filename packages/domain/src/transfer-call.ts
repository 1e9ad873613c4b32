import type { TransferResponse } from "@sip-transfer/api-types";
import {
  InvalidRequestError,
  LiveKitNotConfiguredError,
  LiveKitUnavailableError,
  ParticipantNotFoundError,
  RoomNotFoundError,
  TransferError,
  TransferFailedError,
} from "./errors.js";
import type { LiveKitPort } from "./livekit-port.js";
import { type PhoneNumberOptions, normalizePhoneNumber } from "./phone-number.js";
import { mayAccessRoom } from "./room-access-policy.js";

export interface TransferCallInput {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
  /** The authenticated tenant, or undefined for an anonymous caller. */
  authId?: string | undefined;
}

/** How a transfer that outlived the wait window ended; reported once it has. */
export type BackgroundTransferOutcome =
  | { status: "completed"; elapsedMs: number }
  | { status: "failed"; elapsedMs: number; error: TransferFailedError };

export interface BackgroundTransfer {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
  startedAt: Date;
  /** Settles (never rejects) when LiveKit has answered. */
  settled: Promise<BackgroundTransferOutcome>;
}

export interface TransferCallDeps {
  /** Undefined when LiveKit is not configured. */
  livekit: LiveKitPort | undefined;
  phone?: PhoneNumberOptions;
  /** How long to wait for LiveKit's answer before answering `initiated` (ms). */
  waitMs: number;
  /** Told about every transfer still running after the answer, so it can be followed to its end. */
  onBackgroundTransfer?: (transfer: BackgroundTransfer) => void;
  now?: () => number;
}

const WAIT_EXPIRED = Symbol("wait expired");

/**
 * The transfer use case. Decides in the seed's order: request, phone number, LiveKit configured,
 * room access, participant, transfer. Throws a TransferError subclass for every refusal.
 */
export async function transferCall(deps: TransferCallDeps, input: TransferCallInput): Promise<TransferResponse> {
  const roomName = input.roomName.trim();
  const participantIdentity = input.participantIdentity.trim();
  const empty = [
    ["room_name", roomName],
    ["participant_identity", participantIdentity],
    ["transfer_to", input.transferTo.trim()],
  ].filter(([, value]) => value === "");
  if (empty.length > 0) {
    throw new InvalidRequestError(`Invalid request: ${empty.map(([name]) => name).join(", ")} must not be empty`, {
      details: { issues: empty.map(([name]) => ({ path: `/body/${name}`, message: "must not be empty" })) },
    });
  }

  const { tel } = normalizePhoneNumber(input.transferTo, deps.phone);
  const livekit = deps.livekit;
  if (!livekit) throw new LiveKitNotConfiguredError();

  // Independent reads: one round trip, then decide in order.
  const [room, participant] = await Promise.allSettled([
    livekit.findRoom(roomName),
    livekit.findParticipant(roomName, participantIdentity),
  ]);
  if (room.status === "rejected") throw asUnavailable(room.reason);
  if (!room.value || !mayAccessRoom(room.value.metadata, input.authId)) throw new RoomNotFoundError(roomName);
  if (participant.status === "rejected") throw asUnavailable(participant.reason);
  if (!participant.value) throw new ParticipantNotFoundError(roomName, participantIdentity, "missing");
  if (!participant.value.isSip) throw new ParticipantNotFoundError(roomName, participantIdentity, "not_sip");

  const now = deps.now ?? Date.now;
  const startedAt = now();
  const outcome: Promise<BackgroundTransferOutcome> = livekit
    .transferSipParticipant(roomName, participantIdentity, tel)
    .then(
      () => ({ status: "completed" as const, elapsedMs: now() - startedAt }),
      (error: unknown) => ({ status: "failed" as const, elapsedMs: now() - startedAt, error: asTransferFailed(error) }),
    );

  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof WAIT_EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(WAIT_EXPIRED), Math.max(0, deps.waitMs));
  });
  const first = await Promise.race([outcome, expired]);
  clearTimeout(timer);

  const answer = { room_name: roomName, participant_identity: participantIdentity, transfer_to: tel };
  if (first === WAIT_EXPIRED) {
    deps.onBackgroundTransfer?.({
      roomName,
      participantIdentity,
      transferTo: tel,
      startedAt: new Date(startedAt),
      settled: outcome,
    });
    return { status: "initiated", ...answer };
  }
  if (first.status === "failed") throw first.error;
  return { status: "completed", ...answer };
}

function asUnavailable(error: unknown): TransferError {
  return error instanceof TransferError ? error : new LiveKitUnavailableError(error);
}

function asTransferFailed(error: unknown): TransferFailedError {
  if (error instanceof TransferFailedError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new TransferFailedError({ reason, cause: error });
}
