import {
  type StartTransferResult,
  type StoreReadiness,
  type TransferEnd,
  type TransferListPage,
  type TransferListQuery,
  type TransferPosition,
  type TransferRecord,
  type TransferStatus,
  type WebhookAttemptResult,
  type WebhookDelivery,
  type LockHolder,
  type StartWarmTransferResult,
  type WarmTransferListPage,
  type WarmTransferRecord,
  endedRecord,
  isOpen,
} from "@sip-transfer/domain";
import type { Redis } from "ioredis";
import type { IdempotencyClaim, SipTransferStore, StoredAnswer } from "./idempotency-keys.js";
import { type StoreEventListener, availabilityGuard, isRedisUnavailable } from "./availability.js";
import { type StoredRecord, fromStored, lockName, parseWarm, toStored } from "./records.js";
import { connectWithin, redactedUrl, redisClient } from "./redis-connection.js";

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** How long records stay after they are created (ms). */
  retentionMs: number;
  /** Prefix of every key (default `sip-transfer:`), to share a Redis with other software. */
  keyPrefix?: string;
  /** A command not answered within this fails (ms, default 2000): a stalled Redis never hangs a request. */
  commandTimeoutMs?: number;
  /**
   * How long `createRedisStore` waits for the first connection (ms, default 5000). It resolves
   * either way: while Redis is unreachable every call fails with StoreUnavailableError, and the
   * client keeps reconnecting.
   */
  connectTimeoutMs?: number;
  /**
   * Told once per change when Redis turns unavailable (connection lost, commands time out) and
   * when it answers again, and when its `maxmemory-policy` lets it evict keys.
   */
  onEvent?: StoreEventListener;
}

// A list call walks one index in order: the tenant's without a filter, else a filter's (with more
// than one, the smallest one's, its entries checked against the others' indexes with ZMSCORE,
// without reading records, CHECKED_BATCH at a time). Entries of records gone (expired) are skipped
// and forgotten. At most WALK_LIMIT entries are looked at per call, then a shorter page comes with a
// cursor (filters that rarely match together, or a long run of expired records), never an
// unbounded walk.
const WALK_LIMIT = 10_000;
const CHECKED_BATCH = 500;
// Until the filters' indexes are back-filled, a filtered call scans the tenant's index instead,
// as before them: at most SCAN_LIMIT entries (SCAN_BATCH at a time), then a shorter page and a cursor.
const SCAN_LIMIT = 1000;
const SCAN_BATCH = 100;
// Removal of expired records and the back-fill go through an index in batches of this many.
const SWEEP_BATCH = 500;
// Index entries of expired records looked at per tenant per removeExpired (in SWEEP_BATCHes).
const SWEEP_LIMIT = 20_000;
// The filters' indexes: version 1 are by-room, by-participant, by-status and fields (see key below).
const FILTER_INDEXES_VERSION = 1;
// For this long after the back-fill, removeExpired indexes again the records created since
// (less a margin): replicas of the previous version, still running during a rolling upgrade,
// write records without the filters' index entries.
const CATCH_UP_MS = 60 * 60_000;
const CATCH_UP_MARGIN_MS = 10 * 60_000;
const STATUSES: readonly TransferStatus[] = ["initiated", "completed", "failed", "unknown"];
// A record whose webhook is due is kept at least this long past the due time, whatever its retention.
const KEEP_AFTER_DUE_MS = 10 * 60_000;

// Takes the participant's lock and saves the record, in the tenant's index and its filters'
// indexes, or returns the record holding the lock.
// KEYS: record, lock, tenant index, deadlines, room index, participant index, initiated index, fields.
// ARGV: id, record JSON, retention ms, created, deadline, record key prefix, fields entry, warm
// transfer record key prefix. A warm transfer holding the lock comes back as {'warm_transfer', JSON}.
const START = `
local holder = redis.call('GET', KEYS[2])
if holder then
  local running = redis.call('GET', ARGV[6] .. holder)
  if running then return running end
  if redis.call('GET', ARGV[8] .. holder) then return {'warm_transfer', redis.call('GET', ARGV[8] .. holder)} end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[7], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[8], ARGV[1], ARGV[7])
return false
`;

// Keeps a record at least `keep` ms (a pending webhook outlives a short retention), then writes it.
const KEEP_AND_SET = `
local function keep_and_set(key, json, keep)
  local ttl = redis.call('PTTL', key)
  if ttl >= 0 and ttl < keep then ttl = keep end
  if ttl >= 0 then redis.call('SET', key, json, 'PX', ttl) else redis.call('SET', key, json) end
end
`;

// Takes the caller's lock (shared with transfers) and saves an open warm transfer, or says who holds it.
// Neither expires while the record is open (a consult may outlast the retention); ending it sets
// the record's expiry (SAVE_WARM).
// KEYS: record, lock, tenant's warm index, open warm transfers.
// ARGV: id, record JSON, retention ms, created, deadline, transfer record key prefix, warm record key prefix.
const START_WARM = `
local holder = redis.call('GET', KEYS[2])
if holder then
  local running = redis.call('GET', ARGV[6] .. holder)
  if running then return {'transfer', running} end
  running = redis.call('GET', ARGV[7] .. holder)
  if running then return {'warm_transfer', running} end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
return false
`;

// Deletes an open warm transfer still at the version expected, with its lock and index entries.
// KEYS: record, lock, open warm transfers, tenant's warm index. ARGV: version, id.
const DISCARD_WARM = `
local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end
local record = cjson.decode(stored)
if record.version ~= tonumber(ARGV[1]) or (record.status ~= 'dialing' and record.status ~= 'consulting') then return 0 end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('ZREM', KEYS[4], ARGV[2])
return 1
`;

// Compare-and-set of a warm transfer on its version; an ended one leaves the open set and frees the
// lock if it still holds it.
// An ended one whose webhook is pending becomes due in the same step (the outbox).
// KEYS: record, lock, open warm transfers, warm webhooks due.
// ARGV: version expected, record JSON, id, deadline, '1' if open, webhook due at or '', ms to keep
// an ended one (what is left of the retention; longer while its webhook is due).
const SAVE_WARM = `
local stored = redis.call('GET', KEYS[1])
if not stored or cjson.decode(stored).version ~= tonumber(ARGV[1]) then return 0 end
if ARGV[5] == '1' then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[7])
  redis.call('ZREM', KEYS[3], ARGV[3])
  if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
  if ARGV[6] ~= '' then redis.call('ZADD', KEYS[4], ARGV[6], ARGV[3]) end
end
return 1
`;

// Compare-and-set of an initiated record to its ended form; releases the lock if it still holds it,
// moves the record from the initiated index to its status's and, when its webhook is pending,
// makes the webhook due (the outbox), all in the same step.
// KEYS: record, lock, deadlines, webhooks due, initiated index, ended status's index.
// ARGV: expected JSON, ended JSON, retention ms left, id, due at or '', created.
const END = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
redis.call('ZREM', KEYS[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('ZADD', KEYS[4], ARGV[5], ARGV[4]) end
redis.call('ZREM', KEYS[5], ARGV[4])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[4])
return 1
`;

// The back-fill: puts records in their filters' indexes, each only if it is still as read
// (compare-and-set: a record ended meanwhile is not put in the initiated index); returns the ids
// of those that changed, to read again.
// KEYS: fields, the four status indexes (STATUSES' order), then per record: record, room index,
// participant index. ARGV per record: JSON as read, id, created, its status's KEYS position, fields entry.
const INDEX_RECORDS = `
local changed = {}
for i = 0, (#KEYS - 5) / 3 - 1 do
  local k = 6 + i * 3
  local a = 1 + i * 5
  local id = ARGV[a + 1]
  if redis.call('GET', KEYS[k]) == ARGV[a] then
    redis.call('ZADD', KEYS[k + 1], ARGV[a + 2], id)
    redis.call('ZADD', KEYS[k + 2], ARGV[a + 2], id)
    local status = tonumber(ARGV[a + 3])
    for s = 2, 5 do
      if s == status then redis.call('ZADD', KEYS[s], ARGV[a + 2], id) else redis.call('ZREM', KEYS[s], id) end
    end
    redis.call('HSET', KEYS[1], id, ARGV[a + 4])
  else
    table.insert(changed, id)
  end
end
return changed
`;

// Takes the due webhooks, atomically: each one's attempts goes up by one in its record and it is
// due again only when the lease ends. Returns the claimed records. (cjson rewrites the record;
// numbers keep 14 significant digits, enough for epoch milliseconds.)
// KEYS: webhooks due. ARGV: now, lease end, limit, record key prefix, keep ms.
const CLAIM_WEBHOOKS =
  KEEP_AND_SET +
  `
local claimed = {}
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local key = ARGV[4] .. id
  local json = redis.call('GET', key)
  local record = json and cjson.decode(json)
  if record and record.status ~= 'initiated' and type(record.webhook) == 'table' and record.webhook.status == 'pending' then
    record.webhook.attempts = record.webhook.attempts + 1
    local claimedJson = cjson.encode(record)
    keep_and_set(key, claimedJson, tonumber(ARGV[5]))
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    table.insert(claimed, claimedJson)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return claimed
`;

// Compare-and-set of a claimed record to its webhook's result: the next due time, or '' when final.
// KEYS: record, webhooks due. ARGV: expected JSON, new JSON, id, next due (or ''), keep ms.
const FINISH_WEBHOOK =
  KEEP_AND_SET +
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if not redis.call('ZSCORE', KEYS[2], ARGV[3]) then return 0 end
keep_and_set(KEYS[1], ARGV[2], tonumber(ARGV[5]))
if ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3]) else redis.call('ZREM', KEYS[2], ARGV[3]) end
return 1
`;

// A claim names the transfer it will start ('t', '' for none) and outlives its lease ('l', epoch
// ms; a key without 'l' expires with its lease). A lease that ran out with no answer frees the key
// only when that transfer's record does not exist; otherwise it answers {f, 'started', t}.
// KEYS: key. ARGV: fingerprint, now, lease end, transfer id or '', key expiry ms, record key prefix,
// warm transfer record key prefix.
const CLAIM = `
local function claim()
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'f', ARGV[1], 's', 'processing', 'l', ARGV[3], 't', ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return {'claimed'}
end
if redis.call('EXISTS', KEYS[1]) == 0 then return claim() end
local found = redis.call('HMGET', KEYS[1], 'f', 's', 'a', 'l', 't')
if found[2] ~= 'completed' and found[4] and tonumber(found[4]) <= tonumber(ARGV[2]) then
  if found[5] and found[5] ~= '' and redis.call('EXISTS', ARGV[6] .. found[5], ARGV[7] .. found[5]) > 0 then
    return {found[1], 'started', found[5]}
  end
  return claim()
end
return {found[1], found[2], found[3]}
`;

// KEYS: key. ARGV: fingerprint, answer, ttl ms.
const COMPLETE = `
if redis.call('HGET', KEYS[1], 'f') == ARGV[1] and redis.call('HGET', KEYS[1], 's') == 'processing' then
  redis.call('HSET', KEYS[1], 's', 'completed', 'a', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
`;

// KEYS: key. ARGV: fingerprint.
const RELEASE = `
if redis.call('HGET', KEYS[1], 'f') == ARGV[1] and redis.call('HGET', KEYS[1], 's') == 'processing' then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

interface Scripts {
  startTransfer(...args: (string | number)[]): Promise<string | [string, string] | null>;
  startWarmTransfer(...args: (string | number)[]): Promise<[string, string] | null>;
  saveWarmTransfer(...args: (string | number)[]): Promise<number>;
  discardWarmTransfer(...args: (string | number)[]): Promise<number>;
  endTransfer(...args: (string | number)[]): Promise<number>;
  claimWebhooks(...args: (string | number)[]): Promise<string[]>;
  finishWebhook(...args: (string | number)[]): Promise<number>;
  claimKey(...args: (string | number)[]): Promise<(string | null)[]>;
  completeKey(...args: (string | number)[]): Promise<number>;
  releaseKey(...args: (string | number)[]): Promise<number>;
  indexRecords(keyCount: number, ...args: (string | number)[]): Promise<string[]>;
}

/**
 * The store for many replicas, on Redis (standalone or Sentinel; not Cluster: the lock script
 * reads the running record by a key it computes). Every check-and-write is one Lua script, so the
 * participant lock and idempotency keys hold across replicas. Commands fail fast while Redis is
 * unreachable (no offline queue) and time out when it stalls; the client reconnects on its own.
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<SipTransferStore> {
  const prefix = options.keyPrefix ?? "sip-transfer:";
  const redis = redisClient(options.url, options.commandTimeoutMs ?? 2000);
  redis.defineCommand("startTransfer", { numberOfKeys: 8, lua: START });
  redis.defineCommand("endTransfer", { numberOfKeys: 6, lua: END });
  redis.defineCommand("startWarmTransfer", { numberOfKeys: 4, lua: START_WARM });
  redis.defineCommand("saveWarmTransfer", { numberOfKeys: 4, lua: SAVE_WARM });
  redis.defineCommand("discardWarmTransfer", { numberOfKeys: 4, lua: DISCARD_WARM });
  redis.defineCommand("indexRecords", { lua: INDEX_RECORDS });
  redis.defineCommand("claimWebhooks", { numberOfKeys: 1, lua: CLAIM_WEBHOOKS });
  redis.defineCommand("finishWebhook", { numberOfKeys: 2, lua: FINISH_WEBHOOK });
  redis.defineCommand("claimKey", { numberOfKeys: 1, lua: CLAIM });
  redis.defineCommand("completeKey", { numberOfKeys: 1, lua: COMPLETE });
  redis.defineCommand("releaseKey", { numberOfKeys: 1, lua: RELEASE });
  const scripts = redis as unknown as Scripts;
  const description = redactedUrl(options.url);
  // Down or stalled → StoreUnavailableError (503); a wrong command or bad JSON → thrown as is (500).
  const availability = availabilityGuard(description, isRedisUnavailable, options.onEvent);
  const guard = availability.run;
  // What the last look at `maxmemory-policy` found (undefined: fine, or not known yet).
  let evictionWarning: string | undefined;
  const checkEviction = async () => {
    const policy = await maxmemoryPolicy(redis);
    const warning = policy === undefined || policy === "noeviction" ? undefined : evictionRisk(policy);
    if (warning && warning !== evictionWarning) {
      options.onEvent?.({ type: "eviction_risk", store: description, maxmemoryPolicy: policy!, message: warning });
    }
    evictionWarning = warning;
  };
  const key = {
    record: (id: string) => `${prefix}transfer:${id}`,
    warm: (id: string) => `${prefix}warm-transfer:${id}`,
    warmIndex: (tenantId: string | undefined) =>
      `${prefix}warm-index:${tenantId === undefined ? "-" : `t:${tenantId}`}`,
    warmOpen: `${prefix}warm-open`,
    warmWebhooksDue: `${prefix}warm-webhooks`,
    lock: (roomName: string, identity: string) => `${prefix}lock:${lockName(roomName, identity)}`,
    index: (tenantId: string | undefined) => `${prefix}index:${tenantId === undefined ? "-" : `t:${tenantId}`}`,
    deadlines: `${prefix}deadlines`,
    webhooksDue: `${prefix}webhooks`,
    idempotency: (scope: string, name: string) => `${prefix}idempotency:${JSON.stringify([scope, name])}`,
    // The filters' indexes, per tenant (null: anonymous): sorted sets like the tenant's index
    // (score: created at, member: id), and each record's room and participant by id (its fields),
    // to remove its entries once its record is gone (expired: its JSON is no longer there to say).
    byRoom: (tenantId: string | undefined, roomName: string) =>
      `${prefix}by-room:${JSON.stringify([tenantId ?? null, roomName])}`,
    byParticipant: (tenantId: string | undefined, identity: string) =>
      `${prefix}by-participant:${JSON.stringify([tenantId ?? null, identity])}`,
    byStatus: (tenantId: string | undefined, status: TransferStatus) =>
      `${prefix}by-status:${JSON.stringify([tenantId ?? null, status])}`,
    fields: (tenantId: string | undefined) => `${prefix}fields:${JSON.stringify(tenantId ?? null)}`,
    // What this store's data has had done to it: filterIndexes (the version back-filled) and
    // filterIndexesSince (when that back-fill started, epoch ms).
    schema: `${prefix}schema`,
  };
  // The tenant of a tenant's index key (undefined: not one).
  const tenantOf = (index: string): { tenantId: string | undefined } | undefined => {
    const name = index.slice(`${prefix}index:`.length);
    if (name === "-") return { tenantId: undefined };
    return name.startsWith("t:") ? { tenantId: name.slice(2) } : undefined;
  };
  const holderOf = ([kind, json]: [string, string]): LockHolder => {
    const held = JSON.parse(json) as { id: string; tenantId?: string | null };
    return {
      kind: kind === "transfer" ? "transfer" : "warm_transfer",
      id: held.id,
      tenantId: held.tenantId ?? undefined,
    };
  };
  const fieldsEntry = (record: TransferRecord) => JSON.stringify([record.roomName, record.participantIdentity]);
  const parse = (json: string | null) => (json === null ? undefined : fromStored(JSON.parse(json) as StoredRecord));
  const load = async (ids: string[]) => (ids.length === 0 ? [] : (await redis.mget(ids.map(key.record))).map(parse));

  // The index entries after `position` (newest first: score, then id, descending), at most
  // `count`. Paged by position, not by offset: entries removed meanwhile (expired records dropped
  // from the index, here or by another replica) never shift the next batch.
  const entriesAfter = async (
    index: string,
    position: TransferPosition | undefined,
    count: number,
  ): Promise<TransferPosition[]> => {
    const withScores = (entries: string[]) => {
      const batch: TransferPosition[] = [];
      for (let i = 0; i + 1 < entries.length; i += 2)
        batch.push({ id: entries[i]!, createdAt: Number(entries[i + 1]) });
      return batch;
    };
    if (!position)
      return withScores(await redis.zrevrangebyscore(index, "+inf", "-inf", "WITHSCORES", "LIMIT", 0, count));
    // Records created in the same millisecond as the position (a few), then the older ones.
    const ties = (await redis.zrevrangebyscore(index, position.createdAt, position.createdAt))
      .filter((id) => id < position.id)
      .slice(0, count)
      .map((id) => ({ id, createdAt: position.createdAt }));
    if (ties.length === count) return ties;
    const older = await redis.zrevrangebyscore(
      index,
      `(${position.createdAt}`,
      "-inf",
      "WITHSCORES",
      "LIMIT",
      0,
      count - ties.length,
    );
    return [...ties, ...withScores(older)];
  };

  /** Every tenant's index (SCAN: the keyspace, in steps). */
  const tenantIndexes = async () => (await keysMatching(`${prefix}index:*`)).filter((index) => tenantOf(index));
  /** The keys matching `pattern` (SCAN: the keyspace, in steps), each once. */
  const keysMatching = async (pattern: string) => {
    const found = new Set<string>();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      for (const name of keys) found.add(name);
    } while (cursor !== "0");
    return [...found];
  };

  /**
   * Removes records (expired: `fields` from their JSON) or what is left of them (gone: their
   * fields are read from the fields hash) from every index, in one pipeline (not atomic, and need
   * not be: a record gone or expired stays so).
   */
  const forget = async (tenantId: string | undefined, records: { id: string; fields?: [string, string] }[]) => {
    if (records.length === 0) return;
    const ids = records.map((r) => r.id);
    const unknown = records.filter((r) => !r.fields);
    if (unknown.length > 0) {
      const found = await redis.hmget(key.fields(tenantId), ...unknown.map((r) => r.id));
      for (const [i, r] of unknown.entries()) {
        const entry = found[i];
        if (entry) r.fields = JSON.parse(entry) as [string, string];
      }
    }
    const pipeline = redis.pipeline();
    pipeline.del(...ids.map(key.record));
    pipeline.zrem(key.index(tenantId), ...ids);
    for (const status of STATUSES) pipeline.zrem(key.byStatus(tenantId, status), ...ids);
    for (const { id, fields } of records) {
      if (!fields) continue; // never indexed by filter (written before the filters' indexes and gone before the back-fill)
      pipeline.zrem(key.byRoom(tenantId, fields[0]), id);
      pipeline.zrem(key.byParticipant(tenantId, fields[1]), id);
    }
    pipeline.hdel(key.fields(tenantId), ...ids);
    const failed = (await pipeline.exec())?.find(([error]) => error);
    if (failed) throw failed[0];
  };

  /**
   * Puts the records of a tenant's index (those created at or after `from`, if given) in their
   * filters' indexes, in batches; idempotent. A record that changes while it is read (ended,
   * a webhook attempt) is read again, a few times.
   */
  const reindex = async (index: string, tenantId: string | undefined, from?: number) => {
    const statusKeys = STATUSES.map((status) => key.byStatus(tenantId, status));
    let position: TransferPosition | undefined;
    for (;;) {
      const batch = await entriesAfter(index, position, SWEEP_BATCH);
      const inRange = from === undefined ? batch : batch.filter((entry) => entry.createdAt >= from);
      let ids = inRange.map((entry) => entry.id);
      for (let attempt = 0; attempt < 5 && ids.length > 0; attempt += 1) {
        const jsons = await redis.mget(ids.map(key.record));
        const keys = [key.fields(tenantId), ...statusKeys];
        const args: (string | number)[] = [];
        const gone: { id: string }[] = [];
        for (const [i, id] of ids.entries()) {
          const json = jsons[i];
          const record = parse(json ?? null);
          if (!record) {
            gone.push({ id });
            continue;
          }
          const status = STATUSES.indexOf(record.status);
          keys.push(
            key.record(id),
            key.byRoom(tenantId, record.roomName),
            key.byParticipant(tenantId, record.participantIdentity),
          );
          args.push(json!, id, record.createdAt, status < 0 ? 0 : status + 2, fieldsEntry(record));
        }
        await forget(tenantId, gone);
        ids = keys.length > 5 ? await scripts.indexRecords(keys.length, ...keys, ...args) : [];
      }
      if (batch.length < SWEEP_BATCH || inRange.length < batch.length) return;
      position = batch[batch.length - 1];
    }
  };

  // Set once the filters' indexes hold every record (the back-fill of records written before them
  // is done, by this store or another replica); until then a filtered list scans the tenant's index.
  let filterIndexes: { since: number } | undefined;
  const readSchema = async () => {
    const [version, since] = await redis.hmget(key.schema, "filterIndexes", "filterIndexesSince");
    if (Number(version) >= FILTER_INDEXES_VERSION) filterIndexes = { since: Number(since) };
    return filterIndexes;
  };
  let migrating: Promise<void> | undefined;
  // The one-time back-fill of the filters' indexes (a data migration, versioned in key.schema): at
  // open, or once Redis answers when it did not at open. Replicas opening together may each run it
  // (it is idempotent).
  const migrate = () => {
    migrating ??= (async () => {
      if (filterIndexes || (await readSchema())) return;
      const started = Date.now();
      for (const index of await tenantIndexes()) await reindex(index, tenantOf(index)!.tenantId);
      await redis.hset(key.schema, "filterIndexes", FILTER_INDEXES_VERSION, "filterIndexesSince", started);
      filterIndexes = { since: started };
    })().finally(() => {
      migrating = undefined;
    });
    return migrating;
  };

  const matches = (record: TransferRecord, query: TransferListQuery) =>
    (query.roomName === undefined || record.roomName === query.roomName) &&
    (query.participantIdentity === undefined || record.participantIdentity === query.participantIdentity) &&
    (query.status === undefined || record.status === query.status);

  // A filtered page from the tenant's index, while the filters' indexes are not back-filled yet.
  const scanIndex = async (query: TransferListQuery): Promise<TransferListPage> => {
    const index = key.index(query.tenantId);
    const found: TransferRecord[] = [];
    let scanned = 0;
    let last = query.after;
    while (scanned < SCAN_LIMIT) {
      const batch = await entriesAfter(index, last, SCAN_BATCH);
      scanned += batch.length;
      const records = await load(batch.map((c) => c.id));
      const gone: { id: string }[] = [];
      for (const [i, candidate] of batch.entries()) {
        const record = records[i];
        last = candidate;
        if (!record) {
          gone.push({ id: candidate.id }); // expired: forget it in the indexes too
          continue;
        }
        if (!matches(record, query)) continue;
        found.push(record);
        if (found.length > query.limit) {
          const page = found.slice(0, query.limit);
          const end = page[page.length - 1]!;
          await forget(query.tenantId, gone);
          return { transfers: page, next: { createdAt: end.createdAt, id: end.id } };
        }
      }
      await forget(query.tenantId, gone);
      if (batch.length < SCAN_BATCH) return { transfers: found };
    }
    // Scanned as far as one call may: continue after the last entry looked at.
    return { transfers: found, next: last };
  };

  // A page from `indexes` (the tenant's, or the filters'): the smallest one's entries in order,
  // checked against the others' (ZMSCORE), then their records.
  const walk = async (query: TransferListQuery, indexes: string[]): Promise<TransferListPage> => {
    let walked = indexes[0]!;
    if (indexes.length > 1) {
      const sizes = await Promise.all(indexes.map((index) => redis.zcard(index)));
      walked = indexes[sizes.indexOf(Math.min(...sizes))]!;
    }
    const checks = indexes.filter((index) => index !== walked);
    const batchSize = checks.length > 0 ? CHECKED_BATCH : query.limit + 1;
    const found: TransferRecord[] = [];
    let last = query.after;
    for (let scanned = 0; scanned < WALK_LIMIT;) {
      const batch = await entriesAfter(walked, last, batchSize);
      if (batch.length === 0) return { transfers: found };
      scanned += batch.length;
      let candidates = batch;
      if (checks.length > 0) {
        const ids = batch.map((entry) => entry.id);
        const scores = await Promise.all(checks.map((index) => redis.zmscore(index, ...ids)));
        candidates = batch.filter((_, i) => scores.every((inIndex) => inIndex[i] !== null));
      }
      const records = await load(candidates.map((entry) => entry.id));
      const gone: { id: string }[] = [];
      for (const [i, candidate] of candidates.entries()) {
        const record = records[i];
        if (!record) gone.push({ id: candidate.id });
        else if (matches(record, query)) found.push(record);
        if (found.length > query.limit) {
          await forget(query.tenantId, gone);
          const page = found.slice(0, query.limit);
          const end = page[page.length - 1]!;
          return { transfers: page, next: { createdAt: end.createdAt, id: end.id } };
        }
      }
      await forget(query.tenantId, gone);
      if (batch.length < batchSize) return { transfers: found };
      last = batch[batch.length - 1];
    }
    // Looked at as many entries as one call may: a shorter page, continued after the last entry looked at.
    return { transfers: found, next: last };
  };

  let closed = false;
  redis.on("close", () => {
    if (!closed) availability.down("connection closed");
  });
  redis.on("ready", () => {
    availability.up();
    checkEviction().catch(() => {});
    if (!filterIndexes) migrate().catch(() => {}); // tried again at the next connection
  });
  await connectWithin(redis, options.connectTimeoutMs ?? 5000);
  if (redis.status !== "ready") availability.down("not connected within the connect timeout");
  // A bug (a key of the wrong type…) fails the open; Redis gone meanwhile does not (tried again at
  // the next connection, as above).
  else
    await migrate().catch((error: unknown) => {
      if (!isRedisUnavailable(error)) throw error;
    });

  return {
    description,

    startTransfer: (record) =>
      guard(async (): Promise<StartTransferResult> => {
        const running = await scripts.startTransfer(
          key.record(record.id),
          key.lock(record.roomName, record.participantIdentity),
          key.index(record.tenantId),
          key.deadlines,
          key.byRoom(record.tenantId, record.roomName),
          key.byParticipant(record.tenantId, record.participantIdentity),
          key.byStatus(record.tenantId, "initiated"),
          key.fields(record.tenantId),
          record.id,
          JSON.stringify(toStored(record)),
          options.retentionMs,
          record.createdAt,
          record.deadlineAt,
          key.record(""),
          fieldsEntry(record),
          key.warm(""),
        );
        // A record holding the lock; its record key outlives the lock, so it is always there.
        if (!running) return { started: true };
        if (Array.isArray(running)) return { started: false, heldBy: holderOf(running) };
        return { started: false, running: parse(running)! };
      }),

    endTransfer: (id, end: TransferEnd) =>
      guard(async () => {
        // Read, then compare-and-set: only `initiated` → ended, once, whoever calls first.
        const before = await redis.get(key.record(id));
        const record = parse(before);
        if (!record || record.status !== "initiated") return undefined;
        const ended = endedRecord(record, end);
        const keep = Math.max(1000, options.retentionMs - (end.endedAt - record.createdAt));
        const swapped = await scripts.endTransfer(
          key.record(id),
          key.lock(record.roomName, record.participantIdentity),
          key.deadlines,
          key.webhooksDue,
          key.byStatus(record.tenantId, "initiated"),
          key.byStatus(record.tenantId, ended.status),
          before!,
          JSON.stringify(toStored(ended)),
          keep,
          id,
          ended.webhook?.status === "pending" ? end.endedAt : "",
          record.createdAt,
        );
        return swapped === 1 ? ended : undefined;
      }),

    getTransfer: (id) => guard(async () => parse(await redis.get(key.record(id))), "read"),

    startWarmTransfer: (record) =>
      guard(async (): Promise<StartWarmTransferResult> => {
        const held = await scripts.startWarmTransfer(
          key.warm(record.id),
          key.lock(record.roomName, record.participantIdentity),
          key.warmIndex(record.tenantId),
          key.warmOpen,
          record.id,
          JSON.stringify(record),
          options.retentionMs,
          record.createdAt,
          record.deadlineAt,
          key.record(""),
          key.warm(""),
        );
        return held ? { started: false, heldBy: holderOf(held) } : { started: true };
      }),

    saveWarmTransfer: (record) =>
      guard(
        async () =>
          (await scripts.saveWarmTransfer(
            key.warm(record.id),
            key.lock(record.roomName, record.participantIdentity),
            key.warmOpen,
            key.warmWebhooksDue,
            record.version - 1,
            JSON.stringify(record),
            record.id,
            record.deadlineAt,
            isOpen(record.status) ? "1" : "0",
            !isOpen(record.status) && record.webhook?.status === "pending" ? (record.endedAt ?? record.updatedAt) : "",
            Math.max(
              1000,
              options.retentionMs - (record.updatedAt - record.createdAt),
              record.webhook?.status === "pending" ? KEEP_AFTER_DUE_MS : 0,
            ),
          )) === 1,
      ),

    discardWarmTransfer: (id, version) =>
      guard(async () => {
        const json = await redis.get(key.warm(id));
        if (json === null) return false;
        const record = parseWarm(json);
        const done = await scripts.discardWarmTransfer(
          key.warm(id),
          key.lock(record.roomName, record.participantIdentity),
          key.warmOpen,
          key.warmIndex(record.tenantId),
          version,
          id,
        );
        return done === 1;
      }),

    getWarmTransfer: (id) =>
      guard(async () => {
        const json = await redis.get(key.warm(id));
        return json === null ? undefined : parseWarm(json);
      }, "read"),

    listWarmTransfers: (query) =>
      guard(async (): Promise<WarmTransferListPage> => {
        const index = key.warmIndex(query.tenantId);
        const matches = (r: WarmTransferRecord) =>
          (query.roomName === undefined || r.roomName === query.roomName) &&
          (query.participantIdentity === undefined || r.participantIdentity === query.participantIdentity) &&
          (query.status === undefined || r.status === query.status);
        const found: WarmTransferRecord[] = [];
        let position = query.after;
        for (let walked = 0; walked < WALK_LIMIT;) {
          const entries = await entriesAfter(index, position, CHECKED_BATCH);
          if (entries.length === 0) return { warmTransfers: found };
          const jsons = await redis.mget(entries.map((entry) => key.warm(entry.id)));
          const gone = entries.filter((_, i) => jsons[i] === null).map((entry) => entry.id);
          // Entries of records gone (expired) are forgotten.
          if (gone.length > 0) await redis.zrem(index, ...gone);
          for (const [i, entry] of entries.entries()) {
            const json = jsons[i];
            if (json !== null && json !== undefined && matches(parseWarm(json))) {
              if (found.length === query.limit) {
                const last = found[found.length - 1]!;
                return { warmTransfers: found, next: { createdAt: last.createdAt, id: last.id } };
              }
              found.push(parseWarm(json));
            }
            position = entry;
          }
          walked += entries.length;
        }
        // Walked as far as one call may: a shorter page, and where to go on from.
        return { warmTransfers: found, next: position };
      }, "read"),

    claimWarmWebhookDeliveries: (at, leaseMs, limit) =>
      guard(async () => {
        const claimed: WebhookDelivery<WarmTransferRecord>[] = [];
        for (const id of await redis.zrangebyscore(key.warmWebhooksDue, "-inf", at, "LIMIT", 0, limit)) {
          // Read, then compare-and-set the whole JSON: one claim per attempt across replicas.
          const before = await redis.get(key.warm(id));
          const record = before === null ? undefined : parseWarm(before);
          if (record?.webhook?.status !== "pending") {
            await redis.zrem(key.warmWebhooksDue, id);
            continue;
          }
          const attempt = record.webhook.attempts + 1;
          const after: WarmTransferRecord = { ...record, webhook: { status: "pending", attempts: attempt } };
          const done = await scripts.finishWebhook(
            key.warm(id),
            key.warmWebhooksDue,
            before!,
            JSON.stringify(after),
            id,
            at + leaseMs,
            leaseMs + KEEP_AFTER_DUE_MS,
          );
          if (done === 1) claimed.push({ transfer: after, attempt });
        }
        return claimed;
      }, "read"),

    finishWarmWebhookAttempt: (id, attempt, result: WebhookAttemptResult) =>
      guard(async () => {
        const before = await redis.get(key.warm(id));
        const record = before === null ? undefined : parseWarm(before);
        if (record?.webhook?.status !== "pending" || record.webhook.attempts !== attempt) return false;
        const attempts = result.status === "pending" && result.giveBack ? attempt - 1 : attempt;
        const next = result.status === "pending" ? result.retryAt : "";
        const keep = result.status === "pending" ? Math.max(0, result.retryAt - Date.now()) + KEEP_AFTER_DUE_MS : 0;
        const done = await scripts.finishWebhook(
          key.warm(id),
          key.warmWebhooksDue,
          before!,
          JSON.stringify({ ...record, webhook: { status: result.status, attempts } }),
          id,
          next,
          keep,
        );
        return done === 1;
      }),

    nextWarmWebhookDueAt: () =>
      guard(async () => {
        const [, score] = await redis.zrange(key.warmWebhooksDue, 0, 0, "WITHSCORES");
        return score === undefined ? undefined : Number(score);
      }, "read"),

    openWarmTransfers: (limit) =>
      guard(async () => {
        const ids = await redis.zrange(key.warmOpen, 0, limit - 1);
        if (ids.length === 0) return [];
        const jsons = await redis.mget(ids.map(key.warm));
        const gone = ids.filter((_, i) => jsons[i] === null);
        if (gone.length > 0) await redis.zrem(key.warmOpen, ...gone);
        return jsons
          .filter((json): json is string => json !== null)
          .map(parseWarm)
          .filter((record) => isOpen(record.status));
      }, "read"),

    listTransfers: (query: TransferListQuery) =>
      guard(async (): Promise<TransferListPage> => {
        const filters = [
          ...(query.roomName === undefined ? [] : [key.byRoom(query.tenantId, query.roomName)]),
          ...(query.participantIdentity === undefined
            ? []
            : [key.byParticipant(query.tenantId, query.participantIdentity)]),
          ...(query.status === undefined ? [] : [key.byStatus(query.tenantId, query.status)]),
        ];
        if (filters.length === 0) return walk(query, [key.index(query.tenantId)]);
        if (!(filterIndexes ?? (await readSchema()))) return scanIndex(query);
        return walk(query, filters);
      }, "read"),

    overdueTransfers: (at, limit) =>
      guard(async () => {
        const ids = await redis.zrangebyscore(key.deadlines, "-inf", `(${at}`, "LIMIT", 0, limit);
        const records = await load(ids);
        const stale = ids.filter((_, i) => records[i]?.status !== "initiated");
        if (stale.length > 0) await redis.zrem(key.deadlines, ...stale);
        return records.filter((r): r is TransferRecord => r?.status === "initiated");
      }, "read"),

    claimWebhookDeliveries: (at, leaseMs, limit) =>
      guard(async () => {
        const claimed = await scripts.claimWebhooks(
          key.webhooksDue,
          at,
          at + leaseMs,
          limit,
          key.record(""),
          leaseMs + KEEP_AFTER_DUE_MS,
        );
        return claimed.map((json): WebhookDelivery => {
          const transfer = parse(json)!;
          return { transfer, attempt: transfer.webhook!.attempts };
        });
      }, "read"),

    finishWebhookAttempt: (id, attempt, result: WebhookAttemptResult) =>
      guard(async () => {
        const before = await redis.get(key.record(id));
        const record = parse(before);
        if (!record || record.webhook?.status !== "pending" || record.webhook.attempts !== attempt) return false;
        const attempts = result.status === "pending" && result.giveBack ? attempt - 1 : attempt;
        const after: TransferRecord = { ...record, webhook: { status: result.status, attempts } };
        const next = result.status === "pending" ? result.retryAt : "";
        const keep = result.status === "pending" ? Math.max(0, result.retryAt - Date.now()) + KEEP_AFTER_DUE_MS : 0;
        const done = await scripts.finishWebhook(
          key.record(id),
          key.webhooksDue,
          before!,
          JSON.stringify(toStored(after)),
          id,
          next,
          keep,
        );
        return done === 1;
      }),

    claimIdempotencyKey: (scope, name, fingerprint, leaseMs, transfer) =>
      guard(async (): Promise<IdempotencyClaim> => {
        const at = Date.now();
        const [first, state, third] = await scripts.claimKey(
          key.idempotency(scope, name),
          fingerprint,
          at,
          at + leaseMs,
          transfer?.id ?? "",
          Math.max(leaseMs, transfer?.keepMs ?? 0),
          key.record(""),
          key.warm(""),
        );
        if (first === "claimed" && state === undefined) return { state: "claimed" };
        if (first !== fingerprint) return { state: "mismatch" };
        if (state === "started" && third) return { state: "started", transferId: third };
        if (state !== "completed" || !third) return { state: "in_progress" };
        return { state: "completed", answer: JSON.parse(third) as StoredAnswer };
      }),

    completeIdempotencyKey: (scope, name, fingerprint, answer, ttlMs) =>
      guard(async () => {
        await scripts.completeKey(key.idempotency(scope, name), fingerprint, JSON.stringify(answer), ttlMs);
      }),

    releaseIdempotencyKey: (scope, name, fingerprint) =>
      guard(async () => {
        await scripts.releaseKey(key.idempotency(scope, name), fingerprint);
      }),

    // Redis expires records and keys on its own clock; this also removes ended records older
    // than `olderThan` (and index entries of records already gone), like the SQLite store.
    // An id whose record is gone or no longer pending may still be listed (the next claim drops
    // it): the answer may be early, never late.
    nextWebhookDueAt: () =>
      guard(async () => {
        const [, score] = await redis.zrange(key.webhooksDue, 0, 0, "WITHSCORES");
        return score === undefined ? undefined : Number(score);
      }, "read"),

    removeExpired: (_at, olderThan) =>
      guard(async () => {
        if (!filterIndexes) await migrate(); // failed at open (Redis refused writes…): again
        const indexes = await tenantIndexes();
        for (const index of indexes) {
          const { tenantId } = tenantOf(index)!;
          // Entries kept (running, webhook pending) stay first among the old ones: skip past them.
          let kept = 0;
          for (let looked = 0; looked < SWEEP_LIMIT; looked += SWEEP_BATCH) {
            const ids = await redis.zrangebyscore(index, "-inf", `(${olderThan}`, "LIMIT", kept, SWEEP_BATCH);
            const records = await load(ids);
            const removed: { id: string; fields?: [string, string] }[] = [];
            for (const [i, id] of ids.entries()) {
              const record = records[i];
              if (!record) removed.push({ id });
              else if (record.status !== "initiated" && record.webhook?.status !== "pending")
                removed.push({ id, fields: [record.roomName, record.participantIdentity] });
              else kept += 1;
            }
            await forget(tenantId, removed);
            if (ids.length < SWEEP_BATCH) break;
          }
        }
        // Warm transfers expire with their keys; their index entries go here (and when a list meets them).
        for (const index of await keysMatching(`${prefix}warm-index:*`)) {
          // Entries of records still there (open, or a webhook due) stay first among the old ones: skip past them.
          let kept = 0;
          for (let looked = 0; looked < SWEEP_LIMIT; looked += SWEEP_BATCH) {
            const ids = await redis.zrangebyscore(index, "-inf", `(${olderThan}`, "LIMIT", kept, SWEEP_BATCH);
            if (ids.length === 0) break;
            const jsons = await redis.mget(ids.map(key.warm));
            const gone = ids.filter((_, i) => jsons[i] === null);
            if (gone.length > 0) await redis.zrem(index, ...gone);
            kept += ids.length - gone.length;
            if (ids.length < SWEEP_BATCH) break;
          }
        }
        // Records written meanwhile by replicas of the previous version (a rolling upgrade).
        const since = filterIndexes?.since;
        if (since !== undefined && Date.now() - since < CATCH_UP_MS) {
          for (const index of indexes) await reindex(index, tenantOf(index)!.tenantId, since - CATCH_UP_MARGIN_MS);
        }
      }),

    ping: () =>
      guard(async () => {
        await redis.ping();
      }, "read"),

    // A real write (a Redis that refuses writes — out of memory under noeviction, too few
    // replicas, a read-only replica, a failed save — fails here), and the eviction policy.
    checkReady: () =>
      guard(async (): Promise<StoreReadiness> => {
        await redis.set(`${prefix}ready-probe`, String(Date.now()), "PX", 60_000);
        await checkEviction();
        return { warnings: evictionWarning ? [evictionWarning] : [] };
      }),

    close: async () => {
      closed = true;
      redis.disconnect();
    },
  };
}

/**
 * Redis' `maxmemory-policy`: CONFIG GET, or INFO memory where CONFIG is not allowed (managed
 * Redis services rename or forbid it); undefined when neither is allowed or says.
 */
async function maxmemoryPolicy(redis: Redis): Promise<string | undefined> {
  try {
    const [, policy] = (await redis.config("GET", "maxmemory-policy")) as string[];
    if (policy) return policy;
  } catch (error) {
    if (isRedisUnavailable(error)) throw error;
  }
  try {
    return /^maxmemory_policy:(\S+)/m.exec(await redis.info("memory"))?.[1];
  } catch (error) {
    // Neither allowed (an ACL user without them): the policy is not known, no warning.
    if (isRedisUnavailable(error)) throw error;
    return undefined;
  }
}

const evictionRisk = (policy: string) =>
  `Redis maxmemory-policy is ${policy}, not noeviction: when Redis reaches maxmemory it may evict transfer records, ` +
  "participant locks and Idempotency-Keys without a word (set maxmemory-policy noeviction)";
