import { expect, it } from "vitest";
import { atMostEvery } from "../src/log-throttle.js";

it("lets a line through at most once per interval and key, counting the ones held back", () => {
  let now = 1_000;
  const throttle = atMostEvery(10_000, () => now);
  const logged: string[] = [];
  const log = (key?: string) => throttle((skipped) => logged.push(`${key ?? "-"}:${skipped}`), key);
  log();
  log();
  log("tenant-a");
  log("tenant-a");
  log("tenant-b");
  now += 9_999;
  log();
  log("tenant-a");
  expect(logged).toEqual(["-:0", "tenant-a:0", "tenant-b:0"]);
  now += 1;
  log();
  log("tenant-a");
  log("tenant-b");
  expect(logged).toEqual(["-:0", "tenant-a:0", "tenant-b:0", "-:2", "tenant-a:2", "tenant-b:0"]);
});
