import { describe, expect, it } from "vitest";
import {
  CallNotActiveError,
  EmptyFieldsError,
  InvalidCursorError,
  InvalidPhoneNumberError,
  LiveKitNotConfiguredError,
  LiveKitUnavailableError,
  type LiveKitPort,
  type LiveKitTransferResult,
  ParticipantNotFoundError,
  RoomNotFoundError,
  TransferFailedError,
  TransferInProgressError,
  TransferNotFoundError,
  TransferService,
  type TransferEnded,
  decodeCursor,
  encodeCursor,
  parseTransferOrder,
} from "../src/index.js";
import { memoryStore } from "./memory-store.js";

interface FakeOptions {
  metadata?: string;
  roomExists?: boolean;
  participantKind?: string | undefined;
  lookupFails?: boolean;
}

/** A LiveKit whose transfer calls end when the test says so. */
function fakeLiveKit(options: FakeOptions = {}) {
  const calls: string[] = [];
  const pending: ((result: LiveKitTransferResult) => void)[] = [];
  const port: LiveKitPort = {
    transferTimeoutMs: () => 32_000,
    async findRoom(name) {
      calls.push(`findRoom ${name}`);
      if (options.lookupFails) throw new TypeError("fetch failed");
      return options.roomExists === false ? undefined : { name, metadata: options.metadata ?? '{"auth_id":"tenant-a"}' };
    },
    async findParticipant(room, identity) {
      calls.push(`findParticipant ${room} ${identity}`);
      const kind = "participantKind" in options ? options.participantKind : "SIP";
      return kind === undefined ? undefined : { identity, kind, isSip: kind === "SIP" };
    },
    transferSipParticipant(room, identity, to) {
      calls.push(`transfer ${room} ${identity} ${to}`);
      return new Promise((resolve) => pending.push(resolve));
    },
  };
  /** Ends the oldest running transfer call with `result`. */
  const answer = async (result: LiveKitTransferResult) => {
    pending.shift()!(result);
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { port, calls, answer };
}

const order = { roomName: "call-room-123", participantIdentity: "sip_participant_456", transferTo: "tel:+15551234567", options: {} };
const context = { tenantId: "tenant-a", requestId: "req-1" };

function service(livekit: LiveKitPort | undefined, waitMs = 0, now?: () => number, hasWebhook?: (tenantId: string | undefined) => boolean) {
  const store = memoryStore();
  const events: TransferEnded[] = [];
  const transfers = new TransferService({ livekit, store, waitMs, ...(now ? { now } : {}), ...(hasWebhook ? { hasWebhook } : {}) });
  transfers.events.onTransferEnded((event) => {
    // The record update subscribed first: the store already holds the outcome.
    expect(store.records.get(event.transfer.id)?.status).toBe(event.transfer.status);
    events.push(event);
  });
  return { transfers, store, events };
}

describe("parseTransferOrder", () => {
  it("trims, normalises the number, and names every empty field", () => {
    expect(parseTransferOrder({ roomName: " r ", participantIdentity: "\tp", transferTo: " +1 (555) 123-4567" })).toEqual({
      roomName: "r",
      participantIdentity: "p",
      transferTo: "tel:+15551234567",
      options: {},
    });
    expect(() => parseTransferOrder({ roomName: "", participantIdentity: " ", transferTo: "abc" })).toThrow(EmptyFieldsError);
    try {
      parseTransferOrder({ roomName: "", participantIdentity: " ", transferTo: "1" });
    } catch (error) {
      expect((error as EmptyFieldsError).fields).toEqual(["roomName", "participantIdentity"]);
    }
    expect(() => parseTransferOrder({ roomName: "r", participantIdentity: "p", transferTo: "abc" })).toThrow(InvalidPhoneNumberError);
  });
});

describe("TransferService.transferCall", () => {
  it("checks in the seed's order, then transfers, with the lookups made together", async () => {
    expect(await service(undefined).transfers.transferCall(order, context).catch((e: unknown) => e)).toBeInstanceOf(LiveKitNotConfiguredError);
    const cases: [FakeOptions, unknown][] = [
      [{ roomExists: false, participantKind: undefined }, RoomNotFoundError],
      [{ metadata: '{"auth_id":"tenant-b"}' }, RoomNotFoundError],
      [{ participantKind: undefined }, ParticipantNotFoundError],
      [{ participantKind: "AGENT" }, ParticipantNotFoundError],
      [{ lookupFails: true }, LiveKitUnavailableError],
    ];
    for (const [options, expected] of cases) {
      const { port, calls } = fakeLiveKit(options);
      const { transfers, store } = service(port);
      expect(await transfers.transferCall(order, context).catch((e: unknown) => e), JSON.stringify(options)).toBeInstanceOf(expected as never);
      expect(calls.some((c) => c.startsWith("transfer"))).toBe(false);
      expect(store.records.size).toBe(0);
    }
  });

  it("answers completed within the window: record, then one event", async () => {
    const { port, answer, calls } = fakeLiveKit();
    const { transfers, store, events } = service(port, 1000);
    const pending = transfers.transferCall(order, context);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await answer({ outcome: "completed" });
    const { transfer, reused } = await pending;
    expect(reused).toBe(false);
    const { options: _options, ...ordered } = order;
    expect(transfer).toMatchObject({ status: "completed", tenantId: "tenant-a", requestId: "req-1", ...ordered });
    expect(transfer.id).toMatch(/^tr_[A-Za-z0-9_-]{22}$/);
    expect(store.records.get(transfer.id)).toEqual(transfer);
    expect(events.map((e) => e.transfer.status)).toEqual(["completed"]);
    expect(calls.slice(0, 2).sort()).toEqual(["findParticipant call-room-123 sip_participant_456", "findRoom call-room-123"]);
  });

  it.each([
    [{ outcome: "failed", sipStatusCode: 603, sipStatus: "Decline", detail: "declined" }, TransferFailedError, "failed", "TRANSFER_FAILED"],
    [{ outcome: "refused", reason: "call_not_active", detail: "x" }, CallNotActiveError, "failed", "CALL_NOT_ACTIVE"],
    [{ outcome: "refused", reason: "already_transferring", detail: "x" }, TransferInProgressError, "failed", "TRANSFER_IN_PROGRESS"],
  ] as const)("within the window, %j is refused with %o and the record says %s", async (result, ErrorClass, status, code) => {
    const { port, answer } = fakeLiveKit();
    const { transfers, store } = service(port, 1000);
    const pending = transfers.transferCall(order, context).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await answer(result);
    const error = await pending;
    expect(error).toBeInstanceOf(ErrorClass);
    const [record] = [...store.records.values()];
    expect(record).toMatchObject({ status, error: { code } });
    if (error instanceof TransferFailedError) expect(error).toMatchObject({ transferId: record!.id, sipStatusCode: 603, sipStatus: "Decline" });
  });

  it("a tenant with a webhook: its record carries a pending webhook from the start, due once it ends; others' (anonymous here) carry none", async () => {
    const { port, answer } = fakeLiveKit();
    const { transfers, store } = service(port, 0, undefined, (tenantId) => tenantId === "tenant-a");
    const { transfer } = await transfers.transferCall(order, context);
    expect(transfer.webhook).toEqual({ status: "pending", attempts: 0 });
    expect(await store.claimWebhookDeliveries(Date.now() + 60_000, 1000, 10)).toEqual([]); // still running
    await answer({ outcome: "completed" });
    const [delivery] = await store.claimWebhookDeliveries(Date.now() + 1000, 1000, 10);
    expect(delivery).toMatchObject({ attempt: 1, transfer: { id: transfer.id, status: "completed" } });
    const other = await transfers.transferCall({ ...order, participantIdentity: "someone-else" }, { tenantId: undefined, requestId: "req-2" });
    expect(other.transfer.webhook).toBeUndefined();
  });

  it("a timeout is unknown, never failed", async () => {
    const { port, answer } = fakeLiveKit();
    const { transfers } = service(port, 1000);
    const pending = transfers.transferCall(order, context);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await answer({ outcome: "unknown", reason: "timeout", detail: "deadline_exceeded" });
    expect((await pending).transfer).toMatchObject({ status: "unknown", error: { code: "OUTCOME_UNKNOWN" } });
  });

  it("answers initiated after the window and ends the record when LiveKit answers", async () => {
    const { port, answer } = fakeLiveKit();
    const { transfers, store, events } = service(port, 0);
    const { transfer } = await transfers.transferCall(order, context);
    expect(transfer.status).toBe("initiated");
    expect(transfers.runningCount).toBe(1);
    await answer({ outcome: "failed", sipStatusCode: 486, sipStatus: "Busy Here", detail: "busy" });
    expect(store.records.get(transfer.id)).toMatchObject({ status: "failed", error: { sipStatusCode: 486, message: "SIP transfer failed: 486 Busy Here" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ detail: "busy" });
    expect(transfers.runningCount).toBe(0);
  });

  it("one transfer per participant: the same destination reuses the running one, another is refused", async () => {
    const { port, calls } = fakeLiveKit();
    const { transfers } = service(port, 0);
    const first = await transfers.transferCall(order, context);
    const again = await transfers.transferCall(order, { ...context, requestId: "req-2" });
    expect(again).toEqual({ transfer: first.transfer, reused: true });
    const other = await transfers.transferCall({ ...order, transferTo: "tel:+15557654321" }, context).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(TransferInProgressError);
    expect(other).toMatchObject({ transferId: first.transfer.id });
    // Another tenant (or an anonymous caller) never learns the running transfer's id.
    const foreign = await transfers.transferCall(order, { tenantId: undefined, requestId: "req-3" }).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ transferId: undefined });
    expect(calls.filter((c) => c.startsWith("transfer"))).toHaveLength(1);
  });

  it("a record left initiated past its deadline (its replica died) ends unknown, and frees the participant", async () => {
    let now = Date.UTC(2026, 10, 25);
    const { port } = fakeLiveKit();
    const { transfers, store, events } = service(port, 0, () => now);
    const stale = { id: "tr_stale", tenantId: "tenant-a", status: "initiated" as const, ...order, createdAt: now - 100_000,
      updatedAt: now - 100_000, deadlineAt: now - 1, requestId: "old" };
    await store.startTransfer(stale);
    now += 10;
    const { transfer } = await transfers.transferCall(order, context);
    expect(transfer.id).not.toBe("tr_stale");
    expect(store.records.get("tr_stale")).toMatchObject({ status: "unknown", error: { code: "OUTCOME_UNKNOWN" } });
    expect(events.map((e) => e.transfer.id)).toEqual(["tr_stale"]);
  });
});

describe("TransferService reads", () => {
  it("a foreign or unknown id is not found, alike", async () => {
    const { port } = fakeLiveKit();
    const { transfers } = service(port, 0);
    const { transfer } = await transfers.transferCall(order, context);
    expect(await transfers.getTransfer(transfer.id, "tenant-a")).toEqual(transfer);
    for (const [id, tenant] of [[transfer.id, "tenant-b"], [transfer.id, undefined], ["tr_none", "tenant-a"]] as const) {
      expect(await transfers.getTransfer(id, tenant).catch((e: unknown) => e)).toBeInstanceOf(TransferNotFoundError);
    }
  });

  it("sweeps overdue records no process follows, and reports how many", async () => {
    let now = 1_000_000;
    const { transfers, store, events } = service(fakeLiveKit().port, 0, () => now);
    await store.startTransfer({ id: "tr_a", tenantId: undefined, status: "initiated", ...order, createdAt: 0, updatedAt: 0, deadlineAt: now + 5, requestId: "r" });
    expect(await transfers.endOverdueTransfers()).toBe(0);
    now += 10;
    expect(await transfers.endOverdueTransfers()).toBe(1);
    expect(events).toHaveLength(1);
    expect(await transfers.endOverdueTransfers()).toBe(0);
  });

  it("cursors round-trip and foreign ones are refused", () => {
    expect(decodeCursor(encodeCursor({ createdAt: 1764093600123, id: "tr_abc" }))).toEqual({ createdAt: 1764093600123, id: "tr_abc" });
    for (const bad of ["", "!!", encodeCursor({ createdAt: -1, id: "tr_x" }), "eyJhIjoxfQ", "W1siYSJdXQ"]) {
      expect(() => decodeCursor(bad), bad).toThrow(InvalidCursorError);
    }
  });
});

describe("TransferService.stop", () => {
  it("waits for running transfers, then ends the rest unknown; a late answer changes nothing", async () => {
    const { port, answer } = fakeLiveKit();
    const { transfers, store, events } = service(port, 0);
    const { transfer } = await transfers.transferCall(order, context);
    expect(await transfers.stop(20)).toBe(1);
    expect(store.records.get(transfer.id)).toMatchObject({ status: "unknown" });
    await answer({ outcome: "completed" });
    expect(store.records.get(transfer.id)).toMatchObject({ status: "unknown" });
    expect(events).toHaveLength(1);
  });
});
