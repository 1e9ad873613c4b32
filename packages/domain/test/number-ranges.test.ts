import { getCountries } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import {
  NON_GEOGRAPHIC_CALLING_CODES,
  NUMBER_TYPES,
  parseNumberPattern,
  rangeHeads,
  rangePrefixes,
  typesOf,
} from "../src/number-ranges.js";

describe("number ranges from libphonenumber's metadata", () => {
  it("reads every pattern of every plan (a metadata update using more of the regex language fails here, not at request time)", () => {
    const plans = [...getCountries(), ...NON_GEOGRAPHIC_CALLING_CODES];
    expect(plans.length).toBeGreaterThan(240);
    for (const plan of plans) for (const type of NUMBER_TYPES) expect(() => rangePrefixes(plan, type)).not.toThrow();
    expect(plans.filter((plan) => rangePrefixes(plan, "PREMIUM_RATE").size > 0).length).toBeGreaterThan(100);
  });

  it.each([
    ["US", "PREMIUM_RATE", ["900"]],
    ["CA", "PREMIUM_RATE", ["900"]],
    ["DE", "PREMIUM_RATE", ["137", "900"]],
    [
      "979",
      "PREMIUM_RATE",
      [..."1359"].flatMap((a) => [..."0123456789"].flatMap((b) => [..."0123456789"].map((c) => a + b + c))),
    ],
  ] as const)("%s %s starts with %j", (plan, type, prefixes) => {
    expect([...rangePrefixes(plan, type)].sort()).toEqual([...prefixes].sort());
  });

  it("knows the types a plan has", () => {
    expect(typesOf("979")).toEqual(["PREMIUM_RATE"]);
    expect(typesOf("800")).toEqual(["TOLL_FREE"]);
    expect(typesOf("US")).toEqual(expect.arrayContaining(["PREMIUM_RATE", "TOLL_FREE", "FIXED_LINE"]));
  });

  it("places a number with and without a trunk prefix written after the calling code", () => {
    expect(rangeHeads("09098790000", "GB")).toEqual(["090", "909"]);
    expect(rangeHeads("18761234567", "US")).toEqual(["187", "876"]);
    expect(rangeHeads("12", "US")).toEqual([]);
  });

  it.each(["(?=1)", "1+", "[^1]", "a", "1)", "(1"])(
    "refuses a pattern outside libphonenumber's language: %j",
    (pattern) => {
      expect(() => parseNumberPattern(pattern)).toThrow(/number pattern/);
    },
  );
});
