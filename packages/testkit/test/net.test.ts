import { createSocket } from "node:dgram";
import { describe, expect, it } from "vitest";
import { ephemeralPortRange, freeUdpPortIn } from "../src/net.js";

describe("freeUdpPortIn", () => {
  it("hands out ports of the range outside the kernel's ephemeral ports, never one that is bound, and consecutive blocks", async () => {
    const ephemeral = ephemeralPortRange();
    const outside = (port: number) => port < ephemeral.from || port > ephemeral.to;
    const first = await freeUdpPortIn(25000, 25009);
    expect(first).toBeGreaterThanOrEqual(25000);
    expect(first).toBeLessThanOrEqual(25009);
    expect(outside(first)).toBe(true);

    // The next free one after it, skipping a bound port.
    const next = first + 1 > 25009 ? 25000 : first + 1;
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(next, "127.0.0.1", resolve));
    try {
      const second = await freeUdpPortIn(25000, 25009);
      expect(second).not.toBe(next);
      expect(second).not.toBe(first);
    } finally {
      socket.close();
    }

    const block = await freeUdpPortIn(26000, 26200, { count: 101 });
    expect(block + 100).toBeLessThanOrEqual(26200);
  });

  it("never hands the same ports to two calls made at once", async () => {
    await freeUdpPortIn(27000, 27099); // the range's cursor is set: the calls below all start from it
    const ports = await Promise.all([1, 2, 3, 4].map(() => freeUdpPortIn(27000, 27099, { count: 4 })));
    const taken = ports.flatMap((port) => [port, port + 1, port + 2, port + 3]);
    expect(new Set(taken).size).toBe(taken.length);
  });
});
