import { type TransferRecord, endedRecord } from "../transfer.js";
import type { TransferStore } from "../transfer-store.js";
import { type WarmTransferRecord, isOpen } from "../warm-transfer.js";
import type { LockHolder, WarmTransferStore } from "../warm-transfer-store.js";

/**
 * A TransferStore in memory, for unit tests (the domain's own): the real adapters are in
 * @sip-transfer/store, and this one passes the same conformance suite as they do (the store
 * package runs it), so a test on it tells what the real stores do. Not for production: nothing
 * outlives the process, and nothing is shared between processes.
 */
export function memoryStore(): TransferStore &
  WarmTransferStore & { records: Map<string, TransferRecord>; warmRecords: Map<string, WarmTransferRecord> } {
  const records = new Map<string, TransferRecord>();
  const warmRecords = new Map<string, WarmTransferRecord>();
  /** The warm transfers' webhook outbox: id → when its next attempt is due. */
  const warmDue = new Map<string, number>();
  /** The open warm transfer holding a caller's lock. */
  const warmHolder = (r: { roomName: string; participantIdentity: string }): LockHolder | undefined => {
    const found = [...warmRecords.values()].find(
      (x) => isOpen(x.status) && x.roomName === r.roomName && x.participantIdentity === r.participantIdentity,
    );
    return found && { kind: "warm_transfer", id: found.id, tenantId: found.tenantId };
  };
  /** The webhook outbox: transfer id → when its next attempt is due (a claim: when its lease ends). */
  const due = new Map<string, number>();
  const copy = (record: TransferRecord): TransferRecord => structuredClone(record);
  const holder = (r: { roomName: string; participantIdentity: string }) =>
    [...records.values()].find(
      (x) => x.status === "initiated" && x.roomName === r.roomName && x.participantIdentity === r.participantIdentity,
    );
  const newestFirst = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
    b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
  return {
    records,
    warmRecords,
    description: "memory",
    async startWarmTransfer(record) {
      const running = holder(record);
      if (running) return { started: false, heldBy: { kind: "transfer", id: running.id, tenantId: running.tenantId } };
      const warm = warmHolder(record);
      if (warm) return { started: false, heldBy: warm };
      warmRecords.set(record.id, structuredClone(record));
      return { started: true };
    },
    async saveWarmTransfer(record) {
      const stored = warmRecords.get(record.id);
      if (!stored || stored.version !== record.version - 1) return false;
      warmRecords.set(record.id, structuredClone(record));
      if (!isOpen(record.status) && record.webhook?.status === "pending")
        warmDue.set(record.id, record.endedAt ?? record.updatedAt);
      return true;
    },
    async discardWarmTransfer(id, version) {
      const stored = warmRecords.get(id);
      if (!stored || stored.version !== version || !isOpen(stored.status)) return false;
      warmRecords.delete(id);
      return true;
    },
    async getWarmTransfer(id) {
      const record = warmRecords.get(id);
      return record && structuredClone(record);
    },
    async listWarmTransfers(query) {
      const after = query.after;
      const matching = [...warmRecords.values()]
        .filter(
          (r) =>
            r.tenantId === query.tenantId &&
            (query.roomName === undefined || r.roomName === query.roomName) &&
            (query.participantIdentity === undefined || r.participantIdentity === query.participantIdentity) &&
            (query.status === undefined || r.status === query.status) &&
            (!after || r.createdAt < after.createdAt || (r.createdAt === after.createdAt && r.id < after.id)),
        )
        .sort(newestFirst);
      const warmTransfers = matching.slice(0, query.limit).map((r) => structuredClone(r));
      const last = warmTransfers.at(-1);
      return {
        warmTransfers,
        next: matching.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      };
    },
    async claimWarmWebhookDeliveries(now, leaseMs, limit) {
      const ids = [...warmDue]
        .filter(([, at]) => at <= now)
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit)
        .map(([id]) => id);
      return ids.map((id) => {
        const record = warmRecords.get(id)!;
        const attempt = record.webhook!.attempts + 1;
        const claimed = { ...record, webhook: { status: "pending" as const, attempts: attempt } };
        warmRecords.set(id, claimed);
        warmDue.set(id, now + leaseMs);
        return { transfer: structuredClone(claimed), attempt };
      });
    },
    async finishWarmWebhookAttempt(id, attempt, result) {
      const record = warmRecords.get(id);
      if (record?.webhook?.status !== "pending" || record.webhook.attempts !== attempt || !warmDue.has(id))
        return false;
      const attempts = result.status === "pending" && result.giveBack ? attempt - 1 : attempt;
      warmRecords.set(id, { ...record, webhook: { status: result.status, attempts } });
      if (result.status === "pending") warmDue.set(id, result.retryAt);
      else warmDue.delete(id);
      return true;
    },
    async nextWarmWebhookDueAt() {
      return warmDue.size === 0 ? undefined : Math.min(...warmDue.values());
    },
    async openWarmTransfers(limit) {
      return [...warmRecords.values()]
        .filter((r) => isOpen(r.status))
        .sort((a, b) => a.deadlineAt - b.deadlineAt)
        .slice(0, limit)
        .map((r) => structuredClone(r));
    },
    async startTransfer(record) {
      const running = holder(record);
      if (running) return { started: false, running: copy(running) };
      const warm = warmHolder(record);
      if (warm) return { started: false, heldBy: warm };
      records.set(record.id, copy(record));
      return { started: true };
    },
    async endTransfer(id, end) {
      const record = records.get(id);
      if (!record || record.status !== "initiated") return undefined;
      const ended = endedRecord(record, end);
      records.set(id, ended);
      if (ended.webhook?.status === "pending") due.set(id, end.endedAt);
      return copy(ended);
    },
    async getTransfer(id) {
      const record = records.get(id);
      return record && copy(record);
    },
    async listTransfers(query) {
      const after = query.after;
      const matching = [...records.values()]
        .filter(
          (r) =>
            r.tenantId === query.tenantId &&
            (query.roomName === undefined || r.roomName === query.roomName) &&
            (query.participantIdentity === undefined || r.participantIdentity === query.participantIdentity) &&
            (query.status === undefined || r.status === query.status) &&
            (!after || r.createdAt < after.createdAt || (r.createdAt === after.createdAt && r.id < after.id)),
        )
        .sort(newestFirst);
      const transfers = matching.slice(0, query.limit).map(copy);
      const last = transfers.at(-1);
      return {
        transfers,
        next: matching.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined,
      };
    },
    async overdueTransfers(now, limit) {
      return [...records.values()]
        .filter((r) => r.status === "initiated" && r.deadlineAt < now)
        .sort((a, b) => a.deadlineAt - b.deadlineAt)
        .slice(0, limit)
        .map(copy);
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
        return { transfer: copy(transfer), attempt };
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
    async removeExpired(_now, olderThan) {
      for (const [id, r] of records) {
        if (r.status !== "initiated" && r.createdAt < olderThan && r.webhook?.status !== "pending") records.delete(id);
      }
      for (const [id, r] of warmRecords) {
        if (!isOpen(r.status) && r.createdAt < olderThan && r.webhook?.status !== "pending") warmRecords.delete(id);
      }
    },
    async ping() {},
    async checkReady() {
      return { warnings: [] };
    },
    async close() {},
  };
}
