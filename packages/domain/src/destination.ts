import {
  type CountryCode,
  type NumberType,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
import { DestinationNotAllowedError, InvalidSipUriError, quoted } from "./errors.js";
import {
  NON_GEOGRAPHIC_CALLING_CODES,
  NUMBER_TYPES,
  type NumberingPlanId,
  rangeHeads,
  rangePrefixes,
  typesOf,
} from "./number-ranges.js";
import { type PhoneNumberKind, type PhoneNumberOptions, normalizePhoneNumber } from "./phone-number.js";

export type { NumberType };

export { NUMBER_TYPES };

/** Where calls may be transferred to. Global settings, overridden per tenant. */
export interface DestinationPolicy {
  /** ISO 3166-1 codes a phone number must belong to; undefined: any country. */
  allowedCountries?: readonly CountryCode[] | undefined;
  /** Number types refused (libphonenumber's, full metadata). */
  blockedNumberTypes: readonly NonNullable<NumberType>[];
  /** Internal extensions (at most `maxExtensionDigits` digits without `+`). */
  allowExtensions: boolean;
  /** Domains `sip:`/`sips:` destinations may name; `*.example.com` matches its subdomains. Empty: none. */
  sipDomains: readonly string[];
}

export const DEFAULT_DESTINATION_POLICY: DestinationPolicy = {
  blockedNumberTypes: ["PREMIUM_RATE"],
  allowExtensions: true,
  sipDomains: [],
};

export type Destination =
  { kind: "tel"; uri: string; number: PhoneNumberKind } | { kind: "sip"; uri: string; host: string };

// One DNS label, and a host made of labels: the rule for SIP URIs and for the domains allowed to them.
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST = `${LABEL}(?:\\.${LABEL})*`;

// user@host[:port]: the user part takes RFC 3261's unreserved and user characters and %-escapes, but
// never `;` `?` `<` `>` or spaces, so no parameter or header can ride along into the REFER.
const SIP_URI = new RegExp(
  `^(sips?):((?:[A-Za-z0-9\\-_.!~*'()&=+$,]|%[0-9A-Fa-f]{2})+)@(${HOST})(?::(\\d{1,5}))?$`,
  "i",
);

// An allowed SIP domain: a host of two or more labels, or `*.` and one for its subdomains.
const SIP_DOMAIN_PATTERN = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})+$`, "i");

/** Is `pattern` a domain TRANSFER_SIP_DOMAINS and `sip_domains` may name (`pbx.example.com`, `*.example.com`)? */
export function isSipDomainPattern(pattern: string): boolean {
  return SIP_DOMAIN_PATTERN.test(pattern);
}

/** A `sip:`/`sips:` URI, parsed strictly: scheme and host lower-cased, nothing but user@host[:port]. */
export function parseSipUri(input: string): Destination & { kind: "sip" } {
  const trimmed = input.trim();
  const match = SIP_URI.exec(trimmed);
  if (!match) {
    throw new InvalidSipUriError(
      input,
      "it must be sip:user@host or sips:user@host, with an optional :port and no parameters or headers",
    );
  }
  const [, scheme, user, host, port] = match as unknown as [string, string, string, string, string | undefined];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    throw new InvalidSipUriError(input, `port ${port} is not 1 to 65535`);
  if (trimmed.length > 256) throw new InvalidSipUriError(input, "it is longer than 256 characters");
  const lowerHost = host.toLowerCase();
  return { kind: "sip", uri: `${scheme.toLowerCase()}:${user}@${lowerHost}${port ? `:${port}` : ""}`, host: lowerHost };
}

/** A phone number or a SIP URI, as LiveKit will be asked to transfer to. Throws for malformed input. */
export function parseDestination(input: string, phone: PhoneNumberOptions = {}): Destination {
  if (/^\s*sips?:/i.test(input)) return parseSipUri(input);
  const { tel, kind } = normalizePhoneNumber(input, phone);
  return { kind: "tel", uri: tel, number: kind };
}

/** Does `host` match one of `patterns` (exact, or `*.example.com` for any subdomain of example.com)? */
export function sipDomainAllowed(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

const CALLING_CODES = new Map<string, CountryCode[]>();
for (const country of getCountries()) {
  const code = getCountryCallingCode(country);
  CALLING_CODES.set(code, [...(CALLING_CODES.get(code) ?? []), country]);
}
function callingCodeOf(e164Digits: string): string | undefined {
  for (const length of [1, 2, 3]) {
    const code = e164Digits.slice(0, length);
    if (CALLING_CODES.has(code) || NON_GEOGRAPHIC_CALLING_CODES.has(code)) return code;
  }
  return undefined;
}

/**
 * Applies the policy; throws DestinationNotAllowedError with the reason. Numbers libphonenumber
 * cannot validate are not refused for that alone (the contract's own examples are such numbers): their
 * country is told by their calling code, and their type by the range their first digits fall in
 * (so `+1 900 123 4567`, invalid, is still a premium-rate number). A national number whose country
 * cannot be told is refused while any country or number-type rule is on: a trunk may dial it as
 * anything.
 */
export function checkDestination(destination: Destination, policy: DestinationPolicy): void {
  if (destination.kind === "sip") {
    if (!sipDomainAllowed(destination.host, policy.sipDomains)) {
      throw new DestinationNotAllowedError(
        "sip_domain",
        `Transfers to SIP domain ${quoted(destination.host)} are not allowed`,
      );
    }
    return;
  }
  const digits = destination.uri.slice("tel:".length);
  if (destination.number === "extension") {
    if (!policy.allowExtensions)
      throw new DestinationNotAllowedError(
        "extension",
        `Transfers to internal extensions ('${digits}') are not allowed`,
      );
    return;
  }
  if (destination.number === "national") {
    if (policy.allowedCountries || policy.blockedNumberTypes.length > 0) {
      throw new DestinationNotAllowedError(
        "unclassified",
        `The country and type of '${digits}' cannot be told, so the destination rules cannot be checked; send the number in international format (+…) or set PHONE_DEFAULT_REGION`,
      );
    }
    return;
  }
  const parsed = parsePhoneNumberFromString(digits);
  const callingCode = callingCodeOf(digits.slice(1));
  if (callingCode === undefined) {
    throw new DestinationNotAllowedError("country", `No country uses the calling code of '${digits}'`);
  }
  const valid = parsed?.isValid() === true;
  const national = digits.slice(1 + callingCode.length);
  // Where the number belongs: its country when valid, else the plans its calling code and first
  // digits may mean. A non-geographic code (+800, +979, …) is a plan of no country.
  const plans: readonly NumberingPlanId[] =
    valid && parsed.country
      ? [parsed.country]
      : NON_GEOGRAPHIC_CALLING_CODES.has(callingCode)
        ? [callingCode]
        : plansByRange(national, CALLING_CODES.get(callingCode) ?? []);
  if (policy.allowedCountries) {
    if (!plans.some((plan) => (policy.allowedCountries as readonly string[]).includes(plan))) {
      throw new DestinationNotAllowedError(
        "country",
        `Transfers to '${digits}' (${parsed?.country ?? `+${callingCode}`}) are not allowed`,
      );
    }
  }
  const type = valid ? parsed.getType() : blockedRangeOf(national, plans, policy.blockedNumberTypes);
  if (type && policy.blockedNumberTypes.includes(type)) {
    throw new DestinationNotAllowedError(
      "number_type",
      `Transfers to ${type.toLowerCase().replaceAll("_", " ")} numbers ('${digits}') are not allowed`,
    );
  }
}

/**
 * The countries sharing a calling code whose numbers start like `national` (a NANP area code tells
 * Jamaica from the US, also after a trunk `1`); all of them when none does (the contract's example `+1 555…`
 * is in no range).
 */
function plansByRange(national: string, countries: readonly CountryCode[]): readonly CountryCode[] {
  if (countries.length < 2) return countries;
  const matching = countries.filter((country) => {
    const heads = rangeHeads(national, country);
    return NUMBER_TYPES.some((type) => heads.some((head) => rangePrefixes(country, type).has(head)));
  });
  return matching.length > 0 ? matching : countries;
}

/**
 * The blocked type of a number libphonenumber cannot validate: the one whose range its first
 * digits fall in, in any plan it may belong to; or, when it is in no range, the one type its plans
 * have (every +979 number is premium rate, whatever follows).
 */
function blockedRangeOf(
  national: string,
  plans: readonly NumberingPlanId[],
  blocked: readonly NonNullable<NumberType>[],
): NonNullable<NumberType> | undefined {
  for (const plan of plans) {
    const heads = rangeHeads(national, plan);
    const type = blocked.find((candidate) => heads.some((head) => rangePrefixes(plan, candidate).has(head)));
    if (type) return type;
  }
  const only = new Set(plans.flatMap((plan) => typesOf(plan)));
  const [single] = only;
  return only.size === 1 && single !== undefined && blocked.includes(single) ? single : undefined;
}
