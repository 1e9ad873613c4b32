import { describe, expect, it } from "vitest";
import { checkTypes } from "../scripts/generate.mjs";

describe("generated types", () => {
  it("src/openapi.ts matches a fresh generation from spec/openapi.yaml (run `pnpm generate`)", async () => {
    const { fresh, committed } = await checkTypes();
    expect(committed).toBe(fresh);
  });
});
