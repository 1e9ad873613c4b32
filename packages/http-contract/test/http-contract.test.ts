import { describe, expect, it } from "vitest";
import {
  RequestContract,
  SPEC_SCHEMAS_ID,
  canonicalJson,
  invalidRequest,
  pathTemplatePattern,
  rebaseSpecRefs,
} from "../src/index.js";

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

describe("RequestContract: which operation a request is for, and what is wrong with it", () => {
  const contract = new RequestContract({
    paths: {
      "/things": {
        get: {
          parameters: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } }],
        },
        post: {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["name"],
                  properties: { name: { type: "string", minLength: 1 } },
                  additionalProperties: false,
                },
              },
            },
          },
        },
      },
      "/things/{id}": {
        get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^t_" } }] },
      },
      "/things/all": { get: {}, head: {} },
    },
  });

  it("matches the spec's path exactly: no trailing slash, HEAD only where the spec has it, a literal path before a template", () => {
    expect(contract.match("GET", "/things")?.path).toBe("/things");
    expect(contract.match("GET", "/things/")).toBeUndefined();
    expect(contract.match("HEAD", "/things")).toBeUndefined();
    expect(contract.methodsAt("/things")).toEqual(["GET", "POST"]);
    expect(contract.match("HEAD", "/things/all")?.path).toBe("/things/all");
    expect(contract.match("GET", "/things/all")?.path).toBe("/things/all");
    expect(contract.methodsAt("/nothing")).toEqual([]);
  });

  it("decodes path parameters and checks them against their schema", () => {
    const matched = contract.match("GET", "/things/t_%C3%A9")!;
    expect(matched.params).toEqual({ id: "t_é" });
    expect(matched.problems({ query: {}, headers: {}, params: matched.params })).toEqual([]);
    const wrong = contract.match("GET", "/things/x1")!;
    expect(wrong.problems({ query: {}, headers: {}, params: wrong.params })).toEqual([
      { path: "/params/id", message: 'must match pattern "^t_"' },
    ]);
  });

  it("names an unknown or empty query parameter alone, and coerces the rest from their text", () => {
    const list = contract.match("GET", "/things")!;
    expect(list.queryProblem({ colour: "red" })).toEqual({
      path: "/query/colour",
      message: "Unknown query parameter 'colour'",
    });
    expect(list.queryProblem({ limit: "" })).toEqual({
      path: "/query/limit",
      message: "Empty value found for query parameter 'limit'",
    });
    expect(list.problems({ query: { limit: "5" }, headers: {}, params: {} })).toEqual([]);
    expect(list.problems({ query: { limit: "500" }, headers: {}, params: {} })).toEqual([
      { path: "/query/limit", message: "must be <= 100" },
    ]);
  });

  it("checks a JSON body: a missing field and an unknown one, each named", () => {
    const make = contract.match("POST", "/things")!;
    expect(make.takesJson && make.bodyRequired).toBe(true);
    expect(make.problems({ query: {}, headers: {}, params: {}, body: { value: { colour: 1 } } })).toEqual([
      { path: "/body/name", message: "must have required property 'name'" },
      { path: "/body/colour", message: "must NOT have additional properties" },
    ]);
  });
});
