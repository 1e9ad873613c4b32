import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
import { InvalidPhoneNumberError, codePointName } from "./errors.js";

export type { CountryCode };

/**
 * `international`: E.164 (`+…`, given so or normalized from a national number of
 * `PHONE_DEFAULT_REGION`); `national`: a longer run of digits whose country cannot be told (no
 * region, or not a number of the region); `extension`: a short internal number.
 */
export type PhoneNumberKind = "international" | "national" | "extension";

export interface NormalizedPhoneNumber {
  /** `tel:` + the compact number, e.g. `tel:+15551234567`. */
  tel: string;
  kind: PhoneNumberKind;
}

export interface PhoneNumberOptions {
  /** ISO 3166-1 alpha-2 region; national numbers of it (and numbers dialled with its international prefix) become E.164. */
  defaultRegion?: CountryCode | undefined;
  /** Digits without `+` up to this many are an internal extension (1–15, default 6); longer runs are national numbers. */
  maxExtensionDigits?: number | undefined;
}

export const DEFAULT_MAX_EXTENSION_DIGITS = 6;

const SEPARATORS = /[ \-.()]/g;
const MAX_DIGITS = 15; // E.164
const MIN_INTERNATIONAL_DIGITS = 7;

export function isSupportedRegion(region: string): region is CountryCode {
  return isSupportedCountry(region);
}

/**
 * Turns what a caller typed into the `tel:` URI LiveKit transfers to.
 * Throws {@link InvalidPhoneNumberError} naming the problem.
 */
export function normalizePhoneNumber(input: string, options: PhoneNumberOptions = {}): NormalizedPhoneNumber {
  const fail = (reason: string): never => {
    throw new InvalidPhoneNumberError(input, reason);
  };
  let rest = input.trim();
  if (/^tel:/i.test(rest)) rest = rest.slice(4);
  const compact = rest.replace(SEPARATORS, "");

  if (compact === "") fail("it is empty");
  // Only ASCII digits: a fullwidth or other script's digit, a `tel:` parameter (`;ext=`,
  // `;phone-context=`) or a letter could be dialled differently from what the policy checked.
  if (compact.includes(";"))
    fail("it has a parameter (';…'); send the number alone, without ';ext=', ';phone-context=' or ';isub='");
  const bad = compact.match(/[^0-9+]/u);
  if (bad) {
    const shown = /^[\x21-\x7e]$/.test(bad[0]) ? `'${bad[0]}'` : codePointName(bad[0].codePointAt(0)!);
    fail(
      `it contains ${shown}; only the ASCII digits 0-9, a leading '+' and the separators space, '-', '.', '(' and ')' are allowed`,
    );
  }
  if (compact.startsWith("++")) fail("it starts with '++'; use a single leading '+'");
  if (compact.indexOf("+", 1) !== -1) fail("'+' is allowed only at the start");

  if (compact.startsWith("+")) {
    const digits = compact.length - 1;
    if (digits === 0) fail("it has no digits after '+'");
    if (digits < MIN_INTERNATIONAL_DIGITS) {
      fail(
        `an international number needs ${MIN_INTERNATIONAL_DIGITS} to ${MAX_DIGITS} digits after '+', got ${digits}`,
      );
    }
    if (digits > MAX_DIGITS) fail(`an international number has at most ${MAX_DIGITS} digits after '+', got ${digits}`);
    return { tel: `tel:${compact}`, kind: "international" };
  }

  if (compact.length > MAX_DIGITS) fail(`a number has at most ${MAX_DIGITS} digits, got ${compact.length}`);
  if (compact.length <= (options.maxExtensionDigits ?? DEFAULT_MAX_EXTENSION_DIGITS))
    return { tel: `tel:${compact}`, kind: "extension" };

  const e164 = options.defaultRegion ? nationalToE164(compact, options.defaultRegion) : undefined;
  return e164 ? { tel: `tel:${e164}`, kind: "international" } : { tel: `tel:${compact}`, kind: "national" };
}

/**
 * A number dialled in `region` as E.164: a valid national number of the region (with or without
 * its trunk prefix), or a number dialled with the region's international prefix (`00`, `011`, …),
 * valid or not (its country is then told by its calling code, its type by its range). Undefined
 * when the digits are not a number of the region.
 */
function nationalToE164(digits: string, region: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(digits, region);
  if (!parsed) return undefined;
  const dialledAbroad = parsed.countryCallingCode !== getCountryCallingCode(region);
  const length = parsed.number.length - 1;
  if (length < MIN_INTERNATIONAL_DIGITS || length > MAX_DIGITS) return undefined;
  return parsed.isValid() || dialledAbroad ? parsed.number : undefined;
}
