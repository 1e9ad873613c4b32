// Benchmark of POST /sip/transfer against the LiveKit stand-in. Prints figures; asserts nothing.
//   pnpm bench            (from the repository root; builds first)
// 1. Latency with LiveKit answering every call after L ms: our server makes the room and the
//    participant lookups at once, so a transfer costs about 2·L; doing the same three calls with the
//    SDK one after another (what a hand-written handler usually does) costs about 3·L.
// 2. Overhead and memory under concurrent load with LiveKit answering at once.
// Every transfer is a record in the store: by default the SQLite file `pnpm start` uses without
// STORE_URL (here in a temporary folder); BENCH_STORE_URL=redis://… measures Redis instead.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createLiveKitAdapter } from "@sip-transfer/livekit";
import { openStore, parseStoreUrl } from "@sip-transfer/store";
import { startLiveKitStandIn } from "@sip-transfer/testkit";
import { RoomServiceClient, SipClient } from "livekit-server-sdk";
import { pino } from "pino";
import { createApp } from "../dist/app.js";

const LATENCY_MS = Number(process.env.BENCH_LIVEKIT_LATENCY_MS ?? 20);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const LOAD_REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

// One SIP participant per concurrent client: one transfer per participant at a time is the rule.
const bodyFor = (worker) => JSON.stringify({ room_name: "call-room-123", participant_identity: `sip_participant_${worker}`, transfer_to: "+15551234567" });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return `mean ${mean.toFixed(1)} ms, p50 ${percentile(sorted, 50).toFixed(1)}, p95 ${percentile(sorted, 95).toFixed(1)}, p99 ${percentile(sorted, 99).toFixed(1)}`;
};
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const standIn = await startLiveKitStandIn();
standIn.addRoom({
  name: "call-room-123",
  participants: Array.from({ length: Math.max(CONCURRENCY, 1) }, (_, worker) => ({ identity: `sip_participant_${worker}`, kind: "SIP" })),
});
const storeUrl = process.env.BENCH_STORE_URL ?? `sqlite:${join(mkdtempSync(join(tmpdir(), "sip-transfer-bench-")), "sip-transfer.sqlite")}`;
const store = await openStore(parseStoreUrl(storeUrl), { retentionMs: 7 * 86_400_000 });
const silent = pino({ level: "warn" }, new Writable({ write: (_chunk, _enc, done) => done() }));
const app = createApp({
  logger: silent,
  livekit: createLiveKitAdapter({ url: standIn.url, apiKey: standIn.apiKey, apiSecret: standIn.apiSecret }),
  store,
  auth: { required: false, secrets: [] },
  transferWaitMs: 2000,
  responseValidation: "log",
});
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const url = `http://127.0.0.1:${server.address().port}/sip/transfer`;
const post = async (worker = 0) => {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: bodyFor(worker) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return performance.now() - started;
};

console.log(`sip-transfer benchmark (Node ${process.version}, LiveKit stand-in on loopback, store ${store.description})\n`);

// 1. Latency with slow LiveKit.
for (const method of ["ListRooms", "GetParticipant", "TransferSIPParticipant"]) standIn.behave(method, { latencyMs: LATENCY_MS });
for (let i = 0; i < 20; i += 1) await post(); // warm-up
const ours = [];
for (let i = 0; i < SEQUENTIAL; i += 1) ours.push(await post());

const rooms = new RoomServiceClient(standIn.url, standIn.apiKey, standIn.apiSecret, { failover: false });
const sip = new SipClient(standIn.url, standIn.apiKey, standIn.apiSecret, { failover: false });
const byHand = [];
for (let i = 0; i < SEQUENTIAL; i += 1) {
  const started = performance.now();
  await rooms.listRooms(["call-room-123"]);
  await rooms.getParticipant("call-room-123", "sip_participant_0");
  await sip.transferSipParticipant("call-room-123", "sip_participant_0", "tel:+15551234567");
  byHand.push(performance.now() - started);
}
console.log(`1. LiveKit answers each call after ${LATENCY_MS} ms, ${SEQUENTIAL} transfers one after another`);
console.log(`   POST /sip/transfer (lookups at once, then transfer): ${summary(ours)}`);
console.log(`   SDK calls one after another, no HTTP in front:       ${summary(byHand)}`);
const mean = (samples) => samples.reduce((a, b) => a + b, 0) / samples.length;
console.log(`   ratio of means, ours / SDK by hand: ${(mean(ours) / mean(byHand)).toFixed(3)}\n`);

// 2. Overhead and memory under load.
for (const method of ["ListRooms", "GetParticipant", "TransferSIPParticipant"]) standIn.behave(method, {});
globalThis.gc?.();
const before = process.memoryUsage();
const load = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async (_, worker) => {
    while (next < LOAD_REQUESTS) {
      next += 1;
      load.push(await post(worker));
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const calls = standIn.calls.length;
standIn.reset(); // the stand-in's call log lives in this process too; drop it before measuring
globalThis.gc?.();
const after = process.memoryUsage();
console.log(`2. ${LOAD_REQUESTS} transfers, ${CONCURRENCY} at a time, LiveKit answering at once (server, stand-in and load in one process)`);
console.log(`   ${(LOAD_REQUESTS / seconds).toFixed(0)} transfers/s; latency ${summary(load)}`);
console.log(`   memory after a full GC: rss ${mib(before.rss)} → ${mib(after.rss)}, heap used ${mib(before.heapUsed)} → ${mib(after.heapUsed)}`);
console.log(`   LiveKit calls made in all: ${calls} (3 per transfer)`);

// 3. What the store adds to each transfer: a record saved with the participant's lock, then ended.
const STORE_PAIRS = 2000;
const storeStarted = performance.now();
for (let i = 0; i < STORE_PAIRS; i += 1) {
  const now = Date.now();
  const id = `tr_bench${String(i).padStart(14, "0")}`;
  await store.startTransfer({ id, tenantId: undefined, status: "initiated", roomName: "bench-room", participantIdentity: "bench", transferTo: "tel:1234",
    createdAt: now, updatedAt: now, deadlineAt: now + 62_000, requestId: "bench" });
  await store.endTransfer(id, { status: "completed", endedAt: now });
}
const perPair = (performance.now() - storeStarted) / STORE_PAIRS;
console.log(`3. The store on the hot path (${store.description}): save with lock + end, ${STORE_PAIRS} times one after another`);
console.log(`   ${(perPair * 1000).toFixed(0)} µs per transfer (${((perPair / mean(ours)) * 100).toFixed(2)} % of a transfer's mean latency in 1.)`);

server.closeAllConnections();
server.close();
await app.locals.transfers.stop(0);
await store.close();
await standIn.close();
