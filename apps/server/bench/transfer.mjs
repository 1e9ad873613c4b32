// Benchmark of POST /sip/transfer. Prints figures; asserts nothing.
//   pnpm bench            (from the repository root; builds first)
// Our server (as `pnpm start` runs it: startServer, JSON logs at info, the default SQLite store,
// responses checked against the spec in `log` mode) and a bare node:http baseline making the same
// LiveKit SDK calls (bench/bare-server.mjs) each run in a process of their own, one after the other,
// against the same LiveKit stand-in; this process holds the stand-in and the load. Every figure is
// printed with its ratio to the baseline.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, parseStoreUrl } from "@sip-transfer/store";
import { freePort, startLiveKitStandIn } from "@sip-transfer/testkit";

const LATENCY_MS = Number(process.env.BENCH_LIVEKIT_LATENCY_MS ?? 20);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const LOAD_REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
// Extra settings for our server, to see what a setting costs: BENCH_OURS_ENV='{"LOG_LEVEL":"warn"}'.
const OURS_ENV = JSON.parse(process.env.BENCH_OURS_ENV ?? "{}");

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
};
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

const standIn = await startLiveKitStandIn();
standIn.addRoom({
  name: "call-room-123",
  participants: Array.from({ length: Math.max(CONCURRENCY, 1) }, (_, worker) => ({
    identity: `sip_participant_${worker}`,
    kind: "SIP",
  })),
});
const livekitEnv = { LIVEKIT_URL: standIn.url, LIVEKIT_API_KEY: standIn.apiKey, LIVEKIT_API_SECRET: standIn.apiSecret };
const storeUrl =
  process.env.BENCH_STORE_URL ??
  `sqlite:${join(mkdtempSync(join(tmpdir(), "sip-transfer-bench-")), "sip-transfer.sqlite")}`;

/** Starts one server in its own process and waits until it listens. */
async function launch(name) {
  const port = await freePort();
  const script = fileURLToPath(new URL(name === "ours" ? "./serve-ours.mjs" : "./bare-server.mjs", import.meta.url));
  const env = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    STORE_URL: storeUrl,
    ...livekitEnv,
    // The transfer rate limit stays in the path (its cost is measured) but high enough never to refuse.
    ...(name === "ours" ? { TRANSFER_RATE_LIMIT: "1000000", ...OURS_ENV } : {}),
  };
  // Our logs go to /dev/null, as they would go to a collector; "listening" comes on stderr.
  const child = spawn(process.execPath, [script], {
    env,
    stdio: ["ignore", name === "ours" ? "ignore" : "pipe", "pipe"],
  });
  await new Promise((resolve, reject) => {
    const stream = name === "ours" ? child.stderr : child.stdout;
    stream.on("data", (chunk) => chunk.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/sip/transfer` };
}

const bodyFor = (worker, transferTo = "+15551234567") =>
  JSON.stringify({
    room_name: "call-room-123",
    participant_identity: `sip_participant_${worker}`,
    transfer_to: transferTo,
  });

async function post(url, body, expected) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`${url}: status ${response.status}, expected ${expected}`);
  return performance.now() - started;
}

/** `total` requests, `concurrency` at a time; requests/s and latencies. */
async function load(url, total, concurrency, bodyOf, expected) {
  let next = 0;
  const samples = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        next += 1;
        samples.push(await post(url, bodyOf(worker), expected));
      }
    }),
  );
  return { perSecond: total / ((performance.now() - started) / 1000), ...stats(samples) };
}

async function measure(name) {
  const { child, url } = await launch(name);
  const figures = { rssIdle: rssMiB(child.pid) };
  for (const method of ["ListRooms", "GetParticipant", "TransferSIPParticipant"]) standIn.behave(method, {});
  await load(url, 300, 10, (w) => bodyFor(w), 200); // warm-up
  await load(url, 300, 10, (w) => bodyFor(w, "abc"), 400);

  for (const method of ["ListRooms", "GetParticipant", "TransferSIPParticipant"])
    standIn.behave(method, { latencyMs: LATENCY_MS });
  const one = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) one.push(await post(url, bodyFor(0), 200));
  figures.latency = stats(one);

  for (const method of ["ListRooms", "GetParticipant", "TransferSIPParticipant"]) standIn.behave(method, {});
  figures.rejected = await load(url, LOAD_REQUESTS, CONCURRENCY, (w) => bodyFor(w, "abc"), 400);
  figures.transfers = await load(url, LOAD_REQUESTS, CONCURRENCY, (w) => bodyFor(w), 200);
  figures.rss = rssMiB(child.pid);
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  standIn.reset();
  standIn.addRoom({
    name: "call-room-123",
    participants: Array.from({ length: Math.max(CONCURRENCY, 1) }, (_, worker) => ({
      identity: `sip_participant_${worker}`,
      kind: "SIP",
    })),
  });
  return figures;
}

console.log(
  `sip-transfer benchmark — Node ${process.version}, ${CONCURRENCY} at a time, ${LOAD_REQUESTS} requests per load`,
);
console.log(
  `our server (store ${storeUrl}${process.env.BENCH_OURS_ENV ? `, ${process.env.BENCH_OURS_ENV}` : ""}) and the bare node:http baseline each in a process of their own\n`,
);
const bare = await measure("bare");
const ours = await measure("ours");

const f1 = (n) => n.toFixed(1);
const row = (label, a, b, unit = "", goal = "") =>
  console.log(
    `${label.padEnd(44)} ${`${f1(a)}${unit}`.padStart(12)} ${`${f1(b)}${unit}`.padStart(12)} ${(a / b).toFixed(2).padStart(8)}${goal}`,
  );
console.log(`${"".padEnd(44)} ${"ours".padStart(12)} ${"bare".padStart(12)} ${"ratio".padStart(8)}`);
row(`1. latency, LiveKit ${LATENCY_MS} ms per call, mean`, ours.latency.mean, bare.latency.mean, " ms");
row("   p99", ours.latency.p99, bare.latency.p99, " ms");
row("2. rejected (400) requests/s", ours.rejected.perSecond, bare.rejected.perSecond, "", "   (goal ≥ 0.50)");
row("   latency p50 under that load", ours.rejected.p50, bare.rejected.p50, " ms");
row("3. transfers/s, LiveKit answering at once", ours.transfers.perSecond, bare.transfers.perSecond);
row("   latency p50 under that load", ours.transfers.p50, bare.transfers.p50, " ms");
row("   latency p99 under that load", ours.transfers.p99, bare.transfers.p99, " ms");
row("4. resident memory after the loads", ours.rss, bare.rss, " MiB", "   (goal ≤ 1.50)");
row("   resident memory at start", ours.rssIdle, bare.rssIdle, " MiB");

// 5. What the store adds to each transfer: a record saved with the participant's lock, then ended.
const store = await openStore(parseStoreUrl(storeUrl), { retentionMs: 7 * 86_400_000 });
const STORE_PAIRS = 2000;
const storeStarted = performance.now();
for (let i = 0; i < STORE_PAIRS; i += 1) {
  const now = Date.now();
  const id = `tr_bench${String(i).padStart(14, "0")}`;
  await store.startTransfer({
    id,
    tenantId: undefined,
    status: "initiated",
    roomName: "bench-room",
    participantIdentity: "bench",
    transferTo: "tel:1234",
    createdAt: now,
    updatedAt: now,
    deadlineAt: now + 62_000,
    requestId: "bench",
  });
  await store.endTransfer(id, { status: "completed", endedAt: now });
}
const perPair = (performance.now() - storeStarted) / STORE_PAIRS;
console.log(
  `\n5. the store on the hot path (${store.description}): save with lock + end, ${(perPair * 1000).toFixed(0)} µs per transfer` +
    ` (${((perPair / ours.latency.mean) * 100).toFixed(2)} % of a transfer's mean latency in 1.)`,
);
await store.close();
await standIn.close();
