// `pnpm mock`: the front (front.ts) on MOCK_HOST:MOCK_PORT, Prism behind it on a loopback port.
// Stopping the mock (Ctrl-C, SIGTERM, SIGHUP) stops Prism; a mock killed outright takes Prism with
// it too (exit-with-parent.ts).
import type { AddressInfo } from "node:net";
import { createFront } from "./front.js";
import { type RunningPrism, startPrism } from "./prism.js";

const port = Number(process.env["MOCK_PORT"] || 4010);
const host = process.env["MOCK_HOST"] || "127.0.0.1";
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`MOCK_PORT must be a port number (0-65535), not '${process.env["MOCK_PORT"]}'\n`);
  process.exit(1);
}

const say = (line: string) => process.stdout.write(`[MOCK] ${line}\n`);

let prism: RunningPrism | undefined;
let prismReady: (url: string) => void = () => {};
const prismUrl = new Promise<string>((resolve) => {
  prismReady = resolve;
});
// Requests that arrive while Prism starts wait for it.
const server = createFront({ prism: () => prismUrl, log: say });

let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  server.close();
  server.closeAllConnections();
  await prism?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => void stop(0));

// The port first: taken, the mock says so at once rather than after starting Prism.
try {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
} catch (error) {
  process.stderr.write(`The mock cannot listen on ${host}:${port}: ${(error as Error).message}\n`);
  process.exit(1);
}
const { port: actualPort } = server.address() as AddressInfo;
const url = `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`;

try {
  // Prism's log names its own URL: the mock's is the one to call.
  prism = await startPrism({ rewrite: (line, internal) => line.replaceAll(internal, url) });
} catch (error) {
  process.stderr.write(`The mock could not start Prism: ${(error as Error).message}\n`);
  await stop(1);
}
prismReady(prism!.url);
void prism!.exited.then((code) => {
  if (stopping) return;
  process.stderr.write(`Prism ended (exit code ${code}): stopping the mock\n`);
  void stop(1);
});
say(`sip-transfer mock listening on ${url} (Prism behind it on ${prism!.url})`);
