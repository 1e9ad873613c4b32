import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { startPrism as StartPrism } from "../src/prism.js";

// The built module: Prism is started with dist/exit-with-parent.js beside it.
const built = "../dist/prism.js";
const { startPrism } = (await import(built)) as { startPrism: typeof StartPrism };

describe("starting Prism", () => {
  it("starts it again on another port when its port is taken before it binds", async () => {
    // A port held by someone else, as when another process takes the free port picked for Prism.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const taken = (holder.address() as { port: number }).port;
    const offered: number[] = [];
    const prism = await startPrism({
      rewrite: (line) => line,
      port: async () => {
        // First the taken port, then one that is free.
        if (offered.length === 0) return offered[offered.push(taken) - 1]!;
        const probe = createServer();
        await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
        const port = (probe.address() as { port: number }).port;
        await new Promise((resolve) => probe.close(resolve));
        return offered[offered.push(port) - 1]!;
      },
    });
    try {
      expect(offered).toHaveLength(2);
      expect(prism.url).toBe(`http://127.0.0.1:${offered[1]}`);
      const answer = await fetch(`${prism.url}/health`);
      expect(answer.status).toBeLessThan(500);
    } finally {
      await prism.stop();
      holder.close();
    }
  }, 60_000);
});
