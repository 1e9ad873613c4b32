// Growth benchmark of listing (GET /sip/transfers → store.listTransfers) and of a transfer's two
// store writes, as one tenant's records grow. Prints figures; asserts nothing.
//   pnpm exec turbo run bench --filter=@sip-transfer/store     (from the root; builds first)
//   cd packages/store && pnpm bench                            (on the dist/ already built)
// One tenant is filled (through the store's API, as the server writes) to each size in turn, with
// records of five other tenants beside it (a tenth as many); at each size it times, `BENCH_REPEAT`
// times each: the first page (limit 100), a page ~50 cursors deep, each filter's first page, a
// combination, a filter's deep page, and a transfer's start + end (a new record, then its end).
// SQLite on a temporary file; Redis on BENCH_REDIS_URL (keys under a fresh prefix, removed at the
// end) or a redis-server started like the tests start it, else Redis is skipped (and says so).
//
// BENCH_SIZES (records of the tenant, default 10000,50000,200000), BENCH_REPEAT (100),
// BENCH_DEEP_PAGES (50), BENCH_WRITES (start+end pairs timed per size, 1000), BENCH_ROOMS (5000),
// BENCH_PARTICIPANTS (50000), BENCH_STORES (sqlite,redis), BENCH_REDIS_URL.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createRedisStore, createSqliteStore } from "@sip-transfer/store";
import { redisServerAvailable, startTestRedis } from "@sip-transfer/testkit";
import { Redis } from "ioredis";

const SIZES = (process.env.BENCH_SIZES ?? "10000,50000,200000").split(",").map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 100);
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 50);
const WRITES = Number(process.env.BENCH_WRITES ?? 1000);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 5000);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 50_000);
const STORES = (process.env.BENCH_STORES ?? "sqlite,redis").split(",");
const LIMIT = 100;
const TENANT = "bench-tenant";
const WEEK = 7 * 86_400_000;
// Records are spread over the week before the bench started, oldest first.
const NOW = Date.now();
const FIRST_AT = NOW - WEEK;
const SPAN = Math.max(...SIZES);

/** A small seeded generator: every run writes the same records. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

let idCount = 0;
const newId = () => `tr_bench${String(++idCount).padStart(10, "0")}${Math.random().toString(36).slice(2, 8)}`;

/** The `index`-th record of the tenant (or of another tenant): room, participant and outcome drawn from a seeded spread. */
function makeRecord(rand, index, tenantId) {
  const createdAt = FIRST_AT + Math.floor((index * WEEK) / SPAN) + Math.floor(rand() * 1000);
  const roll = rand();
  const outcome = roll < 0.01 ? "initiated" : roll < 0.86 ? "completed" : roll < 0.96 ? "failed" : "unknown";
  return {
    record: {
      id: newId(),
      tenantId,
      status: "initiated",
      roomName: `room-${Math.floor(rand() * ROOMS)}`,
      participantIdentity: `sip_+1555${String(Math.floor(rand() * PARTICIPANTS)).padStart(7, "0")}`,
      transferTo: `tel:+1555${String(Math.floor(rand() * 10_000_000)).padStart(7, "0")}`,
      createdAt,
      updatedAt: createdAt,
      deadlineAt: createdAt + 62_000,
      requestId: `req-${index}`,
      ...(rand() < 0.3 ? { webhook: { status: "delivered", attempts: 1 } } : {}),
    },
    end: outcomeOf(outcome, createdAt + 2000 + Math.floor(rand() * 20_000)),
  };
}

function outcomeOf(status, endedAt) {
  if (status === "completed") return { status, endedAt };
  if (status === "failed")
    return {
      status,
      endedAt,
      error: {
        code: "TRANSFER_FAILED",
        message: "SIP transfer failed: 486 Busy Here",
        sipStatusCode: 486,
        sipStatus: "Busy Here",
      },
    };
  if (status === "unknown")
    return { status, endedAt, error: { code: "OUTCOME_UNKNOWN", message: "no outcome within the deadline" } };
  return undefined; // still initiated
}

/** Runs `work(i)` for i in [from, to), `concurrency` at a time. */
async function inParallel(from, to, concurrency, work) {
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) {
        const i = next;
        next += 1;
        await work(i);
      }
    }),
  );
}

async function timed(work) {
  const samples = [];
  let rows = 0;
  for (let i = 0; i < REPEAT; i += 1) {
    const started = performance.now();
    const page = await work();
    samples.push(performance.now() - started);
    rows = page.transfers.length;
  }
  return { ...stats(samples), rows };
}

/** The cursor `pages` pages into a listing (or the last one there is). */
async function cursorAfter(store, query, pages) {
  let after;
  let followed = 0;
  for (; followed < pages; followed += 1) {
    const page = await store.listTransfers({ ...query, limit: LIMIT, after });
    if (!page.next) break;
    after = page.next;
  }
  return { after, followed };
}

async function measure(store, size) {
  const q = { tenantId: TENANT, limit: LIMIT };
  const room = { ...q, roomName: "room-7" };
  const participant = { ...q, participantIdentity: "sip_+15550000007" };
  const deep = await cursorAfter(store, q, DEEP_PAGES);
  const completedDeep = await cursorAfter(store, { ...q, status: "completed" }, DEEP_PAGES);
  const rows = [
    ["first page, limit 100", await timed(() => store.listTransfers(q))],
    [`page ${deep.followed} cursors deep`, await timed(() => store.listTransfers({ ...q, after: deep.after }))],
    ["room_name (1 room of " + ROOMS + ")", await timed(() => store.listTransfers(room))],
    ["participant_identity (1 of " + PARTICIPANTS + ")", await timed(() => store.listTransfers(participant))],
    ["status=failed (10 %)", await timed(() => store.listTransfers({ ...q, status: "failed" }))],
    ["status=unknown (4 %)", await timed(() => store.listTransfers({ ...q, status: "unknown" }))],
    ["status=initiated (1 %)", await timed(() => store.listTransfers({ ...q, status: "initiated" }))],
    ["room_name + status=completed", await timed(() => store.listTransfers({ ...room, status: "completed" }))],
    [
      `status=completed, ${completedDeep.followed} cursors deep`,
      await timed(() => store.listTransfers({ ...q, status: "completed", after: completedDeep.after })),
    ],
  ];
  // A transfer's two writes, drawn from the same spread: its record with the participant's lock, then its end.
  const writes = [];
  const rand = random(size + 7);
  for (let i = 0; i < WRITES; i += 1) {
    const { record, end } = makeRecord(rand, SPAN, TENANT);
    const at = Date.now();
    Object.assign(record, { createdAt: at, updatedAt: at, deadlineAt: at + 62_000 });
    const started = performance.now();
    const result = await store.startTransfer(record);
    if (result.started) await store.endTransfer(record.id, { ...(end ?? outcomeOf("completed")), endedAt: at + 1 });
    writes.push(performance.now() - started);
  }
  return { rows, writes: stats(writes) };
}

const f2 = (n) => n.toFixed(2);
function print(results) {
  const sizes = results.map((r) => r.size);
  const width = 16;
  console.log(
    "median / p99 ms (rows: records on the page; fewer than 100 when fewer match, or on a short page with a cursor)",
  );
  console.log(`${"".padEnd(44)}${sizes.map((s) => `${s} records`.padStart(width)).join("")}`);
  for (const [i, [label]] of results[0].measured.rows.entries()) {
    const cells = results.map((r) => {
      const m = r.measured.rows[i][1];
      return `${f2(m.p50)}/${f2(m.p99)} (${m.rows})`.padStart(width);
    });
    console.log(`${label.padEnd(44)}${cells.join("")}`);
  }
  const writes = results.map((r) => `${f2(r.measured.writes.p50)}/${f2(r.measured.writes.p99)}`.padStart(width));
  console.log(`${`start + end of a transfer (${WRITES} in turn)`.padEnd(44)}${writes.join("")}`);
}

/** Fills the tenant from `from` to `to` records (and the other tenants alongside). */
async function fill(store, from, to, concurrency) {
  const rand = random(from + 1);
  let refused = 0;
  const write = async ({ record, end }) => {
    const result = await store.startTransfer(record);
    if (!result.started) {
      refused += 1; // the same room and participant drawn while one is running: skipped
      return;
    }
    if (end) await store.endTransfer(record.id, end);
  };
  const batch = 2000;
  for (let start = from; start < to; start += batch) {
    const made = [];
    for (let i = start; i < Math.min(to, start + batch); i += 1) {
      made.push(makeRecord(rand, i, TENANT));
      if (i % 10 === 0) made.push(makeRecord(rand, i, `other-tenant-${(i / 10) % 5}`));
    }
    await inParallel(0, made.length, concurrency, (k) => write(made[k]));
  }
  return refused;
}

async function run(name, open, afterFill, concurrency) {
  console.log(`\n## ${name}`);
  const store = await open();
  const results = [];
  let filled = 0;
  try {
    for (const size of SIZES) {
      const started = performance.now();
      const refused = await fill(store, filled, size, concurrency);
      filled = size;
      console.log(
        `filled to ${size} records in ${((performance.now() - started) / 1000).toFixed(1)} s` +
          (refused ? ` (${refused} starts refused: participant busy)` : ""),
      );
      const measured = await measure(store, size); // its timed writes add BENCH_WRITES records, the newest
      await afterFill?.(size);
      results.push({ size, measured });
    }
  } finally {
    await store.close();
  }
  print(results);
}

const commit = (() => {
  try {
    const git = (...args) =>
      execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--", ".");
    return `${head}${dirty ? " + uncommitted changes in packages/store" : ""}`;
  } catch {
    return "unknown";
  }
})();
console.log(
  `listing at scale — Node ${process.version}, commit ${commit}, sizes ${SIZES.join(", ")}, ` +
    `${REPEAT} runs a figure, ${ROOMS} rooms, ${PARTICIPANTS} participants, other tenants +10 %`,
);

if (STORES.includes("sqlite")) {
  const dir = mkdtempSync(join(tmpdir(), "sip-transfer-list-bench-"));
  const path = join(dir, "bench.sqlite");
  try {
    await run(
      `SQLite (${path})`,
      async () => createSqliteStore({ path }),
      async (size) => {
        const db = new DatabaseSync(path, { readOnly: true });
        const { total } = db.prepare("SELECT count(*) AS total FROM transfers").get();
        db.close();
        const bytes = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
        console.log(`  at ${size}: file ${(bytes / 2 ** 20).toFixed(1)} MiB, ${Math.round(bytes / total)} B a record`);
      },
      1,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (STORES.includes("redis")) {
  let server;
  let url = process.env.BENCH_REDIS_URL;
  if (!url && redisServerAvailable()) {
    server = await startTestRedis();
    url = server.url;
  }
  if (!url) {
    console.log("\n## Redis: skipped (no BENCH_REDIS_URL, no redis-server: scripts/redis/install)");
  } else {
    const prefix = `sip-transfer-bench-${process.pid}:`;
    const raw = new Redis(url);
    try {
      const baseline = await usedMemory(raw);
      await run(
        `Redis (${url.replace(/\/\/[^@]*@/, "//***@")}, prefix ${prefix})`,
        () => createRedisStore({ url, retentionMs: 8 * 86_400_000, keyPrefix: prefix, commandTimeoutMs: 10_000 }),
        async (size) => console.log(`  at ${size}: ${await memoryReport(raw, prefix, baseline)}`),
        64,
      );
    } finally {
      await removeKeys(raw, prefix);
      raw.disconnect();
      await server?.stop();
    }
  }
}

async function usedMemory(redis) {
  return Number(/^used_memory:(\d+)/m.exec(await redis.info("memory"))?.[1] ?? 0);
}

/** Redis memory by kind of key (the part after the prefix, up to the next ':'), per record of every tenant. */
async function memoryReport(redis, prefix, baseline) {
  const kinds = new Map();
  let records = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.call("MEMORY", "USAGE", key, "SAMPLES", "0");
    const sizes = await pipeline.exec();
    for (const [i, key] of keys.entries()) {
      const kind = key.slice(prefix.length).split(":")[0];
      const entry = kinds.get(kind) ?? { keys: 0, bytes: 0 };
      entry.keys += 1;
      entry.bytes += Number(sizes[i][1] ?? 0);
      kinds.set(kind, entry);
      if (kind === "transfer") records += 1;
    }
  } while (cursor !== "0");
  const used = (await usedMemory(redis)) - baseline;
  const parts = [...kinds.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([kind, { keys, bytes }]) => `${kind} ${Math.round(bytes / records)} B (${keys} keys)`);
  return `used_memory +${(used / 2 ** 20).toFixed(1)} MiB, ${Math.round(used / records)} B a record; by kind of key, a record: ${parts.join(", ")}`;
}

async function removeKeys(redis, prefix) {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}
