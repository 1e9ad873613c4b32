import { type CountryCode, Metadata, type NumberType } from "libphonenumber-js/max";

/**
 * How many leading digits of a national number name its range. Three tells a US area code
 * (`900`), a UK premium range (`909`), a French one (`089` → `89x`): enough to place a number that
 * libphonenumber cannot validate in the range it starts in.
 */
export const RANGE_PREFIX_DIGITS = 3;

type Node =
  | { kind: "chars"; chars: string }
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; options: Node[] }
  | { kind: "repeat"; node: Node; min: number; max: number };

/**
 * Parses the small regular-expression language of libphonenumber's number patterns: digits, `\d`,
 * classes with ranges, groups, `|`, `?` and `{n}`/`{n,m}`. Throws on anything else, so a metadata
 * update that used more would fail loudly in the tests rather than mis-read a range.
 */
export function parseNumberPattern(pattern: string): Node {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`number pattern ${JSON.stringify(pattern)}: ${what} at ${at}`);
  };
  const alternation = (): Node => {
    const options = [sequence()];
    while (pattern[at] === "|") {
      at += 1;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alt", options };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (at < pattern.length && pattern[at] !== "|" && pattern[at] !== ")") items.push(quantified(atom()));
    return { kind: "seq", items };
  };
  const atom = (): Node => {
    const char = pattern[at]!;
    if (/\d/.test(char)) {
      at += 1;
      return { kind: "chars", chars: char };
    }
    if (pattern.startsWith("\\d", at)) {
      at += 2;
      return { kind: "chars", chars: "0123456789" };
    }
    if (char === "[") return characterClass();
    if (char === "(") {
      at += pattern.startsWith("(?:", at) ? 3 : 1;
      const inner = alternation();
      if (pattern[at] !== ")") fail("missing ')'");
      at += 1;
      return inner;
    }
    return fail(`unexpected '${char}'`);
  };
  const characterClass = (): Node => {
    at += 1;
    let chars = "";
    while (pattern[at] !== "]") {
      const from = pattern[at];
      if (from === undefined || !/\d/.test(from)) fail("unexpected character in a class");
      if (pattern[at + 1] === "-") {
        const to = pattern[at + 2]!;
        for (let digit = Number(from); digit <= Number(to); digit += 1) chars += String(digit);
        at += 3;
      } else {
        chars += from;
        at += 1;
      }
    }
    at += 1;
    return { kind: "chars", chars };
  };
  const quantified = (node: Node): Node => {
    if (pattern[at] === "?") {
      at += 1;
      return { kind: "repeat", node, min: 0, max: 1 };
    }
    if (pattern[at] !== "{") return node;
    const match = /^\{(\d+)(?:(,)(\d*))?\}/.exec(pattern.slice(at)) ?? fail("bad quantifier");
    at += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
    return { kind: "repeat", node, min, max };
  };
  const node = alternation();
  if (at !== pattern.length) fail("unexpected ')'");
  return node;
}

/**
 * The first `length` digits of every string `node` matches (strings it matches that are shorter
 * come out whole).
 */
function leadingDigits(node: Node, length: number): Set<string> {
  switch (node.kind) {
    case "chars":
      return new Set(length === 0 ? [""] : [...node.chars]);
    case "alt":
      return new Set(node.options.flatMap((option) => [...leadingDigits(option, length)]));
    case "seq":
      return node.items.reduce((heads, item) => then(heads, item, length), new Set([""]));
    case "repeat": {
      let heads = new Set([""]);
      for (let i = 0; i < node.min; i += 1) heads = then(heads, node.node, length);
      const all = new Set(heads);
      // Past `min`, each further repetition only lengthens the heads that are still short.
      for (
        let i = node.min;
        i < Math.min(node.max, node.min + length) && [...heads].some((head) => head.length < length);
        i += 1
      ) {
        heads = then(heads, node.node, length);
        for (const head of heads) all.add(head);
      }
      return all;
    }
  }
}

function then(heads: Set<string>, next: Node, length: number): Set<string> {
  const out = new Set<string>();
  for (const head of heads) {
    if (head.length >= length) {
      out.add(head);
      continue;
    }
    for (const tail of leadingDigits(next, length - head.length)) out.add(head + tail);
  }
  return out;
}

/** libphonenumber's number types, as TRANSFER_BLOCKED_NUMBER_TYPES names them. */
export const NUMBER_TYPES: readonly NonNullable<NumberType>[] = [
  "PREMIUM_RATE",
  "TOLL_FREE",
  "SHARED_COST",
  "VOIP",
  "PERSONAL_NUMBER",
  "PAGER",
  "UAN",
  "VOICEMAIL",
  "FIXED_LINE_OR_MOBILE",
  "FIXED_LINE",
  "MOBILE",
];

// libphonenumber-js's types declare less of its numbering plans than its JavaScript has.
interface NumberingPlanApi {
  type(type: NonNullable<NumberType>): { pattern(): string } | undefined;
  nationalPrefix(): string | undefined;
}
const metadata = new Metadata();
const ranges = new Map<string, Set<string>>();

/**
 * A numbering plan: a country (`US`), or a non-geographic calling code (`800` international
 * freephone, `979` international premium rate, `881` satellite, …), which belongs to no country.
 */
export type NumberingPlanId = CountryCode | string;

/** The calling codes of libphonenumber's non-geographic plans. */
export const NON_GEOGRAPHIC_CALLING_CODES: ReadonlySet<string> = new Set(
  Object.keys((metadata as unknown as { nonGeographic(): Record<string, unknown> }).nonGeographic()),
);

function numberingPlan(plan: NumberingPlanId): NumberingPlanApi | undefined {
  metadata.selectNumberingPlan(plan as CountryCode);
  return metadata.numberingPlan as unknown as NumberingPlanApi | undefined;
}

/**
 * The `RANGE_PREFIX_DIGITS`-digit prefixes a number of `type` can start with in `plan` (national
 * significant number), from libphonenumber's full metadata. Empty when the plan has no such numbers.
 */
export function rangePrefixes(plan: NumberingPlanId, type: NonNullable<NumberType>): ReadonlySet<string> {
  const key = `${plan}:${type}`;
  let prefixes = ranges.get(key);
  if (!prefixes) {
    const pattern = numberingPlan(plan)?.type(type)?.pattern();
    prefixes = pattern
      ? new Set([...leadingDigits(parseNumberPattern(pattern), RANGE_PREFIX_DIGITS)])
      : new Set<string>();
    ranges.set(key, prefixes);
  }
  return prefixes;
}

/** The number types `plan` has numbers of (`979`: premium rate alone). */
export function typesOf(plan: NumberingPlanId): NonNullable<NumberType>[] {
  return NUMBER_TYPES.filter((type) => rangePrefixes(plan, type).size > 0);
}

/**
 * The first digits that place a national significant number in `plan`'s ranges: as written, and
 * without the plan's trunk prefix when it starts with one (`+44 0909…` is `909…`).
 */
export function rangeHeads(national: string, plan: NumberingPlanId): string[] {
  const trunk = numberingPlan(plan)?.nationalPrefix() || undefined;
  return [national, ...(trunk && national.startsWith(trunk) ? [national.slice(trunk.length)] : [])]
    .filter((number) => number.length >= RANGE_PREFIX_DIGITS)
    .map((number) => number.slice(0, RANGE_PREFIX_DIGITS));
}
