import { describe, expect, it } from "vitest";
import { specValidator } from "@sip-transfer/testkit";
import { loadSpec, resolveResponse, responseExamples } from "@sip-transfer/testkit";

const spec = loadSpec();
const validate = specValidator(spec);
const examples = responseExamples(spec);
const transfer = spec.paths["/sip/transfer"]!["post"]!;

describe("spec examples", () => {
  it.each(examples.map((e) => [`${e.method.toUpperCase()} ${e.path} ${e.status} ${e.name}`, e] as const))(
    "%s validates against its response schema",
    (_label, example) => {
      const result = validate(example.schema, example.value);
      expect(result.errors).toBe("No errors");
      expect(result.valid).toBe(true);
    },
  );

  it.each(Object.entries(transfer.requestBody!.content["application/json"]!.examples!))(
    "request example %s validates against TransferRequest",
    (_name, example) => {
      const result = validate({ $ref: "#/components/schemas/TransferRequest" }, example.value);
      expect(result.errors).toBe("No errors");
    },
  );

  it("every schema-level example validates against its own schema", () => {
    const checked: string[] = [];
    const walk = (schema: Record<string, unknown>, where: string) => {
      if (Array.isArray(schema["examples"])) {
        for (const value of schema["examples"]) {
          const { examples: _examples, ...withoutExamples } = schema;
          expect(validate(withoutExamples, value).errors, `${where}: ${JSON.stringify(value)}`).toBe("No errors");
          checked.push(where);
        }
      }
      for (const [key, value] of Object.entries(
        (schema["properties"] as Record<string, Record<string, unknown>>) ?? {},
      )) {
        walk(value, `${where}.${key}`);
      }
    };
    for (const [name, schema] of Object.entries(spec.components.schemas)) walk(schema, name);
    for (const [name, header] of Object.entries(spec.components.headers)) walk(header.schema, `header ${name}`);
    expect(checked.length).toBeGreaterThan(5);
  });

  it("documents a named example for every error code of POST /sip/transfer", () => {
    const named = new Map(examples.filter((e) => e.path === "/sip/transfer").map((e) => [e.name, e]));
    const expected: Record<string, [number, string]> = {
      invalid_request: [400, "INVALID_REQUEST"],
      invalid_phone_number: [400, "INVALID_PHONE_NUMBER"],
      unauthorized: [401, "UNAUTHORIZED"],
      room_not_found: [404, "ROOM_NOT_FOUND"],
      participant_not_found: [404, "PARTICIPANT_NOT_FOUND"],
      participant_not_sip: [404, "PARTICIPANT_NOT_FOUND"],
      payload_too_large: [413, "PAYLOAD_TOO_LARGE"],
      unsupported_media_type: [415, "UNSUPPORTED_MEDIA_TYPE"],
      livekit_not_configured: [500, "LIVEKIT_NOT_CONFIGURED"],
      livekit_unavailable: [500, "LIVEKIT_UNAVAILABLE"],
      transfer_failed: [500, "TRANSFER_FAILED"],
      internal_error: [500, "INTERNAL_ERROR"],
      invalid_idempotency_key: [400, "INVALID_REQUEST"],
      transfer_in_progress: [409, "TRANSFER_IN_PROGRESS"],
      call_not_active: [409, "CALL_NOT_ACTIVE"],
      idempotency_key_in_use: [409, "IDEMPOTENCY_KEY_IN_USE"],
      idempotency_key_reused: [422, "IDEMPOTENCY_KEY_REUSED"],
      store_unavailable: [503, "STORE_UNAVAILABLE"],
      rate_limited: [429, "RATE_LIMITED"],
      country_not_allowed: [403, "DESTINATION_NOT_ALLOWED"],
      premium_rate: [403, "DESTINATION_NOT_ALLOWED"],
      extension_not_allowed: [403, "DESTINATION_NOT_ALLOWED"],
      sip_domain_not_allowed: [403, "DESTINATION_NOT_ALLOWED"],
    };
    for (const [name, [status, code]] of Object.entries(expected)) {
      const example = named.get(name);
      expect(example, name).toBeDefined();
      expect(example!.status, name).toBe(status);
      expect((example!.value as { code: string }).code, name).toBe(code);
    }
  });

  it("every response declares the X-Request-Id header", () => {
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, reference] of Object.entries(operation.responses)) {
          expect(
            resolveResponse(spec, reference).headers?.["X-Request-Id"],
            `${method} ${path} ${status}`,
          ).toBeDefined();
        }
      }
    }
  });

  it("the spec avoids JSON Schema keywords Prism ignores under OpenAPI 3.1", () => {
    const text = JSON.stringify(spec);
    for (const keyword of ["unevaluatedProperties", "prefixItems", "$dynamicRef"]) {
      expect(text).not.toContain(`"${keyword}"`);
    }
  });

  it("rejects what the contract forbids (the validator is not a rubber stamp)", () => {
    const request = { $ref: "#/components/schemas/TransferRequest" };
    const good = { room_name: "r", participant_identity: "p", transfer_to: "+15551234567" };
    expect(validate(request, good).valid).toBe(true);
    expect(validate(request, { ...good, extra: 1 }).valid).toBe(false);
    expect(validate(request, { ...good, room_name: "" }).valid).toBe(false);
    expect(validate(request, { ...good, room_name: "   " }).valid).toBe(false);
    expect(validate(request, { room_name: "r", participant_identity: "p" }).valid).toBe(false);
    const ok = {
      transfer_id: "tr_9q3NcK2xYb7Lm4Pz0aW1eQ",
      status: "initiated",
      room_name: "r",
      participant_identity: "p",
      transfer_to: "tel:+1555",
    };
    expect(validate({ $ref: "#/components/schemas/TransferResponse" }, ok).valid).toBe(true);
    expect(validate({ $ref: "#/components/schemas/TransferResponse" }, { ...ok, transfer_to: "+1555" }).valid).toBe(
      false,
    );
    expect(validate({ $ref: "#/components/schemas/TransferResponse" }, { ...ok, status: "failed" }).valid).toBe(false);
    const { transfer_id: _id, ...withoutId } = ok;
    expect(validate({ $ref: "#/components/schemas/TransferResponse" }, withoutId).valid).toBe(false);
    expect(validate({ $ref: "#/components/schemas/Error" }, { error: "x", code: "NOPE" }).valid).toBe(false);
    // Each error response carries only its own codes: a 500 body with a 404 code is a violation.
    expect(
      validate({ $ref: "#/components/schemas/TransferServerErrorBody" }, { error: "x", code: "TRANSFER_FAILED" }).valid,
    ).toBe(true);
    expect(
      validate({ $ref: "#/components/schemas/TransferServerErrorBody" }, { error: "x", code: "ROOM_NOT_FOUND" }).valid,
    ).toBe(false);
    expect(
      validate({ $ref: "#/components/schemas/ConflictError" }, { error: "x", code: "TRANSFER_IN_PROGRESS", extra: 1 })
        .valid,
    ).toBe(false);
  });
});
