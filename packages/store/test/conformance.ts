import { randomUUID } from "node:crypto";
import {
  type TransferListQuery,
  type TransferPosition,
  type TransferRecord,
  type TransferStore,
  type WarmTransferRecord,
  type WarmTransferStore,
  newTransferId,
  newWarmTransferId,
} from "@sip-transfer/domain";
import type { SipTransferStore } from "../src/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

export interface ConformanceTarget<S extends TransferStore = TransferStore> {
  /** A fresh, empty store. */
  open(): Promise<S>;
  /** A second store on the same data as the last `open()` (another replica or process), if the adapter has one. */
  openSibling?: () => Promise<S>;
}

/** Opens a fresh store before each case (and closes every store a case opened after it). */
function freshStores<S extends TransferStore>(target: ConformanceTarget<S>) {
  let store: S;
  const opened: S[] = [];
  beforeEach(async () => {
    store = await target.open();
    opened.push(store);
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  return { store: () => store, opened };
}

/** Both suites, for an adapter: the domain's TransferStore and the server's IdempotencyKeyStore. */
export function describeSipTransferStore(name: string, target: ConformanceTarget<SipTransferStore>) {
  describeTransferStore(name, target);
  describeWarmTransferStore(name, target);
  describeIdempotencyKeyStore(name, target);
}

export function warmRecord(overrides: Partial<WarmTransferRecord> = {}): WarmTransferRecord {
  const createdAt = overrides.createdAt ?? T0;
  const id = overrides.id ?? newWarmTransferId();
  return {
    id,
    tenantId: "tenant-a",
    status: "dialing",
    roomName: "call-room-123",
    participantIdentity: "sip_participant_456",
    transferTo: "tel:+15551234567",
    consultIdentity: `consult_${id}`,
    agentIdentity: "agent-1",
    trunkId: "ST_outbound",
    hold: { canSubscribe: true, mutedTrackSids: ["TR_caller"] },
    createdAt,
    updatedAt: createdAt,
    deadlineAt: createdAt + 60_000,
    requestId: randomUUID(),
    version: 1,
    ...overrides,
  };
}

/** What the warm transfer use case relies on from its store, and the lock it shares with transfers. */
export function describeWarmTransferStore(name: string, target: ConformanceTarget<TransferStore & WarmTransferStore>) {
  describe(`WarmTransferStore conformance: ${name}`, () => {
    const fresh = freshStores(target);
    let store: TransferStore & WarmTransferStore;
    beforeEach(() => {
      store = fresh.store();
    });

    it("saves and reads a record as it was written, tenant and anonymous", async () => {
      const first = warmRecord();
      const anonymous = warmRecord({ tenantId: undefined, participantIdentity: "other", agentIdentity: undefined });
      expect(await store.startWarmTransfer(first)).toEqual({ started: true });
      expect(await store.startWarmTransfer(anonymous)).toEqual({ started: true });
      expect(await store.getWarmTransfer(first.id)).toEqual(first);
      expect(await store.getWarmTransfer(anonymous.id)).toEqual(anonymous);
      expect(await store.getWarmTransfer("wt_unknown")).toBeUndefined();
    });

    it("shares the caller's lock with transfers, both ways, and frees it when the record ends", async () => {
      const warm = warmRecord();
      expect(await store.startWarmTransfer(warm)).toEqual({ started: true });
      expect(await store.startWarmTransfer(warmRecord())).toEqual({
        started: false,
        heldBy: { kind: "warm_transfer", id: warm.id, tenantId: "tenant-a" },
      });
      expect(await store.startTransfer(record({ tenantId: undefined }))).toEqual({
        started: false,
        heldBy: { kind: "warm_transfer", id: warm.id, tenantId: "tenant-a" },
      });
      // Another caller of the same room is free.
      expect(await store.startWarmTransfer(warmRecord({ participantIdentity: "someone-else" }))).toEqual({
        started: true,
      });
      // Moving on while open keeps the lock; ending frees it.
      const consulting = { ...warm, status: "consulting" as const, version: 2 };
      expect(await store.saveWarmTransfer(consulting)).toBe(true);
      expect((await store.startWarmTransfer(warmRecord())).started).toBe(false);
      expect(await store.saveWarmTransfer({ ...consulting, status: "completed", endedAt: T0 + 5, version: 3 })).toBe(
        true,
      );
      const cold = record();
      expect(await store.startTransfer(cold)).toEqual({ started: true });
      expect(await store.startWarmTransfer(warmRecord({ tenantId: undefined }))).toEqual({
        started: false,
        heldBy: { kind: "transfer", id: cold.id, tenantId: "tenant-a" },
      });
      await store.endTransfer(cold.id, { status: "completed", endedAt: T0 + 10 });
      expect((await store.startWarmTransfer(warmRecord())).started).toBe(true);
    });

    it("discards an open record at its version with its lock (a refused start leaves nothing), never an ended one", async () => {
      const warm = warmRecord();
      await store.startWarmTransfer(warm);
      expect(await store.discardWarmTransfer(warm.id, 2)).toBe(false);
      expect(await store.discardWarmTransfer(warm.id, 1)).toBe(true);
      expect(await store.getWarmTransfer(warm.id)).toBeUndefined();
      expect(await store.openWarmTransfers(10)).toEqual([]);
      expect((await store.listWarmTransfers({ tenantId: "tenant-a", limit: 10 })).warmTransfers).toEqual([]);
      expect(await store.startTransfer(record())).toEqual({ started: true });
      const ended = warmRecord({ participantIdentity: "other" });
      await store.startWarmTransfer(ended);
      await store.saveWarmTransfer({ ...ended, status: "failed", endedAt: T0, version: 2 });
      expect(await store.discardWarmTransfer(ended.id, 2)).toBe(false);
      expect(await store.getWarmTransfer(ended.id)).toBeDefined();
      expect(await store.discardWarmTransfer("wt_unknown", 1)).toBe(false);
    });

    it("writes over the version it was read at only (compare-and-set)", async () => {
      const warm = warmRecord();
      await store.startWarmTransfer(warm);
      const a = { ...warm, status: "consulting" as const, answeredAt: T0 + 1, version: 2 };
      const b = { ...warm, ending: { status: "cancelled" as const }, version: 2 };
      expect(await store.saveWarmTransfer(a)).toBe(true);
      expect(await store.saveWarmTransfer(b)).toBe(false);
      expect(await store.saveWarmTransfer({ ...a, version: 4 })).toBe(false);
      expect(await store.getWarmTransfer(warm.id)).toEqual(a);
      expect(await store.saveWarmTransfer(warmRecord({ version: 2 }))).toBe(false); // never saved
    });

    it("lists open records earliest deadline first, of every tenant, and no ended one", async () => {
      const late = warmRecord({ deadlineAt: T0 + 90_000, participantIdentity: "a" });
      const early = warmRecord({ deadlineAt: T0 + 30_000, participantIdentity: "b", tenantId: "tenant-b" });
      const ended = warmRecord({ participantIdentity: "c" });
      for (const r of [late, early, ended]) await store.startWarmTransfer(r);
      await store.saveWarmTransfer({ ...ended, status: "failed", endedAt: T0, version: 2 });
      const moved = { ...late, status: "consulting" as const, deadlineAt: T0 + 10_000, version: 2 };
      await store.saveWarmTransfer(moved);
      expect((await store.openWarmTransfers(10)).map((r) => r.id)).toEqual([moved.id, early.id]);
      expect((await store.openWarmTransfers(1)).map((r) => r.id)).toEqual([moved.id]);
    });

    it("lists a tenant's records newest first, filtered, page by page", async () => {
      const records = Array.from({ length: 5 }, (_, i) =>
        warmRecord({ createdAt: T0 + i * 1000, participantIdentity: `caller-${i % 2}`, roomName: `room-${i}` }),
      );
      // Same millisecond: ties go by id.
      records.push(warmRecord({ createdAt: T0 + 4000, participantIdentity: "caller-2", roomName: "room-5" }));
      for (const r of records) await store.startWarmTransfer(r);
      await store.startWarmTransfer(warmRecord({ tenantId: "tenant-b", participantIdentity: "x" }));
      const expected = [...records]
        .sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : 1))
        .map((r) => r.id);
      const ids: string[] = [];
      let after: TransferPosition | undefined;
      do {
        const page = await store.listWarmTransfers({ tenantId: "tenant-a", limit: 4, after });
        ids.push(...page.warmTransfers.map((r) => r.id));
        after = page.next;
      } while (after);
      expect(ids).toEqual(expected);
      const byCaller = await store.listWarmTransfers({
        tenantId: "tenant-a",
        participantIdentity: "caller-1",
        limit: 10,
      });
      expect(byCaller.warmTransfers.map((r) => r.participantIdentity)).toEqual(["caller-1", "caller-1"]);
      const byRoom = await store.listWarmTransfers({ tenantId: "tenant-a", roomName: "room-2", limit: 10 });
      expect(byRoom.warmTransfers.map((r) => r.roomName)).toEqual(["room-2"]);
      await store.saveWarmTransfer({ ...records[0]!, status: "cancelled", endedAt: T0, version: 2 });
      const cancelled = await store.listWarmTransfers({ tenantId: "tenant-a", status: "cancelled", limit: 10 });
      expect(cancelled.warmTransfers.map((r) => r.id)).toEqual([records[0]!.id]);
      expect((await store.listWarmTransfers({ tenantId: undefined, limit: 10 })).warmTransfers).toEqual([]);
    });

    it("the webhook outbox: an ended record with a pending webhook is due at its end, claimed once per attempt, finished once", async () => {
      const webhook = { status: "pending" as const, attempts: 0 };
      const warm = warmRecord({ webhook });
      const quiet = warmRecord({ participantIdentity: "other" });
      await store.startWarmTransfer(warm);
      await store.startWarmTransfer(quiet);
      // Open: nothing is due.
      expect(await store.claimWarmWebhookDeliveries(T0 + 100_000, 1000, 10)).toEqual([]);
      expect(await store.nextWarmWebhookDueAt()).toBeUndefined();
      const ended = { ...warm, status: "completed" as const, endedAt: T0 + 50, updatedAt: T0 + 50, version: 2 };
      await store.saveWarmTransfer(ended);
      await store.saveWarmTransfer({ ...quiet, status: "cancelled", endedAt: T0 + 60, version: 2 });
      expect(await store.nextWarmWebhookDueAt()).toBe(T0 + 50);
      expect(await store.claimWarmWebhookDeliveries(T0 + 49, 1000, 10)).toEqual([]);

      const [claimed, ...rest] = await store.claimWarmWebhookDeliveries(T0 + 100, 1000, 10);
      expect(rest).toEqual([]);
      expect(claimed).toEqual({ transfer: { ...ended, webhook: { status: "pending", attempts: 1 } }, attempt: 1 });
      // Leased: not due again until the lease ends.
      expect(await store.claimWarmWebhookDeliveries(T0 + 500, 1000, 10)).toEqual([]);
      expect(await store.nextWarmWebhookDueAt()).toBe(T0 + 1100);
      // A retry, then a stale finish (wrong attempt) changes nothing.
      expect(await store.finishWarmWebhookAttempt(warm.id, 1, { status: "pending", retryAt: T0 + 5000 })).toBe(true);
      expect(await store.finishWarmWebhookAttempt(warm.id, 3, { status: "delivered" })).toBe(false);
      const [second] = await store.claimWarmWebhookDeliveries(T0 + 5000, 1000, 10);
      expect(second?.attempt).toBe(2);
      // Given back (cut off by a stop): the attempt is not counted.
      expect(
        await store.finishWarmWebhookAttempt(warm.id, 2, { status: "pending", retryAt: T0 + 6000, giveBack: true }),
      ).toBe(true);
      expect((await store.getWarmTransfer(warm.id))?.webhook).toEqual({ status: "pending", attempts: 1 });
      const [third] = await store.claimWarmWebhookDeliveries(T0 + 6000, 1000, 10);
      expect(third?.attempt).toBe(2);
      // Kept past retention while pending; delivered, it is no longer due and may go.
      await store.removeExpired(T0 + 10_000_000, T0 + 9_000_000);
      expect(await store.getWarmTransfer(warm.id)).toBeDefined();
      expect(await store.finishWarmWebhookAttempt(warm.id, 2, { status: "delivered" })).toBe(true);
      expect((await store.getWarmTransfer(warm.id))?.webhook).toEqual({ status: "delivered", attempts: 2 });
      expect(await store.nextWarmWebhookDueAt()).toBeUndefined();
      expect(await store.claimWarmWebhookDeliveries(T0 + 100_000, 1000, 10)).toEqual([]);
    });

    it("removes ended records past retention, never an open one", async () => {
      const ended = warmRecord({ participantIdentity: "a" });
      const open = warmRecord({ participantIdentity: "b" });
      await store.startWarmTransfer(ended);
      await store.startWarmTransfer(open);
      await store.saveWarmTransfer({ ...ended, status: "completed", endedAt: T0, version: 2 });
      await store.removeExpired(T0 + 120_000, T0 + 60_000);
      expect(await store.getWarmTransfer(open.id)).toBeDefined();
    });
  });
}

const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);

export function record(overrides: Partial<TransferRecord> = {}): TransferRecord {
  const createdAt = overrides.createdAt ?? T0;
  return {
    id: newTransferId(),
    tenantId: "tenant-a",
    status: "initiated",
    roomName: "call-room-123",
    participantIdentity: "sip_participant_456",
    transferTo: "tel:+15551234567",
    createdAt,
    updatedAt: createdAt,
    deadlineAt: createdAt + 60_000,
    requestId: randomUUID(),
    ...overrides,
  };
}

/** What the domain relies on from a TransferStore: every adapter, and the domain's unit-test store. */
export function describeTransferStore(name: string, target: ConformanceTarget) {
  describe(`TransferStore conformance: ${name}`, () => {
    const fresh = freshStores(target);
    const opened = fresh.opened;
    let store: TransferStore;
    beforeEach(() => {
      store = fresh.store();
    });

    describe("records", () => {
      it("keeps a record exactly as given, anonymous or a tenant's", async () => {
        const mine = record();
        const anonymous = record({ tenantId: undefined, roomName: "other-room" });
        expect(await store.startTransfer(mine)).toEqual({ started: true });
        expect(await store.startTransfer(anonymous)).toEqual({ started: true });
        expect(await store.getTransfer(mine.id)).toEqual(mine);
        expect(await store.getTransfer(anonymous.id)).toEqual(anonymous);
        expect(await store.getTransfer("tr_nope")).toBeUndefined();
      });

      it("ends an initiated record once, with its outcome, and says so", async () => {
        const started = record();
        await store.startTransfer(started);
        const error = {
          code: "TRANSFER_FAILED" as const,
          message: "SIP transfer failed: 603 Decline",
          sipStatusCode: 603,
          sipStatus: "Decline",
        };
        const ended = await store.endTransfer(started.id, { status: "failed", endedAt: T0 + 1500, error });
        expect(ended).toEqual({ ...started, status: "failed", endedAt: T0 + 1500, updatedAt: T0 + 1500, error });
        expect(await store.getTransfer(started.id)).toEqual(ended);
        expect(await store.endTransfer(started.id, { status: "completed", endedAt: T0 + 2000 })).toBeUndefined();
        expect(await store.getTransfer(started.id)).toEqual(ended);
        expect(await store.endTransfer("tr_nope", { status: "completed", endedAt: T0 })).toBeUndefined();
      });
    });

    describe("one transfer per participant", () => {
      it("refuses a second initiated record for the same room and participant, and returns the running one", async () => {
        const first = record();
        await store.startTransfer(first);
        const second = record({ transferTo: "tel:+15557654321" });
        expect(await store.startTransfer(second)).toEqual({ started: false, running: first });
        expect(await store.getTransfer(second.id)).toBeUndefined();
      });

      it("tells participants and rooms apart, even when names contain separators", async () => {
        const a = record({ roomName: "a:b", participantIdentity: "c" });
        const b = record({ roomName: "a", participantIdentity: "b:c" });
        const c = record({ roomName: "call-room-123", participantIdentity: "other" });
        for (const r of [a, b, c]) expect(await store.startTransfer(r)).toEqual({ started: true });
      });

      it("frees the participant when the running transfer ends", async () => {
        const first = record();
        await store.startTransfer(first);
        await store.endTransfer(first.id, {
          status: "unknown",
          endedAt: T0 + 1,
          error: { code: "OUTCOME_UNKNOWN", message: "timeout" },
        });
        expect(await store.startTransfer(record())).toEqual({ started: true });
      });

      it("lets exactly one of many concurrent starts win", async () => {
        const stores = [store, ...(target.openSibling ? [await target.openSibling(), await target.openSibling()] : [])];
        opened.push(...stores.slice(1));
        const attempts = Array.from({ length: 30 }, (_, i) =>
          record({ transferTo: `tel:+1555000${String(i).padStart(4, "0")}` }),
        );
        const results = await Promise.all(attempts.map((r, i) => stores[i % stores.length]!.startTransfer(r)));
        const winners = results.filter((r) => r.started);
        expect(winners).toHaveLength(1);
        const winner = attempts[results.findIndex((r) => r.started)]!;
        for (const result of results)
          if (!result.started && "running" in result) expect(result.running.id).toBe(winner.id);
        expect(results.every((r) => r.started || "running" in r)).toBe(true);
      });
    });

    describe("listing", () => {
      it("lists a tenant's records newest first (ties by id), filtered, in pages that cover each record once", async () => {
        const made: TransferRecord[] = [];
        for (let i = 0; i < 25; i += 1) {
          const r = record({
            createdAt: T0 + Math.floor(i / 3) * 1000, // groups of three share a timestamp
            participantIdentity: `sip_${i}`,
            roomName: i % 2 === 0 ? "even-room" : "odd-room",
          });
          made.push(r);
          await store.startTransfer(r);
          if (i % 5 === 0) await store.endTransfer(r.id, { status: "completed", endedAt: r.createdAt + 10 });
        }
        await store.startTransfer(record({ tenantId: "tenant-b", participantIdentity: "b" }));
        await store.startTransfer(record({ tenantId: undefined, participantIdentity: "anon" }));

        const expected = [...made]
          .sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0))
          .map((r) => r.id);
        const seen: string[] = [];
        let after;
        for (let page = 0; page < 20; page += 1) {
          const result = await store.listTransfers({ tenantId: "tenant-a", limit: 7, after });
          expect(result.transfers.length).toBeLessThanOrEqual(7);
          seen.push(...result.transfers.map((r) => r.id));
          if (!result.next) break;
          after = result.next;
        }
        expect(seen).toEqual(expected);

        const even = await store.listTransfers({ tenantId: "tenant-a", roomName: "even-room", limit: 100 });
        expect(even.transfers.map((r) => r.id)).toEqual(
          expected.filter((id) => made.find((r) => r.id === id)!.roomName === "even-room"),
        );
        expect(even.next).toBeUndefined();
        const one = await store.listTransfers({ tenantId: "tenant-a", participantIdentity: "sip_7", limit: 100 });
        expect(one.transfers.map((r) => r.participantIdentity)).toEqual(["sip_7"]);
        const completed = await store.listTransfers({ tenantId: "tenant-a", status: "completed", limit: 100 });
        expect(completed.transfers.map((r) => r.participantIdentity).sort()).toEqual([
          "sip_0",
          "sip_10",
          "sip_15",
          "sip_20",
          "sip_5",
        ]);
        expect(
          (await store.listTransfers({ tenantId: "tenant-b", limit: 100 })).transfers.map((r) => r.participantIdentity),
        ).toEqual(["b"]);
        expect(
          (await store.listTransfers({ tenantId: undefined, limit: 100 })).transfers.map((r) => r.participantIdentity),
        ).toEqual(["anon"]);
        expect((await store.listTransfers({ tenantId: "tenant-c", limit: 100 })).transfers).toEqual([]);
      });
    });

    describe("listing with filters", () => {
      type Query = Omit<TransferListQuery, "limit" | "after">;
      const newestFirst = (x: TransferRecord, y: TransferRecord) =>
        y.createdAt - x.createdAt || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0);
      const expectedIds = (made: TransferRecord[], query: Query) =>
        made
          .filter(
            (r) =>
              r.tenantId === query.tenantId &&
              (query.roomName === undefined || r.roomName === query.roomName) &&
              (query.participantIdentity === undefined || r.participantIdentity === query.participantIdentity) &&
              (query.status === undefined || r.status === query.status),
          )
          .sort(newestFirst)
          .map((r) => r.id);
      /** Every page of a listing; checks each page but the last is full and only the last has no cursor. */
      const allPages = async (query: Query, limit: number) => {
        const pages: string[][] = [];
        let after: TransferListQuery["after"];
        for (let page = 0; page < 1000; page += 1) {
          const result = await store.listTransfers({ ...query, limit, after });
          pages.push(result.transfers.map((r) => r.id));
          if (!result.next) break;
          expect(result.transfers, `page ${page} of ${JSON.stringify(query)}`).toHaveLength(limit);
          after = result.next;
        }
        return pages;
      };
      /** Starts `r` and ends it with `status` unless that is initiated; returns the record as stored. */
      const made = async (r: TransferRecord, status: TransferRecord["status"]) => {
        expect(await store.startTransfer(r)).toEqual({ started: true });
        if (status === "initiated") return r;
        return (await store.endTransfer(r.id, { status, endedAt: r.createdAt + 10 }))!;
      };

      it("pages every filter and combination in order, each match once, full pages across page boundaries", async () => {
        const records: TransferRecord[] = [];
        // Other tenants' records in the same rooms (and before, as the participant lock is not per tenant).
        for (const tenantId of ["tenant-b", undefined]) {
          for (let i = 0; i < 6; i += 1)
            records.push(
              await made(record({ tenantId, roomName: `room-${i % 3}`, participantIdentity: `p-${i % 5}` }), "failed"),
            );
        }
        const statuses = ["completed", "completed", "failed", "unknown"] as const;
        for (let i = 0; i < 60; i += 1) {
          const r = record({
            createdAt: T0 + Math.floor(i / 4) * 1000, // groups of four share a timestamp
            roomName: `room-${i % 3}`,
            participantIdentity: `p-${i % 5}`,
          });
          // The last of each room and participant pair may still run (a later one would find it running).
          records.push(await made(r, i >= 45 && i % 4 === 0 ? "initiated" : statuses[i % 4]!));
        }
        const queries: Query[] = [];
        for (const tenantId of ["tenant-a", "tenant-b", undefined, "tenant-c"]) {
          queries.push({ tenantId, roomName: "room-1" }, { tenantId, participantIdentity: "p-3" });
          for (const status of ["initiated", "completed", "failed", "unknown"] as const)
            queries.push({ tenantId, status }, { tenantId, roomName: "room-2", status });
        }
        queries.push(
          { tenantId: "tenant-a", participantIdentity: "p-0", status: "completed" },
          { tenantId: "tenant-a", roomName: "room-0", participantIdentity: "p-0" },
          { tenantId: "tenant-a", roomName: "room-0", participantIdentity: "p-0", status: "initiated" },
          { tenantId: "tenant-a", roomName: "room-0", participantIdentity: "p-1" }, // none together
          { tenantId: "tenant-a", roomName: "no-such-room" },
        );
        for (const query of queries) {
          const expected = expectedIds(records, query);
          for (const limit of [1, 4, 100]) {
            const pages = await allPages(query, limit);
            expect(pages.flat(), `${JSON.stringify(query)}, limit ${limit}`).toEqual(expected);
          }
        }
        expect(
          expectedIds(records, { tenantId: "tenant-a", roomName: "room-0", participantIdentity: "p-0" }),
        ).toHaveLength(4);
      });

      it("fills a filtered page whose matches lie behind many records that do not match, however deep its cursor", async () => {
        const records: TransferRecord[] = [];
        for (let i = 0; i < 25; i += 1)
          records.push(
            await made(record({ createdAt: T0 + i, roomName: "rare", participantIdentity: `rare-${i}` }), "failed"),
          );
        // Written 50 at a time (distinct participants): a round trip each, one after the other, was
        // most of this test's time on Redis; all 1 100 at once outlast the store's command timeout
        // on a busy machine.
        for (let batch = 0; batch < 1100; batch += 50)
          records.push(
            ...(await Promise.all(
              Array.from({ length: 50 }, (_, k) =>
                made(
                  record({ createdAt: T0 + 100 + batch + k, roomName: "busy", participantIdentity: `p${batch + k}` }),
                  "initiated",
                ),
              ),
            )),
          );
        const rare = expectedIds(records, { tenantId: "tenant-a", roomName: "rare" });
        for (const query of [
          { tenantId: "tenant-a", roomName: "rare" },
          { tenantId: "tenant-a", status: "failed" as const },
          { tenantId: "tenant-a", roomName: "rare", status: "failed" as const },
        ]) {
          const first = await store.listTransfers({ ...query, limit: 10 });
          expect(first.transfers.map((r) => r.id)).toEqual(rare.slice(0, 10));
          expect((await allPages(query, 10)).flat()).toEqual(rare);
        }
        // Deep in a long filtered listing: a cursor 9 pages in goes on where it was.
        const initiated = expectedIds(records, { tenantId: "tenant-a", status: "initiated" });
        let after: TransferListQuery["after"];
        for (let page = 0; page < 9; page += 1)
          after = (await store.listTransfers({ tenantId: "tenant-a", status: "initiated", limit: 100, after })).next;
        const deep = await store.listTransfers({ tenantId: "tenant-a", status: "initiated", limit: 100, after });
        expect(deep.transfers.map((r) => r.id)).toEqual(initiated.slice(900, 1000));
        const last = await store.listTransfers({
          tenantId: "tenant-a",
          status: "initiated",
          limit: 100,
          after: deep.next,
        });
        expect(last.transfers.map((r) => r.id)).toEqual(initiated.slice(1000));
        expect(last.next).toBeUndefined();
        const busyDeep = await store.listTransfers({
          tenantId: "tenant-a",
          roomName: "busy",
          limit: 50,
          after: deep.next,
        });
        expect(busyDeep.transfers.map((r) => r.id)).toEqual(initiated.slice(1000, 1050));
      });

      it("a status filter follows a record's end: out of initiated, into its outcome, in its place", async () => {
        const [a, b, c] = [0, 1, 2].map((i) => record({ createdAt: T0 + i, participantIdentity: `p${i}` }));
        for (const r of [a!, b!, c!]) await store.startTransfer(r);
        const ids = async (status: TransferRecord["status"]) =>
          (await store.listTransfers({ tenantId: "tenant-a", status, limit: 10 })).transfers.map((r) => r.id);
        expect(await ids("initiated")).toEqual([c!.id, b!.id, a!.id]);
        await store.endTransfer(b!.id, { status: "failed", endedAt: T0 + 50 });
        expect(await ids("initiated")).toEqual([c!.id, a!.id]);
        expect(await ids("failed")).toEqual([b!.id]);
        await store.endTransfer(a!.id, { status: "completed", endedAt: T0 + 60 });
        await store.endTransfer(c!.id, { status: "completed", endedAt: T0 + 70 });
        expect(await ids("initiated")).toEqual([]);
        expect(await ids("completed")).toEqual([c!.id, a!.id]);
        const completed = await store.listTransfers({
          tenantId: "tenant-a",
          status: "completed",
          roomName: a!.roomName,
          limit: 1,
        });
        expect(completed.transfers).toEqual([{ ...c!, status: "completed", endedAt: T0 + 70, updatedAt: T0 + 70 }]);
        expect(completed.next).toEqual({ createdAt: c!.createdAt, id: c!.id });
        // A second end is refused and moves nothing.
        await store.endTransfer(b!.id, { status: "completed", endedAt: T0 + 80 });
        expect(await ids("failed")).toEqual([b!.id]);
        expect(await ids("completed")).toEqual([c!.id, a!.id]);
      });
    });

    describe("listing while records go", () => {
      it("continues after its cursor when records (the cursor's own too) are removed between pages", async () => {
        const made: TransferRecord[] = [];
        for (let i = 0; i < 10; i += 1) {
          const r = record({ createdAt: T0 - i * 1000, participantIdentity: `p${i}` });
          made.push(r);
          await store.startTransfer(r);
        }
        const first = await store.listTransfers({ tenantId: "tenant-a", limit: 3 });
        expect(first.transfers.map((r) => r.id)).toEqual(made.slice(0, 3).map((r) => r.id));
        for (const r of made.slice(2, 6)) await store.endTransfer(r.id, { status: "completed", endedAt: T0 + 1 });
        await store.removeExpired(T0 + 2, T0 + 1);
        const second = await store.listTransfers({ tenantId: "tenant-a", limit: 100, after: first.next });
        expect(second.transfers.map((r) => r.id)).toEqual(made.slice(6).map((r) => r.id));
        expect(second.next).toBeUndefined();
      });

      it("a filtered listing continues after its cursor when records (the cursor's own too) are removed", async () => {
        const made: TransferRecord[] = [];
        for (let i = 0; i < 10; i += 1) {
          const r = record({ createdAt: T0 - i * 1000, participantIdentity: `p${i}` });
          made.push(r);
          await store.startTransfer(r);
          await store.startTransfer(
            record({ createdAt: T0 - i * 1000 - 1, roomName: "other", participantIdentity: `p${i}` }),
          );
        }
        const query = { tenantId: "tenant-a", roomName: made[0]!.roomName };
        const first = await store.listTransfers({ ...query, limit: 3 });
        expect(first.transfers.map((r) => r.id)).toEqual(made.slice(0, 3).map((r) => r.id));
        for (const r of made.slice(2, 6)) await store.endTransfer(r.id, { status: "completed", endedAt: T0 + 1 });
        await store.removeExpired(T0 + 2, T0 + 1);
        const second = await store.listTransfers({ ...query, limit: 2, after: first.next });
        expect(second.transfers.map((r) => r.id)).toEqual(made.slice(6, 8).map((r) => r.id));
        const third = await store.listTransfers({ ...query, status: "initiated", limit: 100, after: second.next });
        expect(third.transfers.map((r) => r.id)).toEqual(made.slice(8).map((r) => r.id));
        expect(third.next).toBeUndefined();
        expect((await store.listTransfers({ ...query, status: "completed", limit: 100 })).transfers).toEqual([]);
      });
    });

    describe("deadlines and expiry", () => {
      it("finds initiated records past their deadline, and only those", async () => {
        const late = record({ deadlineAt: T0 + 10 });
        const fine = record({ participantIdentity: "p2", deadlineAt: T0 + 100_000 });
        const endedLate = record({ participantIdentity: "p3", deadlineAt: T0 + 10 });
        for (const r of [late, fine, endedLate]) await store.startTransfer(r);
        await store.endTransfer(endedLate.id, { status: "completed", endedAt: T0 + 5 });
        expect((await store.overdueTransfers(T0 + 50, 10)).map((r) => r.id)).toEqual([late.id]);
        expect(await store.overdueTransfers(T0, 10)).toEqual([]);
      });

      it("removes ended records older than the retention, never running ones", async () => {
        const old = record({ participantIdentity: "old" });
        const running = record({ participantIdentity: "running" });
        const recent = record({ participantIdentity: "recent", createdAt: T0 + 100_000 });
        for (const r of [old, running, recent]) await store.startTransfer(r);
        await store.endTransfer(old.id, { status: "completed", endedAt: T0 + 1 });
        await store.endTransfer(recent.id, { status: "completed", endedAt: T0 + 100_001 });
        await store.removeExpired(T0 + 100_002, T0 + 50_000);
        const listed = (await store.listTransfers({ tenantId: "tenant-a", limit: 100 })).transfers.map(
          (r) => r.participantIdentity,
        );
        expect(listed).not.toContain("old");
        expect(await store.getTransfer(old.id)).toBeUndefined();
        expect(listed).toContain("running");
        expect(listed).toContain("recent");
      });
    });

    describe("webhook outbox", () => {
      const pending = { status: "pending" as const, attempts: 0 };
      const endedWithWebhook = async (overrides: Partial<TransferRecord> = {}, endedAt = T0 + 1000) => {
        const started = record({ webhook: pending, ...overrides });
        await store.startTransfer(started);
        return (await store.endTransfer(started.id, { status: "completed", endedAt }))!;
      };

      it("keeps a record's webhook state, and makes a pending webhook due when the transfer ends, not before", async () => {
        const started = record({ webhook: pending });
        await store.startTransfer(started);
        expect(await store.getTransfer(started.id)).toEqual(started);
        expect(await store.claimWebhookDeliveries(T0 + 10_000, 30_000, 10)).toEqual([]);
        const ended = await store.endTransfer(started.id, { status: "completed", endedAt: T0 + 1000 });
        expect(ended?.webhook).toEqual(pending);
        expect(await store.claimWebhookDeliveries(T0 + 999, 30_000, 10)).toEqual([]);
        const [delivery, ...rest] = await store.claimWebhookDeliveries(T0 + 1000, 30_000, 10);
        expect(rest).toEqual([]);
        expect(delivery).toEqual({ attempt: 1, transfer: { ...ended, webhook: { status: "pending", attempts: 1 } } });
        expect((await store.getTransfer(started.id))?.webhook).toEqual({ status: "pending", attempts: 1 });
      });

      it("never makes a record without a webhook due", async () => {
        const plain = record();
        await store.startTransfer(plain);
        await store.endTransfer(plain.id, { status: "failed", endedAt: T0 + 5 });
        expect(await store.claimWebhookDeliveries(T0 + 60_000, 30_000, 10)).toEqual([]);
        expect((await store.getTransfer(plain.id))?.webhook).toBeUndefined();
      });

      it("holds a claimed delivery for its lease, then gives it out again as the next attempt", async () => {
        const ended = await endedWithWebhook();
        expect(await store.claimWebhookDeliveries(T0 + 1000, 30_000, 10)).toHaveLength(1);
        expect(await store.claimWebhookDeliveries(T0 + 30_999, 30_000, 10)).toEqual([]);
        const again = await store.claimWebhookDeliveries(T0 + 31_000, 30_000, 10);
        expect(again.map((d) => [d.transfer.id, d.attempt])).toEqual([[ended.id, 2]]);
      });

      it("records each attempt: a retry is due at its time, delivered and failed are final", async () => {
        const retried = await endedWithWebhook({ roomName: "retried" }, T0 + 1000);
        const delivered = await endedWithWebhook({ roomName: "delivered" }, T0 + 1001);
        const failed = await endedWithWebhook({ roomName: "failed" }, T0 + 1002);
        expect((await store.claimWebhookDeliveries(T0 + 2000, 30_000, 10)).map((d) => d.transfer.id)).toEqual([
          retried.id,
          delivered.id,
          failed.id,
        ]);
        expect(await store.finishWebhookAttempt(retried.id, 1, { status: "pending", retryAt: T0 + 7000 })).toBe(true);
        expect(await store.finishWebhookAttempt(delivered.id, 1, { status: "delivered" })).toBe(true);
        expect(await store.finishWebhookAttempt(failed.id, 1, { status: "failed" })).toBe(true);
        expect((await store.getTransfer(delivered.id))?.webhook).toEqual({ status: "delivered", attempts: 1 });
        expect((await store.getTransfer(failed.id))?.webhook).toEqual({ status: "failed", attempts: 1 });
        expect((await store.getTransfer(retried.id))?.webhook).toEqual({ status: "pending", attempts: 1 });
        expect(await store.claimWebhookDeliveries(T0 + 6999, 30_000, 10)).toEqual([]);
        const next = await store.claimWebhookDeliveries(T0 + 7000, 30_000, 10);
        expect(next.map((d) => [d.transfer.id, d.attempt])).toEqual([[retried.id, 2]]);
        expect(await store.claimWebhookDeliveries(T0 + 3_600_000, 30_000, 10)).toHaveLength(1); // only retried, lease over
      });

      it("gives back a claim that was no counted attempt: pending, due at its time, attempts down by one", async () => {
        const ended = await endedWithWebhook();
        await store.claimWebhookDeliveries(T0 + 1000, 30_000, 10); // attempt 1
        expect(await store.finishWebhookAttempt(ended.id, 1, { status: "pending", retryAt: T0 + 2000 })).toBe(true);
        await store.claimWebhookDeliveries(T0 + 2000, 30_000, 10); // attempt 2, cut off
        expect(
          await store.finishWebhookAttempt(ended.id, 2, { status: "pending", retryAt: T0 + 2500, giveBack: true }),
        ).toBe(true);
        expect((await store.getTransfer(ended.id))?.webhook).toEqual({ status: "pending", attempts: 1 });
        expect(await store.claimWebhookDeliveries(T0 + 2499, 30_000, 10)).toEqual([]);
        const again = await store.claimWebhookDeliveries(T0 + 2500, 30_000, 10);
        expect(again.map((d) => [d.transfer.id, d.attempt])).toEqual([[ended.id, 2]]);
        // A stale result of the attempt given back changes nothing.
        expect(await store.finishWebhookAttempt(ended.id, 1, { status: "failed" })).toBe(false);
      });

      it("tells when the next delivery is due: the end, a claim's lease end, a retry's time; nothing once none is pending", async () => {
        expect(await store.nextWebhookDueAt()).toBeUndefined();
        const running = record({ webhook: pending, roomName: "running" });
        await store.startTransfer(running);
        expect(await store.nextWebhookDueAt()).toBeUndefined(); // not due while the transfer runs
        const first = await endedWithWebhook({ roomName: "first" }, T0 + 1000);
        const second = await endedWithWebhook({ roomName: "second" }, T0 + 1500);
        expect(await store.nextWebhookDueAt()).toBe(T0 + 1000);
        await store.claimWebhookDeliveries(T0 + 1200, 30_000, 1); // first, leased until T0 + 31 200
        expect(await store.nextWebhookDueAt()).toBe(T0 + 1500);
        await store.claimWebhookDeliveries(T0 + 1600, 30_000, 1); // second, leased until T0 + 31 600
        expect(await store.nextWebhookDueAt()).toBe(T0 + 31_200);
        expect(await store.finishWebhookAttempt(first.id, 1, { status: "delivered" })).toBe(true);
        expect(await store.finishWebhookAttempt(second.id, 1, { status: "pending", retryAt: T0 + 9000 })).toBe(true);
        expect(await store.nextWebhookDueAt()).toBe(T0 + 9000);
        await store.claimWebhookDeliveries(T0 + 9000, 30_000, 10);
        expect(await store.finishWebhookAttempt(second.id, 2, { status: "failed" })).toBe(true);
        expect(await store.nextWebhookDueAt()).toBeUndefined();
      });

      it("ignores the result of an attempt that is no longer the current one", async () => {
        const ended = await endedWithWebhook();
        await store.claimWebhookDeliveries(T0 + 1000, 100, 10); // attempt 1; its lease ends
        await store.claimWebhookDeliveries(T0 + 1100, 30_000, 10); // attempt 2
        expect(await store.finishWebhookAttempt(ended.id, 1, { status: "failed" })).toBe(false);
        expect(await store.finishWebhookAttempt(ended.id, 2, { status: "delivered" })).toBe(true);
        expect(await store.finishWebhookAttempt(ended.id, 2, { status: "failed" })).toBe(false);
        expect(await store.finishWebhookAttempt("tr_nope", 1, { status: "delivered" })).toBe(false);
        expect((await store.getTransfer(ended.id))?.webhook).toEqual({ status: "delivered", attempts: 2 });
      });

      it("gives each due delivery to exactly one of many concurrent claimers", async () => {
        const stores = [store, ...(target.openSibling ? [await target.openSibling(), await target.openSibling()] : [])];
        opened.push(...stores.slice(1));
        const ids = new Set<string>();
        for (let i = 0; i < 12; i += 1) ids.add((await endedWithWebhook({ participantIdentity: `p${i}` }, T0 + i)).id);
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) => stores[i % stores.length]!.claimWebhookDeliveries(T0 + 1000, 30_000, 5)),
        );
        const claimed = claims.flat().map((d) => d.transfer.id);
        expect(claimed.sort()).toEqual([...ids].sort());
      });

      it("keeps a record whose webhook is still pending past the retention", async () => {
        const waiting = await endedWithWebhook({ roomName: "waiting" });
        const done = await endedWithWebhook({ roomName: "done" });
        await store.claimWebhookDeliveries(T0 + 1000, 30_000, 10);
        await store.finishWebhookAttempt(done.id, 1, { status: "delivered" });
        await store.removeExpired(T0 + 100_000, T0 + 50_000);
        expect(await store.getTransfer(waiting.id)).toBeDefined();
        expect(await store.getTransfer(done.id)).toBeUndefined();
      });
    });

    it("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("is ready: a write lands, and a healthy store has no warnings", async () => {
      await expect(store.checkReady()).resolves.toEqual({ warnings: [] });
      await expect(store.checkReady()).resolves.toEqual({ warnings: [] });
    });
  });
}

/** What the server relies on from an IdempotencyKeyStore: every adapter. */
export function describeIdempotencyKeyStore(name: string, target: ConformanceTarget<SipTransferStore>) {
  describe(`IdempotencyKeyStore conformance: ${name}`, () => {
    const fresh = freshStores(target);
    const opened = fresh.opened;
    let store: SipTransferStore;
    beforeEach(() => {
      store = fresh.store();
    });

    describe("idempotency keys", () => {
      const answer = { status: 200, body: '{"status":"completed"}', headers: { location: "/sip/transfers/tr_x" } };

      it("claims once; the same request then waits, another request is a mismatch, and the answer replays", async () => {
        expect(await store.claimIdempotencyKey("tenant-a", "key-1", "fp-1", 30_000)).toEqual({ state: "claimed" });
        expect(await store.claimIdempotencyKey("tenant-a", "key-1", "fp-1", 30_000)).toEqual({ state: "in_progress" });
        expect(await store.claimIdempotencyKey("tenant-a", "key-1", "fp-2", 30_000)).toEqual({ state: "mismatch" });
        await store.completeIdempotencyKey("tenant-a", "key-1", "fp-1", answer, 60_000);
        expect(await store.claimIdempotencyKey("tenant-a", "key-1", "fp-1", 30_000)).toEqual({
          state: "completed",
          answer,
        });
        expect(await store.claimIdempotencyKey("tenant-a", "key-1", "fp-2", 30_000)).toEqual({ state: "mismatch" });
      });

      it("scopes keys: the same key in another scope is another key", async () => {
        await store.claimIdempotencyKey("tenant-a", "key-1", "fp-1", 30_000);
        expect(await store.claimIdempotencyKey("tenant-b", "key-1", "fp-2", 30_000)).toEqual({ state: "claimed" });
      });

      it("a released key can be claimed again; releasing a completed key does nothing", async () => {
        await store.claimIdempotencyKey("s", "k", "fp-1", 30_000);
        await store.releaseIdempotencyKey("s", "k", "fp-1");
        expect(await store.claimIdempotencyKey("s", "k", "fp-2", 30_000)).toEqual({ state: "claimed" });
        await store.completeIdempotencyKey("s", "k", "fp-2", answer, 60_000);
        await store.releaseIdempotencyKey("s", "k", "fp-2");
        expect(await store.claimIdempotencyKey("s", "k", "fp-2", 30_000)).toEqual({ state: "completed", answer });
      });

      it("a lease runs out (a crashed request does not hold its key forever), and so does a stored answer", async () => {
        await store.claimIdempotencyKey("s", "lease", "fp-1", 40);
        await store.claimIdempotencyKey("s", "ttl", "fp-1", 30_000);
        await store.completeIdempotencyKey("s", "ttl", "fp-1", answer, 40);
        await new Promise((resolve) => setTimeout(resolve, 120));
        expect(await store.claimIdempotencyKey("s", "lease", "fp-2", 30_000)).toEqual({ state: "claimed" });
        expect(await store.claimIdempotencyKey("s", "ttl", "fp-2", 30_000)).toEqual({ state: "claimed" });
      });

      it("a claim naming its transfer outlives its lease: then it is started while that record exists (never free), and free when the request never made it", async () => {
        const keep = { keepMs: 60_000 };
        // Real time (the Redis adapter has no injectable clock), so nothing here needs a short lease
        // to still hold after a few store calls on a loaded machine: a lease that must hold is 30 s,
        // and one that is to run out is 40 ms and waited out (a slow machine only waits longer).
        const held = record({ participantIdentity: "held-participant" });
        expect(await store.claimIdempotencyKey("s", "held", "fp-1", 30_000, { id: held.id, ...keep })).toEqual({
          state: "claimed",
        });
        expect(await store.startTransfer(held)).toEqual({ started: true });
        // While the lease holds, the key is in progress, its transfer's record there or not.
        expect(await store.claimIdempotencyKey("s", "held", "fp-1", 30_000, { id: newTransferId(), ...keep })).toEqual({
          state: "in_progress",
        });
        const made = record();
        expect(await store.claimIdempotencyKey("s", "made", "fp-1", 40, { id: made.id, ...keep })).toEqual({
          state: "claimed",
        });
        expect(await store.startTransfer(made)).toEqual({ started: true });
        expect(
          await store.claimIdempotencyKey("s", "never-made", "fp-1", 40, { id: newTransferId(), ...keep }),
        ).toEqual({ state: "claimed" });
        await new Promise((resolve) => setTimeout(resolve, 120));
        await store.removeExpired(Date.now(), 0); // the claim is not an expired key
        const retried = await store.claimIdempotencyKey("s", "made", "fp-1", 30_000, { id: newTransferId(), ...keep });
        expect(retried).toEqual({ state: "started", transferId: made.id });
        expect(await store.claimIdempotencyKey("s", "made", "fp-1", 30_000, { id: newTransferId(), ...keep })).toEqual(
          retried,
        );
        expect(await store.claimIdempotencyKey("s", "made", "fp-2", 30_000, { id: newTransferId(), ...keep })).toEqual({
          state: "mismatch",
        });
        expect(
          await store.claimIdempotencyKey("s", "never-made", "fp-2", 30_000, { id: newTransferId(), ...keep }),
        ).toEqual({ state: "claimed" });
        // The answer can still be stored after the lease (a background retry that lands late).
        await store.completeIdempotencyKey("s", "made", "fp-1", answer, 60_000);
        expect(await store.claimIdempotencyKey("s", "made", "fp-1", 30_000, { id: newTransferId(), ...keep })).toEqual({
          state: "completed",
          answer,
        });
      });

      it("lets exactly one of many concurrent claims win", async () => {
        const stores = [store, ...(target.openSibling ? [await target.openSibling(), await target.openSibling()] : [])];
        opened.push(...stores.slice(1));
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            stores[i % stores.length]!.claimIdempotencyKey("s", "race", "fp", 30_000),
          ),
        );
        expect(results.filter((r) => r.state === "claimed")).toHaveLength(1);
        expect(results.filter((r) => r.state === "in_progress")).toHaveLength(29);
      });
    });
  });
}
