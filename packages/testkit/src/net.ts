import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
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

/**
 * The kernel's ephemeral ports (Linux: ip_local_port_range), where every socket bound to port 0
 * gets its port: a port picked there and released can be taken by any process (a DNS lookup,
 * WebRTC's ICE) before the caller binds it again.
 */
export function ephemeralPortRange(): { from: number; to: number } {
  try {
    const [from, to] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (from && to) return { from, to };
  } catch {
    // Not Linux: the IANA range (macOS and Windows use it).
  }
  return { from: 49152, to: 65535 };
}

const cursors = new Map<string, number>();

/**
 * The first of `count` consecutive ports free on 127.0.0.1 now (UDP, and TCP too with `alsoTcp`),
 * from `from`–`to` minus the kernel's ephemeral range, so that no socket bound to port 0 can take
 * them before the caller binds them. Successive calls in one process walk the range (from a random
 * start) and do not hand out the same ports again soon. When the ephemeral range covers the whole
 * range, any free port (as freeUdpPort).
 */
export async function freeUdpPortIn(
  from: number,
  to: number,
  options: { count?: number; alsoTcp?: boolean } = {},
): Promise<number> {
  const count = options.count ?? 1;
  const ephemeral = ephemeralPortRange();
  const usable = (port: number) => port + count - 1 <= to && (port + count - 1 < ephemeral.from || port > ephemeral.to);
  const size = to - from + 1;
  const key = `${from}-${to}`;
  let cursor = cursors.get(key) ?? from + Math.floor(Math.random() * size);
  for (let tried = 0; tried < size; tried += 1, cursor += 1) {
    if (cursor > to) cursor = from;
    if (!usable(cursor)) continue;
    const ports = Array.from({ length: count }, (_, i) => cursor + i);
    // Moved on before the check, so a call made meanwhile (Promise.all) never gets the same ports.
    cursors.set(key, cursor + count);
    if (!(await allFree(ports, options.alsoTcp ?? false))) continue;
    return cursor;
  }
  if (count === 1) return freeUdpPort(options.alsoTcp);
  throw new Error(
    `no ${count} consecutive free UDP ports in ${from}-${to} outside the ephemeral range ${ephemeral.from}-${ephemeral.to}`,
  );
}

async function allFree(ports: number[], alsoTcp: boolean): Promise<boolean> {
  const { createSocket } = await import("node:dgram");
  for (const port of ports) {
    const udp = await new Promise<boolean>((resolve) => {
      const socket = createSocket("udp4");
      socket.once("error", () => resolve(false));
      socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
    });
    if (!udp) return false;
    if (alsoTcp) {
      const tcp = await new Promise<boolean>((resolve) => {
        const server = createServer();
        server.once("error", () => resolve(false));
        server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
      });
      if (!tcp) return false;
    }
  }
  return true;
}
