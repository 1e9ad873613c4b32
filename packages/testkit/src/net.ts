import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A UDP port free on 127.0.0.1 right now (and, when `alsoTcp`, free for TCP too). */
export async function freeUdpPort(alsoTcp = false): Promise<number> {
  const { createSocket } = await import("node:dgram");
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = alsoTcp ? await freePort() : 0;
    const bound = await new Promise<number | undefined>((resolve) => {
      const socket = createSocket("udp4");
      socket.once("error", () => resolve(undefined));
      socket.bind(port, "127.0.0.1", () => {
        const chosen = socket.address().port;
        socket.close(() => resolve(chosen));
      });
    });
    if (bound !== undefined) return bound;
  }
  throw new Error("no free UDP port on 127.0.0.1");
}
