import { describe, expect, it } from "vitest";
import { SPEC_SCHEMAS_ID, canonicalJson, invalidRequest, pathTemplatePattern, rebaseSpecRefs } from "../src/index.js";

describe("invalidRequest", () => {
  it("says Ajv's findings in plain words, each once, the header rule whatever Ajv said", () => {
    expect(
      invalidRequest([
        { path: "/body/room_name", message: "must NOT have fewer than 1 characters" },
        { path: "/body/room_name", message: 'must match pattern "\\S"' },
        { path: "/body/colour", message: "must NOT have additional properties" },
        { path: "/headers/idempotency-key", message: "must NOT have more than 255 characters" },
        { path: "/query/limit", message: "must be <= 100" },
      ]),
    ).toEqual({
      message:
        "Invalid request: room_name must not be empty; colour is not a known field; header idempotency-key must be 1 to 255 printable ASCII characters; query parameter limit must be <= 100",
      details: {
        issues: [
          { path: "/body/room_name", message: "must not be empty" },
          { path: "/body/colour", message: "is not a known field" },
          { path: "/headers/idempotency-key", message: "must be 1 to 255 printable ASCII characters" },
          { path: "/query/limit", message: "must be <= 100" },
        ],
      },
    });
  });

  it("names 5 in the message and keeps 20 in details with their count; long paths are cut", () => {
    const found = Array.from({ length: 30 }, (_, i) => ({ path: `/body/f${i}`, message: "must be string" }));
    found.push({ path: `/body/${"x".repeat(500)}`, message: "must be string" });
    const answer = invalidRequest(found);
    expect(answer.message).toMatch(/^Invalid request: f0 must be a string; .*f4 must be a string; and 26 more$/);
    expect(answer.details.issues).toHaveLength(20);
    expect(answer.details.issue_count).toBe(31);
    const long = invalidRequest([{ path: `/body/${"x".repeat(500)}`, message: "must be string" }]);
    expect(long.details.issues[0]!.path).toHaveLength(101);
  });
});

describe("canonicalJson", () => {
  it("reads two bodies that differ only in field order the same, and nothing else the same", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
  });
});

describe("pathTemplatePattern", () => {
  it("matches one segment per parameter, captured, and the rest literally", () => {
    const { pattern, names } = pathTemplatePattern("/sip/transfers/{transfer_id}");
    expect(names).toEqual(["transfer_id"]);
    expect(pattern.exec("/sip/transfers/tr_1")?.[1]).toBe("tr_1");
    expect(pattern.test("/sip/transfers/a/b")).toBe(false);
    expect(pathTemplatePattern("/openapi.yaml").pattern.test("/openapiXyaml")).toBe(false);
  });
});

describe("rebaseSpecRefs", () => {
  it("points the spec's schema references into the one registered document, and leaves the rest", () => {
    expect(
      rebaseSpecRefs({
        type: "object",
        properties: { a: { $ref: "#/components/schemas/Transfer" }, b: [{ $ref: "#/elsewhere" }] },
      }),
    ).toEqual({
      type: "object",
      properties: { a: { $ref: `${SPEC_SCHEMAS_ID}#/$defs/Transfer` }, b: [{ $ref: "#/elsewhere" }] },
    });
  });
});
