import { describe, expect, it } from "vitest";
import { InvalidPhoneNumberError, normalizePhoneNumber } from "../src/index.js";

const accepted: [input: string, tel: string, region?: "GB" | "US" | "CA" | "DE" | "FR"][] = [
  // the seed's own examples (not valid numbers to libphonenumber, accepted anyway)
  ["+1234567890", "tel:+1234567890"],
  ["+15551234567", "tel:+15551234567"],
  ["07123456789", "tel:07123456789"],
  ["1234", "tel:1234"],
  // international
  ["+447123456789", "tel:+447123456789"],
  ["+44 7123 456789", "tel:+447123456789"],
  ["+1 (555) 123-4567", "tel:+15551234567"],
  ["+1.555.123.4567", "tel:+15551234567"],
  ["+49-30-1234567", "tel:+49301234567"],
  ["+33 1 23 45 67 89", "tel:+33123456789"],
  ["+1234567", "tel:+1234567"], // 7 digits: shortest E.164-length accepted
  ["+123456789012345", "tel:+123456789012345"], // 15 digits: longest
  ["  +15551234567  ", "tel:+15551234567"],
  ["\t+15551234567\n", "tel:+15551234567"],
  // tel: prefix, never doubled
  ["tel:+15551234567", "tel:+15551234567"],
  ["TEL:+15551234567", "tel:+15551234567"],
  ["tel: +1 555 123 4567", "tel:+15551234567"],
  ["tel:1234", "tel:1234"],
  ["tel:07123456789", "tel:07123456789"],
  // national (leading 0)
  ["07123 456789", "tel:07123456789"],
  ["(0)20 7946 0018", "tel:02079460018"],
  ["020-7946-0018", "tel:02079460018"],
  ["012345678901234", "tel:012345678901234"],
  // extensions
  ["1", "tel:1"],
  ["12", "tel:12"],
  ["100", "tel:100"],
  ["9999", "tel:9999"],
  ["12-34", "tel:1234"],
  ["123456789012345", "tel:123456789012345"],
  // PHONE_DEFAULT_REGION: national numbers valid there become E.164
  ["07123456789", "tel:+447123456789", "GB"],
  ["07123 456 789", "tel:+447123456789", "GB"],
  ["020 7946 0018", "tel:+442079460018", "GB"],
  ["tel:07123456789", "tel:+447123456789", "GB"],
  ["030 1234567", "tel:+49301234567", "DE"],
  ["01 23 45 67 89", "tel:+33123456789", "FR"],
  ["0123", "tel:0123", "GB"], // short: an extension, never rewritten
  // regions whose national numbers do not start with 0, with and without the trunk prefix
  ["2025550143", "tel:+12025550143", "US"],
  ["(202) 555-0143", "tel:+12025550143", "US"],
  ["1 202 555 0143", "tel:+12025550143", "US"],
  ["9005551234", "tel:+19005551234", "US"],
  ["19005551234", "tel:+19005551234", "US"],
  ["416 555 0123", "tel:+14165550123", "CA"],
  // the region's international prefix
  ["011447123456789", "tel:+447123456789", "US"],
  ["011 44 909 879 0000", "tel:+449098790000", "US"],
  ["0019005551234", "tel:+19005551234", "GB"],
  ["0044 909 879 0000", "tel:+449098790000", "GB"],
  ["00 1 900 123 4567", "tel:+19001234567", "GB"], // not a valid number, but dialled abroad: E.164
  ["0019005551234", "tel:0019005551234", "US"], // 00 is not the US international prefix
  ["1900123456", "tel:1900123456", "US"], // not a US number: stays national
  ["07123456789", "tel:07123456789", "US"], // not a US number: stays national
  ["1234", "tel:1234", "GB"], // extensions are never rewritten
  ["123456", "tel:123456", "US"],
  ["+15551234567", "tel:+15551234567", "GB"], // international stays as given
];

const rejected: [input: string, reason: RegExp][] = [
  ["", /empty/],
  ["   ", /empty/],
  ["tel:", /empty/],
  ["()-. ", /empty/],
  ["abc123", /contains 'a'/],
  ["+1555CALLNOW", /contains 'C'/],
  ["555-CALL", /contains 'C'/],
  ["+1555123456#", /contains '#'/],
  ["12*34", /contains '\*'/],
  ["+1555;ext=1", /parameter/],
  ["tel:+19005551234;phone-context=+1", /parameter/],
  ["tel:1234;phone-context=example.com", /parameter/],
  ["+15551234567;isub=1", /parameter/],
  ["＋１９００５５５１２３４", /contains U\+FF0B/], // fullwidth digits and plus are not ASCII
  ["１９００５５５１２３４", /contains U\+FF11/],
  ["sip:+15551234567@example.com", /contains 's'/],
  ["tel:tel:+15551234567", /contains 't'/],
  ["+1_555_123_4567", /contains '_'/],
  ["+1/555/1234567", /contains '\/'/],
  ["++15551234567", /'\+\+'/],
  ["1555+1234567", /only at the start/],
  ["+1555+1234567", /only at the start/],
  ["+", /no digits after '\+'/],
  ["+123456", /7 to 15 digits.*got 6/],
  ["+1", /got 1/],
  ["+1234567890123456", /at most 15 digits.*got 16/],
  ["1234567890123456", /at most 15 digits, got 16/],
  ["0123456789012345", /at most 15 digits, got 16/],
  ["١٢٣٤", /contains U\+0661/], // Arabic-Indic digits are not ASCII digits
  ["+1 ٩٠٠ 555 1234", /contains U\+0669/],
  ["+1\u00a0555 123 4567", /contains/], // a no-break space is not a separator
];

describe("normalizePhoneNumber", () => {
  it.each(accepted)("accepts %j → %s (region %s)", (input, tel, region) => {
    expect(normalizePhoneNumber(input, { defaultRegion: region }).tel).toBe(tel);
  });

  it.each(rejected)("rejects %j (%s)", (input, reason) => {
    let error: unknown;
    try {
      normalizePhoneNumber(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect((error as InvalidPhoneNumberError).reason).toMatch(reason);
    expect((error as Error).message).toContain(`Invalid phone number '${input}'`);
  });

  it("classifies numbers", () => {
    expect(normalizePhoneNumber("+15551234567").kind).toBe("international");
    expect(normalizePhoneNumber("07123456789").kind).toBe("national");
    expect(normalizePhoneNumber("1234").kind).toBe("extension");
    expect(normalizePhoneNumber("07123456789", { defaultRegion: "GB" }).kind).toBe("international");
    expect(normalizePhoneNumber("2025550143", { defaultRegion: "US" }).kind).toBe("international");
    expect(normalizePhoneNumber("07123456789", { defaultRegion: "US" }).kind).toBe("national");
  });

  it("takes at most TRANSFER_MAX_EXTENSION_DIGITS digits (default 6) as an extension; longer runs are national numbers", () => {
    expect(normalizePhoneNumber("123456").kind).toBe("extension");
    expect(normalizePhoneNumber("0").kind).toBe("extension");
    expect(normalizePhoneNumber("1234567").kind).toBe("national");
    expect(normalizePhoneNumber("19005551234").kind).toBe("national");
    expect(normalizePhoneNumber("123456789012345").kind).toBe("national");
    expect(normalizePhoneNumber("1234567", { maxExtensionDigits: 7 }).kind).toBe("extension");
    expect(normalizePhoneNumber("12", { maxExtensionDigits: 1 }).kind).toBe("national");
  });

  it("has a table of at least 40 numbers", () => {
    expect(accepted.length + rejected.length).toBeGreaterThanOrEqual(40);
  });
});
