import {
  type DestinationPolicy,
  DEFAULT_DESTINATION_POLICY,
  checkDestination,
  parseDestination,
} from "./destination.js";
import {
  EmptyFieldsError,
  InvalidPhoneNumberError,
  InvalidTransferOptionError,
  type TransferRequestField,
} from "./errors.js";
import type { PhoneNumberOptions } from "./phone-number.js";

/** How LiveKit carries out the transfer; unset fields keep LiveKit's defaults. */
export interface TransferOptions {
  /** How long the destination may ring (s, 1–600; LiveKit's default 30). */
  ringingTimeoutS?: number | undefined;
  /** Play a dial tone to the caller while the destination rings. */
  playDialtone?: boolean | undefined;
  /** `X-…` SIP headers LiveKit adds to the REFER. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** What a caller asked for, as typed. */
export interface TransferInput extends TransferOptions {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
}

/** A transfer request that passed the checks that need no one else. */
export interface TransferOrder {
  roomName: string;
  participantIdentity: string;
  /** The `tel:`, `sip:` or `sips:` URI LiveKit transfers to. */
  transferTo: string;
  options: TransferOptions;
}

export interface TransferOrderRules {
  phone?: PhoneNumberOptions | undefined;
  /** Where transfers may go (default: anywhere but premium-rate numbers; no SIP domain). */
  policy?: DestinationPolicy | undefined;
}

const HEADER_NAME = /^X-[A-Za-z0-9-]{1,64}$/;
const HEADER_VALUE = /^[\x20-\x7E]{0,256}$/;
const MAX_HEADERS = 16;

/**
 * The checks, in the contract's order, that need neither LiveKit nor the store: fields non-empty after
 * trimming (EmptyFieldsError), the destination's format (InvalidPhoneNumberError, InvalidSipUriError),
 * the options (InvalidTransferOptionError), then the destination policy (DestinationNotAllowedError).
 */
export function parseTransferOrder(input: TransferInput, rules: TransferOrderRules = {}): TransferOrder {
  return parseOrder(input, rules, "refer");
}

/** What a caller asked of a warm transfer, as typed. */
export interface WarmTransferInput {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
  ringingTimeoutS?: number | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  agentIdentity?: string | undefined;
}

/** A warm transfer request that passed the checks that need no one else. */
export interface WarmTransferOrder {
  roomName: string;
  participantIdentity: string;
  /** The supervisor's number as a `tel:` URI. */
  transferTo: string;
  /** The same number as the outbound trunk dials it: `+15551234567`, or an extension `1234`. */
  number: string;
  ringingTimeoutS?: number | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  agentIdentity?: string | undefined;
}

/**
 * A warm transfer's checks, in the same order as a transfer's, with two differences: the
 * destination is a number (the trunk is the host, so a SIP URI is InvalidPhoneNumberError), and
 * it may ring at most 60 s (LiveKit's dial RPC has an 80 s deadline).
 */
export function parseWarmTransferOrder(input: WarmTransferInput, rules: TransferOrderRules = {}): WarmTransferOrder {
  const agentIdentity = input.agentIdentity?.trim();
  if (agentIdentity === "") throw new EmptyFieldsError(["agentIdentity"]);
  const order = parseOrder(input, rules, "dial");
  // Completing removes the agent from the room: naming the caller would hang the caller up.
  if (agentIdentity === order.participantIdentity)
    throw new InvalidTransferOptionError(
      "agentIdentity",
      "agent_identity must not be the caller's participant_identity",
    );
  return {
    roomName: order.roomName,
    participantIdentity: order.participantIdentity,
    transferTo: order.transferTo,
    number: order.transferTo.slice("tel:".length),
    ...(order.options.ringingTimeoutS === undefined ? {} : { ringingTimeoutS: order.options.ringingTimeoutS }),
    ...(order.options.headers === undefined ? {} : { headers: order.options.headers }),
    ...(agentIdentity === undefined ? {} : { agentIdentity }),
  };
}

/** `refer`: a transfer's REFER (a number or SIP URI, ringing up to 600 s); `dial`: a warm transfer's dial. */
function parseOrder(input: TransferInput, rules: TransferOrderRules, kind: "refer" | "dial"): TransferOrder {
  const roomName = input.roomName.trim();
  const participantIdentity = input.participantIdentity.trim();
  const values: [TransferRequestField, string][] = [
    ["roomName", roomName],
    ["participantIdentity", participantIdentity],
    ["transferTo", input.transferTo.trim()],
  ];
  const empty = values.filter(([, value]) => value === "").map(([field]) => field);
  if (empty.length > 0) throw new EmptyFieldsError(empty);
  const destination = parseDestination(input.transferTo, rules.phone);
  if (kind === "dial" && destination.kind === "sip")
    throw new InvalidPhoneNumberError(
      input.transferTo,
      "a warm transfer dials a number or extension through the outbound trunk, not a SIP URI",
    );
  const options = checkOptions(input, kind === "dial" ? 60 : 600);
  checkDestination(destination, rules.policy ?? DEFAULT_DESTINATION_POLICY);
  return { roomName, participantIdentity, transferTo: destination.uri, options };
}

function checkOptions(input: TransferOptions, maxRingingS: number): TransferOptions {
  const { ringingTimeoutS, playDialtone, headers } = input;
  if (
    ringingTimeoutS !== undefined &&
    (!Number.isInteger(ringingTimeoutS) || ringingTimeoutS < 1 || ringingTimeoutS > maxRingingS)
  ) {
    throw new InvalidTransferOptionError(
      "ringingTimeout",
      `ringing_timeout must be a whole number of seconds from 1 to ${maxRingingS}`,
    );
  }
  if (headers !== undefined) {
    const entries = Object.entries(headers);
    if (entries.length > MAX_HEADERS)
      throw new InvalidTransferOptionError("headers", `headers may hold at most ${MAX_HEADERS} entries`);
    const seen = new Set<string>();
    for (const [name, value] of entries) {
      // No CR, LF or NUL can reach a SIP header: names are X- and letters, digits, dashes; values printable ASCII.
      if (!HEADER_NAME.test(name))
        throw new InvalidTransferOptionError("headers", "header names must be X- followed by letters, digits or '-'");
      if (typeof value !== "string" || !HEADER_VALUE.test(value)) {
        throw new InvalidTransferOptionError("headers", "header values must be at most 256 printable ASCII characters");
      }
      // SIP header names are case-insensitive: `X-A` and `X-a` would be one header sent twice.
      if (seen.has(name.toLowerCase()))
        throw new InvalidTransferOptionError(
          "headers",
          `header '${name}' is named twice (SIP header names ignore case)`,
        );
      seen.add(name.toLowerCase());
    }
  }
  return {
    ...(ringingTimeoutS === undefined ? {} : { ringingTimeoutS }),
    ...(playDialtone === undefined ? {} : { playDialtone }),
    ...(headers === undefined || Object.keys(headers).length === 0 ? {} : { headers: { ...headers } }),
  };
}
