import {
  type IdempotencyClaim,
  type StoredAnswer,
  type TransferRecord,
  type TransferStore,
  endedRecord,
} from "../src/index.js";

/**
 * The smallest TransferStore for the domain's unit tests (the real adapters live in
 * @sip-transfer/store and pass the shared conformance suite; the server's tests use them).
 */
export function memoryStore(): TransferStore & { records: Map<string, TransferRecord> } {
  const records = new Map<string, TransferRecord>();
  const keys = new Map<string, { fingerprint: string; answer?: StoredAnswer }>();
  const holder = (r: TransferRecord) =>
    [...records.values()].find((x) => x.status === "initiated" && x.roomName === r.roomName && x.participantIdentity === r.participantIdentity);
  return {
    records,
    description: "memory",
    async startTransfer(record) {
      const running = holder(record);
      if (running) return { started: false, running };
      records.set(record.id, record);
      return { started: true };
    },
    async endTransfer(id, end) {
      const record = records.get(id);
      if (!record || record.status !== "initiated") return undefined;
      const ended = endedRecord(record, end);
      records.set(id, ended);
      return ended;
    },
    async getTransfer(id) {
      return records.get(id);
    },
    async listTransfers(query) {
      const all = [...records.values()]
        .filter((r) => r.tenantId === query.tenantId)
        .sort((a, b) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : 1));
      return { transfers: all.slice(0, query.limit) };
    },
    async overdueTransfers(now) {
      return [...records.values()].filter((r) => r.status === "initiated" && r.deadlineAt < now);
    },
    async claimIdempotencyKey(scope, key, fingerprint): Promise<IdempotencyClaim> {
      const found = keys.get(`${scope} ${key}`);
      if (!found) {
        keys.set(`${scope} ${key}`, { fingerprint });
        return { state: "claimed" };
      }
      if (found.fingerprint !== fingerprint) return { state: "mismatch" };
      return found.answer ? { state: "completed", answer: found.answer } : { state: "in_progress" };
    },
    async completeIdempotencyKey(scope, key, fingerprint, answer) {
      keys.set(`${scope} ${key}`, { fingerprint, answer });
    },
    async releaseIdempotencyKey(scope, key) {
      keys.delete(`${scope} ${key}`);
    },
    async removeExpired() {},
    async ping() {},
    async close() {},
  };
}
