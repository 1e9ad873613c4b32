import { describe, expect, it } from "vitest";
import { mayAccessRoom } from "../src/index.js";

const cases: [label: string, metadata: string | undefined, authId: string | undefined, allowed: boolean][] = [
  ["anonymous, no metadata", undefined, undefined, true],
  ["anonymous, empty metadata", "", undefined, true],
  ["anonymous, other tenant's room", '{"auth_id":"tenant-b"}', undefined, true],
  ["anonymous, metadata not JSON", "not json", undefined, true],
  ["own room", '{"auth_id":"tenant-a"}', "tenant-a", true],
  ["own room with other metadata", '{"auth_id":"tenant-a","purpose":"support","n":1}', "tenant-a", true],
  ["other tenant's room", '{"auth_id":"tenant-b"}', "tenant-a", false],
  ["id differs only in case", '{"auth_id":"Tenant-A"}', "tenant-a", false],
  ["id with extra whitespace", '{"auth_id":" tenant-a"}', "tenant-a", false],
  ["no metadata", undefined, "tenant-a", false],
  ["empty metadata", "", "tenant-a", false],
  ["metadata not JSON", "auth_id=tenant-a", "tenant-a", false],
  ["metadata truncated JSON", '{"auth_id":"tenant-a"', "tenant-a", false],
  ["metadata a JSON string", '"tenant-a"', "tenant-a", false],
  ["metadata JSON null", "null", "tenant-a", false],
  ["metadata a JSON array", '[{"auth_id":"tenant-a"}]', "tenant-a", false],
  ["auth_id missing", '{"owner":"tenant-a"}', "tenant-a", false],
  ["auth_id a number", '{"auth_id":1}', "1", false],
  ["auth_id null", '{"auth_id":null}', "null", false],
  ["auth_id an array", '{"auth_id":["tenant-a"]}', "tenant-a", false],
  ["auth_id an object", '{"auth_id":{"id":"tenant-a"}}', "tenant-a", false],
  ["auth_id nested deeper only", '{"meta":{"auth_id":"tenant-a"}}', "tenant-a", false],
  ["auth_id empty vs tenant", '{"auth_id":""}', "tenant-a", false],
];

describe("mayAccessRoom (room access policy, fails closed)", () => {
  it.each(cases)("%s → %s", (_label, metadata, authId, allowed) => {
    expect(mayAccessRoom(metadata, authId)).toBe(allowed);
  });
});
