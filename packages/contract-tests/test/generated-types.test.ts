import { checkTypes } from "@sip-transfer/api-types/generate";
import { describe, expect, it } from "vitest";

describe("@sip-transfer/api-types", () => {
  it("is fresh: the committed types equal a generation from spec/openapi.yaml (fix: pnpm generate)", async () => {
    const { fresh, committed } = await checkTypes();
    expect(committed).toBe(fresh);
  });
});
