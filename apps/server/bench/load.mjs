// The bench's load: `total` POST /sip/transfer requests, `concurrency` at a time over kept-alive
// connections (node:http, so the load costs less than the servers it measures), each from a distinct
// caller. Run by transfer.mjs in a process of its own (the LiveKit stand-in has the bench's); prints
// one JSON line: requests/s and latencies (ms).
//   node load.mjs <url> <total> <concurrency> <transfer|rejected> <first caller> <expected status>
import { Agent, request } from "node:http";

const [url, totalArg, concurrencyArg, kind, firstCallerArg, expectedArg] = process.argv.slice(2);
const total = Number(totalArg);
const concurrency = Number(concurrencyArg);
const expected = Number(expectedArg);
let caller = Number(firstCallerArg);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const transferTo = kind === "rejected" ? "abc" : "+14155552671";

function post() {
  const body = JSON.stringify({
    room_name: "call-room-123",
    participant_identity: `caller_${caller++}`,
    transfer_to: transferTo,
  });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === expected
            ? resolve(performance.now() - started)
            : reject(new Error(`status ${res.statusCode}, expected ${expected}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

let sent = 0;
const samples = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (sent < total) {
      sent += 1;
      samples.push(await post());
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
samples.sort((a, b) => a - b);
const at = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
process.stdout.write(
  `${JSON.stringify({
    perSecond: total / seconds,
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    p50: at(0.5),
    p99: at(0.99),
  })}\n`,
);
agent.destroy();
