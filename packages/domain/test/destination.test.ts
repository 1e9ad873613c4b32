import { describe, expect, it } from "vitest";
import {
  type CountryCode,
  DEFAULT_DESTINATION_POLICY,
  DestinationNotAllowedError,
  type DestinationPolicy,
  InvalidSipUriError,
  InvalidTransferOptionError,
  checkDestination,
  parseDestination,
  parseSipUri,
  parseTransferOrder,
  sipDomainAllowed,
} from "../src/index.js";

describe("SIP URIs", () => {
  it.each([
    ["sip:queue@pbx.example.com", "sip:queue@pbx.example.com", "pbx.example.com"],
    ["  SIP:Queue@PBX.Example.COM:5061 ", "sip:Queue@pbx.example.com:5061", "pbx.example.com"],
    ["sips:+15551234567@carrier.example.net", "sips:+15551234567@carrier.example.net", "carrier.example.net"],
    ["sip:agent%2B1@10.0.0.5", "sip:agent%2B1@10.0.0.5", "10.0.0.5"],
  ])("%j → %s", (input, uri, host) => {
    expect(parseSipUri(input)).toEqual({ kind: "sip", uri, host });
  });

  it.each([
    ["sip:queue@pbx.example.com;transport=tcp", "a parameter"],
    ["sip:queue@pbx.example.com?X-Evil=1", "a header"],
    ["sip:queue@pbx.example.com\r\nX-Evil: 1", "CR LF"],
    ["sip:que ue@pbx.example.com", "a space"],
    ["sip:<queue@pbx.example.com>", "angle brackets"],
    ["sip:pbx.example.com", "no user"],
    ["sip:queue@", "no host"],
    ["sip:queue@pbx.example.com:0", "port 0"],
    ["sip:queue@pbx.example.com:70000", "a port over 65535"],
    ["sip:queue@-pbx.example.com", "a host starting with -"],
    ["sip:%zz@pbx.example.com", "a broken %-escape"],
  ])("refuses %j (%s)", (input) => {
    expect(() => parseSipUri(input)).toThrow(InvalidSipUriError);
  });

  it.each([
    ["pbx.example.com", ["pbx.example.com"], true],
    ["PBX.example.com".toLowerCase(), ["PBX.Example.com"], true],
    ["a.calls.example.org", ["*.calls.example.org"], true],
    ["a.b.calls.example.org", ["*.calls.example.org"], true],
    ["calls.example.org", ["*.calls.example.org"], false],
    ["evilcalls.example.org", ["*.calls.example.org"], false],
    ["pbx.example.com.evil.net", ["pbx.example.com"], false],
    ["pbx.example.com", [], false],
  ] as const)("domain %s against %j: %s", (host, patterns, allowed) => {
    expect(sipDomainAllowed(host, patterns)).toBe(allowed);
  });
});

const policy = (overrides: Partial<DestinationPolicy> = {}): DestinationPolicy => ({
  ...DEFAULT_DESTINATION_POLICY,
  ...overrides,
});
const refusal = (input: string, p: DestinationPolicy, region?: CountryCode) => {
  try {
    checkDestination(parseDestination(input, region ? { defaultRegion: region } : {}), p);
    return "allowed";
  } catch (error) {
    if (error instanceof DestinationNotAllowedError) return error.reason;
    throw error;
  }
};

describe("the destination policy", () => {
  it.each([
    // number, policy, expected
    ["+15551234567", policy(), "allowed"], // the seed's example, invalid to libphonenumber, still allowed
    ["+1234567890", policy(), "allowed"],
    ["+447123456789", policy(), "allowed"],
    ["+19005551234", policy(), "number_type"], // US premium rate, blocked by default
    ["+448712345678", policy(), "number_type"], // GB premium rate
    ["+33899123456", policy(), "number_type"], // FR premium rate
    ["+19005551234", policy({ blockedNumberTypes: [] }), "allowed"],
    ["+18005551234", policy({ blockedNumberTypes: ["TOLL_FREE"] }), "number_type"],
    ["+0000000", policy(), "country"], // no country has calling code 0
    ["+447123456789", policy({ allowedCountries: ["US"] }), "country"],
    ["+12025550123", policy({ allowedCountries: ["US"] }), "allowed"],
    ["+15551234567", policy({ allowedCountries: ["US"] }), "allowed"], // country told by the calling code
    ["+15551234567", policy({ allowedCountries: ["GB"] }), "country"],
    ["+1 876 123 4567", policy({ allowedCountries: ["US"] }), "country"], // invalid, but Jamaica's area code
    ["+1 876 123 4567", policy({ allowedCountries: ["JM"] }), "allowed"],
    ["+1 1 876 123 4567", policy({ allowedCountries: ["US"] }), "country"], // the trunk 1 written after +1
    // non-geographic calling codes: no country, typed by their own plans
    ["+979 123456789", policy(), "number_type"], // international premium rate, valid
    ["+979 1234 5678", policy(), "number_type"], // invalid (8 digits), still +979's premium range
    ["+979 0 1234 5678", policy(), "number_type"], // in no range: +979 has premium-rate numbers alone
    ["+800 1234 5678", policy(), "allowed"], // international freephone
    ["+800 1234 5678", policy({ blockedNumberTypes: ["TOLL_FREE"] }), "number_type"],
    ["+800 1234 567", policy({ blockedNumberTypes: ["TOLL_FREE"] }), "number_type"], // invalid, freephone range
    ["+979 123456789", policy({ allowedCountries: ["US"] }), "country"],
    ["+1 202 123 4567", policy({ allowedCountries: ["US"] }), "allowed"], // invalid, a US area code
    ["+80012345678", policy({ allowedCountries: ["US"] }), "country"], // international freephone: no country
    ["1234", policy(), "allowed"],
    ["1234", policy({ allowExtensions: false }), "extension"],
    ["911", policy({ allowExtensions: false }), "extension"],
    // a national number without PHONE_DEFAULT_REGION: its country and type cannot be told
    ["07123456789", policy(), "unclassified"], // refused while premium rate is blocked (the default)
    ["07123456789", policy({ allowedCountries: ["GB"] }), "unclassified"],
    ["07123456789", policy({ blockedNumberTypes: [] }), "allowed"], // no rule to check
    // toll fraud through runs of digits without '+' (once taken for extensions)
    ["19005551234", policy(), "unclassified"],
    ["447123456789", policy({ allowedCountries: ["US"] }), "unclassified"],
    ["4930123456789", policy({ allowedCountries: ["US"] }), "unclassified"],
    ["0019005551234", policy(), "unclassified"],
    ["011447123456789", policy(), "unclassified"],
    ["0044 909 879 0000", policy(), "unclassified"],
    ["1234567", policy(), "unclassified"], // seven digits: past the default six of an extension
    ["123456", policy(), "allowed"],
    ["123456", policy({ allowExtensions: false }), "extension"],
    // premium rate by range, whatever libphonenumber's validity
    ["+1 900 123 4567", policy(), "number_type"], // invalid (exchange 1xx), still the 900 range
    ["+1900555123499", policy(), "number_type"], // too long, still the 900 range
    ["+44 0909 879 0000", policy(), "number_type"], // GB premium with the trunk 0 written after +44
    ["+33 8 99 12 34 5", policy(), "number_type"], // FR 899 range, too short
    ["+49 900 1234", policy(), "number_type"], // DE 900 range, too short
    ["+1 800 123 4567", policy({ blockedNumberTypes: ["TOLL_FREE"] }), "number_type"],
    ["+1 555 123 4567", policy({ blockedNumberTypes: ["PREMIUM_RATE", "TOLL_FREE"] }), "allowed"],
    ["sip:queue@pbx.example.com", policy(), "sip_domain"], // no SIP domain by default
    ["sip:queue@pbx.example.com", policy({ sipDomains: ["pbx.example.com"] }), "allowed"],
    ["sips:queue@a.calls.example.org", policy({ sipDomains: ["*.calls.example.org"] }), "allowed"],
    ["sip:queue@evil.example.net", policy({ sipDomains: ["*.calls.example.org"] }), "sip_domain"],
  ] as const)("%s → %s", (input, p, expected) => {
    expect(refusal(input, p)).toBe(expected);
  });

  it.each([
    ["07123 456789", policy({ allowedCountries: ["GB"] }), "GB", "allowed"],
    ["09012 345678", policy({ allowedCountries: ["GB"] }), "GB", "number_type"], // GB premium rate
    ["2025550143", policy({ allowedCountries: ["US"] }), "US", "allowed"],
    ["9005551234", policy(), "US", "number_type"],
    ["1 900 555 1234", policy(), "US", "number_type"],
    ["011447123456789", policy({ allowedCountries: ["US"] }), "US", "country"],
    ["011 44 909 879 0000", policy(), "US", "number_type"],
    ["0019005551234", policy(), "GB", "number_type"],
    ["0044 909 879 0000", policy(), "GB", "number_type"],
    ["00 1 900 123 4567", policy(), "GB", "number_type"], // invalid, dialled abroad, premium range
    ["07123456789", policy(), "US", "unclassified"], // not a US number
  ] as const)("with PHONE_DEFAULT_REGION: %s → %s", (input, p, region, expected) => {
    expect(refusal(input, p, region)).toBe(expected);
  });

  it("says how to make an unclassified number checkable", () => {
    expect(() => checkDestination(parseDestination("19005551234"), policy())).toThrow(
      /international format \(\+…\) or set PHONE_DEFAULT_REGION/,
    );
  });
});

describe("parseTransferOrder with options and the policy", () => {
  const base = { roomName: "r", participantIdentity: "p", transferTo: "+15551234567" };
  it("keeps the options it was given, and no others", () => {
    expect(parseTransferOrder(base).options).toEqual({});
    expect(
      parseTransferOrder({ ...base, ringingTimeoutS: 45, playDialtone: false, headers: { "X-Case-Id": "4711" } })
        .options,
    ).toEqual({
      ringingTimeoutS: 45,
      playDialtone: false,
      headers: { "X-Case-Id": "4711" },
    });
  });

  it.each([
    [{ ringingTimeoutS: 0 }],
    [{ ringingTimeoutS: 601 }],
    [{ ringingTimeoutS: 1.5 }],
    [{ headers: { Via: "x" } }],
    [{ headers: { "X-Evil": "a\r\nVia: b" } }],
    [{ headers: { "X-Nul": "a\u0000b" } }],
    [{ headers: { "X-Long": "v".repeat(257) } }],
    [{ headers: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`X-H${i}`, "v"])) }],
    [{ headers: { "X-A": "1", "X-a": "2" } }], // one SIP header (names ignore case), twice
    [{ headers: { "X-Case-Id": "1", "X-CASE-ID": "2" } }],
  ])("refuses %j", (options) => {
    expect(() => parseTransferOrder({ ...base, ...options })).toThrow(InvalidTransferOptionError);
  });

  it("checks the format before the policy", () => {
    expect(() => parseTransferOrder({ ...base, transferTo: "sip:x@y;transport=tcp" })).toThrow(InvalidSipUriError);
    expect(() => parseTransferOrder({ ...base, transferTo: "+19005551234" })).toThrow(DestinationNotAllowedError);
  });
});
