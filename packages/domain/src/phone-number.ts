import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { InvalidPhoneNumberError } from "./errors.js";

export type { CountryCode };

export type PhoneNumberKind = "international" | "national" | "extension";

export interface NormalizedPhoneNumber {
  /** `tel:` + the compact number, e.g. `tel:+15551234567`. */
  tel: string;
  kind: PhoneNumberKind;
}

export interface PhoneNumberOptions {
  /** ISO 3166-1 alpha-2 region; national numbers valid there become E.164. */
  defaultRegion?: CountryCode | undefined;
}

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
  const bad = compact.match(/[^0-9+]/);
  if (bad) {
    fail(`it contains '${bad[0]}'; only digits, a leading '+' and the separators space, '-', '.', '(' and ')' are allowed`);
  }
  if (compact.startsWith("++")) fail("it starts with '++'; use a single leading '+'");
  if (compact.indexOf("+", 1) !== -1) fail("'+' is allowed only at the start");

  if (compact.startsWith("+")) {
    const digits = compact.length - 1;
    if (digits === 0) fail("it has no digits after '+'");
    if (digits < MIN_INTERNATIONAL_DIGITS) {
      fail(`an international number needs ${MIN_INTERNATIONAL_DIGITS} to ${MAX_DIGITS} digits after '+', got ${digits}`);
    }
    if (digits > MAX_DIGITS) fail(`an international number has at most ${MAX_DIGITS} digits after '+', got ${digits}`);
    return { tel: `tel:${compact}`, kind: "international" };
  }

  if (compact.length > MAX_DIGITS) fail(`a number has at most ${MAX_DIGITS} digits, got ${compact.length}`);
  if (!compact.startsWith("0")) return { tel: `tel:${compact}`, kind: "extension" };

  if (options.defaultRegion) {
    const parsed = parsePhoneNumberFromString(compact, options.defaultRegion);
    if (parsed?.isValid()) return { tel: `tel:${parsed.number}`, kind: "international" };
  }
  return { tel: `tel:${compact}`, kind: "national" };
}
