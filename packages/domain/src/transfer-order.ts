import { EmptyFieldsError, type TransferRequestField } from "./errors.js";
import { type PhoneNumberOptions, normalizePhoneNumber } from "./phone-number.js";

/** What a caller asked for, as typed. */
export interface TransferInput {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
}

/** A transfer request that passed the checks that need no one else: trimmed, `tel:` destination. */
export interface TransferOrder {
  roomName: string;
  participantIdentity: string;
  /** The `tel:` URI LiveKit transfers to. */
  transferTo: string;
}

/**
 * The checks in the seed's order that need neither LiveKit nor the store: fields non-empty after
 * trimming (EmptyFieldsError), then the phone number (InvalidPhoneNumberError).
 */
export function parseTransferOrder(input: TransferInput, phone: PhoneNumberOptions = {}): TransferOrder {
  const roomName = input.roomName.trim();
  const participantIdentity = input.participantIdentity.trim();
  const values: [TransferRequestField, string][] = [
    ["roomName", roomName],
    ["participantIdentity", participantIdentity],
    ["transferTo", input.transferTo.trim()],
  ];
  const empty = values.filter(([, value]) => value === "").map(([field]) => field);
  if (empty.length > 0) throw new EmptyFieldsError(empty);
  const { tel } = normalizePhoneNumber(input.transferTo, phone);
  return { roomName, participantIdentity, transferTo: tel };
}
