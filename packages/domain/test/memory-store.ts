import { type TransferRecord, type TransferStore, endedRecord } from "../src/index.js";

/**
 * The smallest TransferStore for the domain's unit tests (the real adapters live in
 * @sip-transfer/store and pass the shared conformance suite; the server's tests use them).
 */
export function memoryStore(): TransferStore & { records: Map<string, TransferRecord> } {
  const records = new Map<string, TransferRecord>();
  const due = new Map<string, number>(); // webhook outbox: id → when its next attempt is due
  const holder = (r: TransferRecord) =>
    [...records.values()].find(
      (x) => x.status === "initiated" && x.roomName === r.roomName && x.participantIdentity === r.participantIdentity,
    );
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
      if (ended.webhook?.status === "pending") due.set(id, end.endedAt);
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
    async claimWebhookDeliveries(now, leaseMs, limit) {
      const ids = [...due]
        .filter(([, at]) => at <= now)
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit)
        .map(([id]) => id);
      return ids.map((id) => {
        const record = records.get(id)!;
        const attempt = record.webhook!.attempts + 1;
        const transfer = { ...record, webhook: { status: "pending" as const, attempts: attempt } };
        records.set(id, transfer);
        due.set(id, now + leaseMs);
        return { transfer, attempt };
      });
    },
    async finishWebhookAttempt(id, attempt, result) {
      const record = records.get(id);
      if (
        !record?.webhook ||
        record.webhook.status !== "pending" ||
        record.webhook.attempts !== attempt ||
        !due.has(id)
      )
        return false;
      const attempts = result.status === "pending" && result.giveBack ? attempt - 1 : attempt;
      records.set(id, { ...record, webhook: { status: result.status, attempts } });
      if (result.status === "pending") due.set(id, result.retryAt);
      else due.delete(id);
      return true;
    },
    async nextWebhookDueAt() {
      return due.size === 0 ? undefined : Math.min(...due.values());
    },
    async removeExpired() {},
    async ping() {},
    async checkReady() {
      return { warnings: [] };
    },
    async close() {},
  };
}
