// Benchmark of POST /sip/transfer against its floor. Prints figures; asserts nothing.
//   pnpm bench            (from the repository root; builds first)
// Our server (as `pnpm start` runs it: startServer, JSON logs at info, the default SQLite store,
// responses checked against the spec in `log` mode, the transfer rate limit in the path but never
// refusing) and the bare node:http baseline doing the essential work of a transfer and nothing else
// (bench/bare-server.mjs: JSON, libphonenumber-js, the two lookups, the transfer, two SQLite writes)
// each run in a process of their own, one after the other, on the same Node, against the same LiveKit
// stand-in; this process holds the stand-in and the load. Every request comes from a distinct
// caller. Every figure is printed with its ratio ours / bare.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openStore, parseStoreUrl } from "@sip-transfer/store";
import { freePort, startLiveKitStandIn } from "@sip-transfer/testkit";

const LATENCY_MS = Number(process.env.BENCH_LIVEKIT_LATENCY_MS ?? 20);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const LOAD_REQUESTS = Number(process.env.BENCH_LOAD_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WARM_UP = 300;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
// Extra settings for our server, to see what a setting costs: BENCH_OURS_ENV='{"LOG_LEVEL":"warn"}'.
const OURS_ENV = JSON.parse(process.env.BENCH_OURS_ENV ?? "{}");
// How the floor calls LiveKit: through the SDK's own transport, fetch (a bare implementation's
// way), or with BENCH_BARE_TRANSPORT=node-http through ours (what our server gains by it, apart).
const BARE_TRANSPORT = process.env.BENCH_BARE_TRANSPORT ?? "fetch";
// BENCH_TRACING=0 skips the run of our server with traces exported.
const WITH_TRACING = process.env.BENCH_TRACING !== "0";

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
const scratch = mkdtempSync(join(tmpdir(), "sip-transfer-bench-"));

const standIn = await startLiveKitStandIn();
const ROOM = "call-room-123";
const LIVEKIT_METHODS = ["ListRooms", "GetParticipant", "TransferSIPParticipant"];
const livekitEnv = { LIVEKIT_URL: standIn.url, LIVEKIT_API_KEY: standIn.apiKey, LIVEKIT_API_SECRET: standIn.apiSecret };
const storeUrl = process.env.BENCH_STORE_URL ?? `sqlite:${join(scratch, "sip-transfer.sqlite")}`;

// An OTLP/HTTP receiver that takes the traces of the traced run and counts them.
let exportedRequests = 0;
const otlp = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    exportedRequests += 1;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
await new Promise((resolve) => otlp.listen(0, "127.0.0.1", resolve));
const otlpUrl = `http://127.0.0.1:${otlp.address().port}`;

/** Starts one server in its own process and waits until it listens. */
async function launch(server) {
  const port = await freePort();
  const ours = server.kind === "ours";
  const script = fileURLToPath(new URL(ours ? "./serve-ours.mjs" : "./bare-server.mjs", import.meta.url));
  const env = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    ...livekitEnv,
    ...server.env,
  };
  // Our logs go to /dev/null, as they would go to a collector; "listening" comes on stderr.
  const child = spawn(process.execPath, [script], { env, stdio: ["ignore", ours ? "ignore" : "pipe", "pipe"] });
  await new Promise((resolve, reject) => {
    const stream = ours ? child.stderr : child.stdout;
    stream.on("data", (chunk) => chunk.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`${server.label} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}/sip/transfer` };
}

// Every request is a distinct caller: the room holds enough SIP participants for one server's run.
let nextCaller = 0;
const CALLERS = 2 * WARM_UP + SEQUENTIAL + 2 * LOAD_REQUESTS + 2 * CONCURRENCY;
function resetRoom() {
  standIn.reset();
  standIn.addRoom({
    name: ROOM,
    participants: Array.from({ length: CALLERS }, (_, n) => ({ identity: `caller_${n}`, kind: "SIP" })),
  });
  nextCaller = 0;
}
const transferBody = () =>
  JSON.stringify({ room_name: ROOM, participant_identity: `caller_${nextCaller++}`, transfer_to: "+14155552671" });

async function post(url, body, expected) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  await response.arrayBuffer();
  if (response.status !== expected) throw new Error(`${url}: status ${response.status}, expected ${expected}`);
  return performance.now() - started;
}

/**
 * `total` requests, `concurrency` at a time, from a load process of its own (bench/load.mjs), each a
 * distinct caller; requests/s and latencies.
 */
async function load(url, total, concurrency, kind, expected) {
  const script = fileURLToPath(new URL("./load.mjs", import.meta.url));
  const args = [script, url, total, concurrency, kind, nextCaller, expected].map(String);
  nextCaller += total;
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`the load against ${url} failed (exit ${code})`);
  return JSON.parse(out);
}

const behave = (latencyMs) => {
  for (const method of LIVEKIT_METHODS) standIn.behave(method, latencyMs ? { latencyMs } : {});
};

async function measure(server) {
  resetRoom();
  const { child, url } = await launch(server);
  const figures = { rssIdle: rssMiB(child.pid) };
  behave(0);
  await load(url, WARM_UP, 10, "transfer", 200);
  await load(url, WARM_UP, 10, "rejected", 400);

  behave(LATENCY_MS);
  const one = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) one.push(await post(url, transferBody(), 200));
  figures.latency = stats(one);

  if (!server.latencyOnly) {
    behave(0);
    figures.rejected = await load(url, LOAD_REQUESTS, CONCURRENCY, "rejected", 400);
    figures.transfers = await load(url, LOAD_REQUESTS, CONCURRENCY, "transfer", 200);
    figures.rss = rssMiB(child.pid);
  }
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  return figures;
}

const oursEnv = {
  STORE_URL: storeUrl,
  // The transfer rate limit stays in the path (its cost is measured) but high enough never to refuse.
  TRANSFER_RATE_LIMIT: "1000000",
  ...OURS_ENV,
};
console.log(
  `sip-transfer benchmark — Node ${process.version}, ${CONCURRENCY} connections, ${LOAD_REQUESTS} requests per load, a distinct caller per request, ${ROUNDS} rounds`,
);
console.log(
  `our server (store ${storeUrl}${process.env.BENCH_OURS_ENV ? `, ${process.env.BENCH_OURS_ENV}` : ""}) and the bare node:http floor (LiveKit through the SDK over ${BARE_TRANSPORT === "node-http" ? "our node:http transport" : "its own fetch"}), each in a process of their own\n`,
);
// Rounds, bare and ours in turn: the machine's own drift (the floor's throughput moves by a tenth
// from run to run here) falls on both alike; figures are means over the rounds.
const bareRounds = [];
const oursRounds = [];
for (let round = 0; round < ROUNDS; round += 1) {
  bareRounds.push(
    await measure({
      kind: "bare",
      label: "bare",
      env: { STORE_PATH: join(scratch, `bare-${round}.sqlite`), BARE_TRANSPORT },
    }),
  );
  oursRounds.push(await measure({ kind: "ours", label: "ours", env: oursEnv }));
}
/** The mean of each figure over the rounds. */
const meanOf = (rounds) => {
  const merge = (values) =>
    typeof values[0] === "number"
      ? values.reduce((a, b) => a + b, 0) / values.length
      : Object.fromEntries(Object.keys(values[0]).map((key) => [key, merge(values.map((v) => v[key]))]));
  return merge(rounds);
};
const bare = meanOf(bareRounds);
const ours = meanOf(oursRounds);
const perRound = (path) => oursRounds.map((round, i) => (path(round) / path(bareRounds[i])).toFixed(2)).join(", ");
const sequential = await measure({
  kind: "bare",
  label: "bare, lookups in sequence",
  env: { STORE_PATH: join(scratch, "bare-sequential.sqlite"), BARE_SEQUENTIAL: "1", BARE_TRANSPORT },
  latencyOnly: true,
});
const traced = WITH_TRACING
  ? await measure({
      kind: "ours",
      label: "ours, traced",
      env: {
        ...oursEnv,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_SERVICE_NAME: "sip-transfer-bench",
      },
    })
  : undefined;

const f1 = (n) => n.toFixed(1);
const row = (label, a, b, unit = "", goal = "") =>
  console.log(
    `${label.padEnd(46)} ${`${f1(a)}${unit}`.padStart(12)} ${`${f1(b)}${unit}`.padStart(12)} ${(a / b).toFixed(2).padStart(8)}${goal}`,
  );
console.log(`${"".padEnd(46)} ${"ours".padStart(12)} ${"bare".padStart(12)} ${"ratio".padStart(8)}`);
row(
  `1. latency, one client, LiveKit ${LATENCY_MS} ms a call, mean`,
  ours.latency.mean,
  bare.latency.mean,
  " ms",
  "   (goal ≤ 1.10)",
);
row("   p99", ours.latency.p99, bare.latency.p99, " ms");
row(
  "   against lookups in sequence (Sayna), mean",
  ours.latency.mean,
  sequential.latency.mean,
  " ms",
  "   (goal ≤ 0.70)",
);
row(
  `2. transfers/s, ${CONCURRENCY} connections`,
  ours.transfers.perSecond,
  bare.transfers.perSecond,
  "",
  "   (goal ≥ 0.80)",
);
console.log(`   each round: ${perRound((r) => r.transfers.perSecond)}`);
row("   latency p50 under that load", ours.transfers.p50, bare.transfers.p50, " ms");
row("   latency p99 under that load", ours.transfers.p99, bare.transfers.p99, " ms");
row(
  `3. rejected requests/s (invalid number), ${CONCURRENCY} conn.`,
  ours.rejected.perSecond,
  bare.rejected.perSecond,
  "",
  "   (goal ≥ 0.50)",
);
console.log(`   each round: ${perRound((r) => r.rejected.perSecond)}`);
row("   latency p50 under that load", ours.rejected.p50, bare.rejected.p50, " ms");
row("4. resident memory after the loads", ours.rss, bare.rss, " MiB", "   (goal ≤ 1.50)");
row("   resident memory at start", ours.rssIdle, bare.rssIdle, " MiB");

if (traced) {
  console.log(`\n5. tracing on (OTLP http/protobuf to a local receiver: ${exportedRequests} exports) / off`);
  console.log(`${"".padEnd(46)} ${"traced".padStart(12)} ${"untraced".padStart(12)} ${"ratio".padStart(8)}`);
  row("   latency, one client, mean", traced.latency.mean, ours.latency.mean, " ms");
  row("   transfers/s", traced.transfers.perSecond, ours.transfers.perSecond);
  row("   rejected requests/s", traced.rejected.perSecond, ours.rejected.perSecond);
  row("   resident memory after the loads", traced.rss, ours.rss, " MiB");
  console.log(
    `   (against the floor: transfers/s ${(traced.transfers.perSecond / bare.transfers.perSecond).toFixed(2)}, rejected/s ${(traced.rejected.perSecond / bare.rejected.perSecond).toFixed(2)})`,
  );
}

// 6. What the store adds to each transfer: a record saved with the participant's lock, then ended.
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
  `\n6. the store on the hot path (${store.description}): save with lock + end, ${(perPair * 1000).toFixed(0)} µs per transfer` +
    ` (${((perPair / ours.latency.mean) * 100).toFixed(2)} % of a transfer's mean latency in 1.)`,
);
await store.close();
await standIn.close();
otlp.close();
