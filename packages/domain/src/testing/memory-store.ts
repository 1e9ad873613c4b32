import { type TransferRecord, endedRecord } from "../transfer.js";
import type { TransferPosition, TransferStore } from "../transfer-store.js";
import type { WebhookAttemptResult, WebhookDelivery, WebhookRecord } from "../webhook-outbox.js";
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
  const warmOutbox = outboxOver(warmRecords);
  const warmDue = warmOutbox.due;
  /** The open warm transfer holding a caller's lock. */
  const warmHolder = (r: { roomName: string; participantIdentity: string }): LockHolder | undefined => {
    const found = [...warmRecords.values()].find(
      (x) => isOpen(x.status) && x.roomName === r.roomName && x.participantIdentity === r.participantIdentity,
    );
    return found && { kind: "warm_transfer", id: found.id, tenantId: found.tenantId };
  };
  const outbox = outboxOver(records);
  const due = outbox.due;
  const copy = (record: TransferRecord): TransferRecord => structuredClone(record);
  const holder = (r: { roomName: string; participantIdentity: string }) =>
    [...records.values()].find(
      (x) => x.status === "initiated" && x.roomName === r.roomName && x.participantIdentity === r.participantIdentity,
    );
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
      const { page, next } = pageOf(warmRecords.values(), query);
      return { warmTransfers: page, next };
    },
    claimWarmWebhookDeliveries: async (now, leaseMs, limit) => warmOutbox.claim(now, leaseMs, limit),
    finishWarmWebhookAttempt: async (id, attempt, result) => warmOutbox.finish(id, attempt, result),
    nextWarmWebhookDueAt: async () => warmOutbox.nextDueAt(),
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
      const { page, next } = pageOf(records.values(), query);
      return { transfers: page, next };
    },
    async overdueTransfers(now, limit) {
      return [...records.values()]
        .filter((r) => r.status === "initiated" && r.deadlineAt < now)
        .sort((a, b) => a.deadlineAt - b.deadlineAt)
        .slice(0, limit)
        .map(copy);
    },
    claimWebhookDeliveries: async (now, leaseMs, limit) => outbox.claim(now, leaseMs, limit),
    finishWebhookAttempt: async (id, attempt, result) => outbox.finish(id, attempt, result),
    nextWebhookDueAt: async () => outbox.nextDueAt(),
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

/**
 * A webhook outbox over one map of records (transfers, or warm transfers): `due` maps an id to when
 * its next attempt is due (a claim: when its lease ends).
 */
function outboxOver<R extends WebhookRecord>(records: Map<string, R>) {
  const due = new Map<string, number>();
  return {
    due,
    claim(now: number, leaseMs: number, limit: number): WebhookDelivery<R>[] {
      const ids = [...due]
        .filter(([, at]) => at <= now)
        .sort((a, b) => a[1] - b[1])
        .slice(0, limit)
        .map(([id]) => id);
      return ids.map((id) => {
        const record = records.get(id)!;
        const attempt = record.webhook!.attempts + 1;
        const claimed = { ...record, webhook: { status: "pending" as const, attempts: attempt } };
        records.set(id, claimed);
        due.set(id, now + leaseMs);
        return { transfer: structuredClone(claimed), attempt };
      });
    },
    finish(id: string, attempt: number, result: WebhookAttemptResult): boolean {
      const record = records.get(id);
      if (record?.webhook?.status !== "pending" || record.webhook.attempts !== attempt || !due.has(id)) return false;
      const attempts = result.status === "pending" && result.giveBack ? attempt - 1 : attempt;
      records.set(id, { ...record, webhook: { status: result.status, attempts } });
      if (result.status === "pending") due.set(id, result.retryAt);
      else due.delete(id);
      return true;
    },
    nextDueAt(): number | undefined {
      return due.size === 0 ? undefined : Math.min(...due.values());
    },
  };
}

interface Listed {
  tenantId: string | undefined;
  roomName: string;
  participantIdentity: string;
  status: string;
  createdAt: number;
  id: string;
}

/** A tenant's records matching the query, newest first (createdAt, then id), after `after`: one page. */
function pageOf<R extends Listed>(
  all: Iterable<R>,
  query: {
    tenantId: string | undefined;
    roomName?: string | undefined;
    participantIdentity?: string | undefined;
    status?: string | undefined;
    limit: number;
    after?: TransferPosition | undefined;
  },
): { page: R[]; next: TransferPosition | undefined } {
  const after = query.after;
  const matching = [...all]
    .filter(
      (r) =>
        r.tenantId === query.tenantId &&
        (query.roomName === undefined || r.roomName === query.roomName) &&
        (query.participantIdentity === undefined || r.participantIdentity === query.participantIdentity) &&
        (query.status === undefined || r.status === query.status) &&
        (!after || r.createdAt < after.createdAt || (r.createdAt === after.createdAt && r.id < after.id)),
    )
    .sort((a, b) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
  const page = matching.slice(0, query.limit).map((r) => structuredClone(r));
  const last = page.at(-1);
  return { page, next: matching.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}
