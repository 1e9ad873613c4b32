import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CallNotActiveError,
  EmptyFieldsError,
  InvalidCursorError,
  InvalidPhoneNumberError,
  LiveKitNotConfiguredError,
  LiveKitUnavailableError,
  type LiveKitPort,
  type LiveKitTransferResult,
  type OutcomeWriteReport,
  ParticipantNotFoundError,
  RoomNotFoundError,
  StoreUnavailableError,
  TransferFailedError,
  TransferInProgressError,
  TransferNotFoundError,
  TransferService,
  type TransferEnded,
  type TransferServiceDeps,
  type TransferStore,
  decodeCursor,
  encodeCursor,
  parseTransferOrder,
} from "../src/index.js";
import { memoryStore } from "../src/testing/memory-store.js";

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
  const arrivals: (() => void)[] = [];
  const port: LiveKitPort = {
    transferTimeoutMs: () => 32_000,
    async findRoom(name) {
      calls.push(`findRoom ${name}`);
      if (options.lookupFails) throw new TypeError("fetch failed");
      return options.roomExists === false
        ? undefined
        : { name, metadata: options.metadata ?? '{"auth_id":"tenant-a"}' };
    },
    async findParticipant(room, identity) {
      calls.push(`findParticipant ${room} ${identity}`);
      const kind = "participantKind" in options ? options.participantKind : "SIP";
      return kind === undefined ? undefined : { identity, kind, isSip: kind === "SIP" };
    },
    transferSipParticipant(room, identity, to) {
      calls.push(`transfer ${room} ${identity} ${to}`);
      return new Promise((resolve) => {
        pending.push(resolve);
        for (const arrived of arrivals.splice(0)) arrived();
      });
    },
  };
  /**
   * Ends the oldest running transfer call with `result` (once one has reached LiveKit), and returns
   * when the service has done all it does with the answer: the store and these fakes are promises
   * only, so one turn of the event loop runs every reaction to it (no clock involved).
   */
  const answer = async (result: LiveKitTransferResult) => {
    if (pending.length === 0) await new Promise<void>((resolve) => arrivals.push(resolve));
    pending.shift()!(result);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { port, calls, answer };
}

const order = {
  roomName: "call-room-123",
  participantIdentity: "sip_participant_456",
  transferTo: "tel:+15551234567",
  options: {},
};
const context = { tenantId: "tenant-a", requestId: "req-1" };

// A subscriber's errors are reported, not thrown: each test ends by checking none failed.
const subscriberErrors: unknown[] = [];
afterEach(() => {
  vi.useRealTimers();
  expect(subscriberErrors.splice(0), "a transfer-ended subscriber failed").toEqual([]);
});

function service(
  livekit: LiveKitPort | undefined,
  waitMs = 0,
  now?: () => number,
  hasWebhook?: (tenantId: string | undefined) => boolean,
  more: Partial<TransferServiceDeps> & { store?: ReturnType<typeof memoryStore> } = {},
) {
  const { store: given, ...deps } = more;
  const store = given ?? memoryStore();
  const events: TransferEnded[] = [];
  const transfers = new TransferService({
    livekit,
    store,
    waitMs,
    ...(now ? { now } : {}),
    ...(hasWebhook ? { hasWebhook } : {}),
    onSubscriberError: (error) => subscriberErrors.push(error),
    ...deps,
  });
  transfers.events.onTransferEnded((event) => {
    // Subscribers hear an outcome only once it is written: the store already holds it.
    expect(store.records.get(event.transfer.id)?.status).toBe(event.transfer.status);
    events.push(event);
  });
  return { transfers, store, events };
}

describe("parseTransferOrder", () => {
  it("trims, normalises the number, and names every empty field", () => {
    expect(
      parseTransferOrder({ roomName: " r ", participantIdentity: "\tp", transferTo: " +1 (555) 123-4567" }),
    ).toEqual({
      roomName: "r",
      participantIdentity: "p",
      transferTo: "tel:+15551234567",
      options: {},
    });
    expect(() => parseTransferOrder({ roomName: "", participantIdentity: " ", transferTo: "abc" })).toThrow(
      EmptyFieldsError,
    );
    expect(() => parseTransferOrder({ roomName: "", participantIdentity: " ", transferTo: "1" })).toThrow(
      expect.objectContaining({ fields: ["roomName", "participantIdentity"] }),
    );
    expect(() => parseTransferOrder({ roomName: "r", participantIdentity: "p", transferTo: "abc" })).toThrow(
      InvalidPhoneNumberError,
    );
  });
});

describe("TransferService.transferCall", () => {
  it("checks in the seed's order, then transfers, with the lookups made together", async () => {
    expect(
      await service(undefined)
        .transfers.transferCall(order, context)
        .catch((e: unknown) => e),
    ).toBeInstanceOf(LiveKitNotConfiguredError);
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
      expect(
        await transfers.transferCall(order, context).catch((e: unknown) => e),
        JSON.stringify(options),
      ).toBeInstanceOf(expected as never);
      expect(calls.some((c) => c.startsWith("transfer"))).toBe(false);
      expect(store.records.size).toBe(0);
    }
  });

  it("answers completed within the window: record, then one event", async () => {
    const { port, answer, calls } = fakeLiveKit();
    const { transfers, store, events } = service(port, 1000);
    const pending = transfers.transferCall(order, context);
    await answer({ outcome: "completed" });
    const { transfer, reused } = await pending;
    expect(reused).toBe(false);
    const { options: _options, ...ordered } = order;
    expect(transfer).toMatchObject({ status: "completed", tenantId: "tenant-a", requestId: "req-1", ...ordered });
    expect(transfer.id).toMatch(/^tr_[A-Za-z0-9_-]{22}$/);
    expect(store.records.get(transfer.id)).toEqual(transfer);
    expect(events.map((e) => e.transfer.status)).toEqual(["completed"]);
    expect(calls.slice(0, 2).sort()).toEqual([
      "findParticipant call-room-123 sip_participant_456",
      "findRoom call-room-123",
    ]);
  });

  it.each([
    [
      { outcome: "failed", sipStatusCode: 603, sipStatus: "Decline", detail: "declined" },
      TransferFailedError,
      "failed",
      "TRANSFER_FAILED",
    ],
    [{ outcome: "refused", reason: "call_not_active", detail: "x" }, CallNotActiveError, "failed", "CALL_NOT_ACTIVE"],
    [
      { outcome: "refused", reason: "already_transferring", detail: "x" },
      TransferInProgressError,
      "failed",
      "TRANSFER_IN_PROGRESS",
    ],
  ] as const)(
    "within the window, %j is refused with %o and the record says %s",
    async (result, ErrorClass, status, code) => {
      const { port, answer } = fakeLiveKit();
      const { transfers, store } = service(port, 1000);
      const pending = transfers.transferCall(order, context).catch((e: unknown) => e);
      await answer(result);
      const error = await pending;
      expect(error).toBeInstanceOf(ErrorClass);
      const [record] = [...store.records.values()];
      expect(record).toMatchObject({ status, error: { code } });
      if (error instanceof TransferFailedError)
        expect(error).toMatchObject({ transferId: record!.id, sipStatusCode: 603, sipStatus: "Decline" });
    },
  );

  it("a tenant with a webhook: its record carries a pending webhook from the start, due once it ends; others' (anonymous here) carry none", async () => {
    const { port, answer } = fakeLiveKit();
    const { transfers, store } = service(port, 0, undefined, (tenantId) => tenantId === "tenant-a");
    const { transfer } = await transfers.transferCall(order, context);
    expect(transfer.webhook).toEqual({ status: "pending", attempts: 0 });
    expect(await store.claimWebhookDeliveries(Date.now() + 60_000, 1000, 10)).toEqual([]); // still running
    await answer({ outcome: "completed" });
    const [delivery] = await store.claimWebhookDeliveries(Date.now() + 1000, 1000, 10);
    expect(delivery).toMatchObject({ attempt: 1, transfer: { id: transfer.id, status: "completed" } });
    const other = await transfers.transferCall(
      { ...order, participantIdentity: "someone-else" },
      { tenantId: undefined, requestId: "req-2" },
    );
    expect(other.transfer.webhook).toBeUndefined();
  });

  it("a timeout is unknown, never failed", async () => {
    const { port, answer } = fakeLiveKit();
    const { transfers } = service(port, 1000);
    const pending = transfers.transferCall(order, context);
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
    expect(store.records.get(transfer.id)).toMatchObject({
      status: "failed",
      error: { sipStatusCode: 486, message: "SIP transfer failed: 486 Busy Here" },
    });
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
    const other = await transfers
      .transferCall({ ...order, transferTo: "tel:+15557654321" }, context)
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(TransferInProgressError);
    expect(other).toMatchObject({ transferId: first.transfer.id });
    // Another tenant (or an anonymous caller) never learns the running transfer's id.
    const foreign = await transfers
      .transferCall(order, { tenantId: undefined, requestId: "req-3" })
      .catch((e: unknown) => e);
    expect(foreign).toMatchObject({ transferId: undefined });
    expect(calls.filter((c) => c.startsWith("transfer"))).toHaveLength(1);
  });

  it("a record left initiated past its deadline (its replica died) ends unknown, and frees the participant", async () => {
    let now = Date.UTC(2026, 10, 25);
    const { port } = fakeLiveKit();
    const { transfers, store, events } = service(port, 0, () => now);
    const stale = {
      id: "tr_stale",
      tenantId: "tenant-a",
      status: "initiated" as const,
      ...order,
      createdAt: now - 100_000,
      updatedAt: now - 100_000,
      deadlineAt: now - 1,
      requestId: "old",
    };
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
    for (const [id, tenant] of [
      [transfer.id, "tenant-b"],
      [transfer.id, undefined],
      ["tr_none", "tenant-a"],
    ] as const) {
      expect(await transfers.getTransfer(id, tenant).catch((e: unknown) => e)).toBeInstanceOf(TransferNotFoundError);
    }
  });

  it("sweeps overdue records no process follows, and reports how many", async () => {
    let now = 1_000_000;
    const { transfers, store, events } = service(fakeLiveKit().port, 0, () => now);
    await store.startTransfer({
      id: "tr_a",
      tenantId: undefined,
      status: "initiated",
      ...order,
      createdAt: 0,
      updatedAt: 0,
      deadlineAt: now + 5,
      requestId: "r",
    });
    expect(await transfers.endOverdueTransfers()).toBe(0);
    now += 10;
    expect(await transfers.endOverdueTransfers()).toBe(1);
    expect(events).toHaveLength(1);
    expect(await transfers.endOverdueTransfers()).toBe(0);
  });

  it("cursors round-trip and foreign ones are refused", () => {
    expect(decodeCursor(encodeCursor({ createdAt: 1764093600123, id: "tr_abc" }))).toEqual({
      createdAt: 1764093600123,
      id: "tr_abc",
    });
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

/** The memory store whose endTransfer fails (a store hiccup) the next `failures` calls, or until `heal()`. */
function hiccupStore(failures = Number.POSITIVE_INFINITY) {
  const store = memoryStore();
  const write = store.endTransfer.bind(store);
  let left = failures;
  const calls = { endTransfer: 0 };
  store.endTransfer = async (id, end) => {
    calls.endTransfer += 1;
    if (left > 0) {
      left -= 1;
      throw new StoreUnavailableError(new Error("SQLITE_BUSY: database is locked"));
    }
    return write(id, end);
  };
  return { store, calls, write, heal: () => void (left = 0), fail: () => void (left = Number.POSITIVE_INFINITY) };
}

describe("TransferService: an outcome is never lost to a store hiccup", () => {
  /** Answers the oldest running transfer call under fake timers. */
  const answerWith = async (
    answer: (result: LiveKitTransferResult) => Promise<void>,
    result: LiveKitTransferResult,
  ) => {
    const answered = answer(result);
    await vi.advanceTimersByTimeAsync(5);
    await answered;
  };
  const setup = (store: TransferStore & { records: Map<string, unknown> }, waitMs = 0) => {
    vi.useFakeTimers();
    const livekit = fakeLiveKit();
    const reports: OutcomeWriteReport[] = [];
    const made = service(livekit.port, waitMs, undefined, undefined, {
      store: store as ReturnType<typeof memoryStore>,
      onOutcomeWrite: (report) => reports.push(report),
    });
    /** Starts a transfer (its wait window is a fake timer too). */
    const start = async () => {
      const started = made.transfers.transferCall(order, context);
      await vi.advanceTimersByTimeAsync(0);
      return started;
    };
    return { ...made, ...livekit, reports, start };
  };

  it("a failing outcome write is retried with backoff (100, 200, 400 ms…) until it lands; only then do the subscribers hear it", async () => {
    const flaky = hiccupStore(3);
    const { transfers, store, events, answer, reports, start } = setup(flaky.store);
    const { transfer } = await start();
    await answerWith(answer, { outcome: "completed" }); // t = 5 ms; the first write failed at t = 0
    expect(flaky.calls.endTransfer).toBe(1);
    expect(store.records.get(transfer.id)?.status).toBe("initiated");
    expect(events).toEqual([]);
    expect(transfers.runningCount).toBe(1);
    await vi.advanceTimersByTimeAsync(94);
    expect(flaky.calls.endTransfer).toBe(1);
    await vi.advanceTimersByTimeAsync(1); // t = 100
    expect(flaky.calls.endTransfer).toBe(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(flaky.calls.endTransfer).toBe(2);
    await vi.advanceTimersByTimeAsync(1); // t = 300
    expect(flaky.calls.endTransfer).toBe(3);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(400); // t = 700: lands
    expect(flaky.calls.endTransfer).toBe(4);
    expect(store.records.get(transfer.id)).toMatchObject({ status: "completed" });
    expect(events.map((e) => e.transfer.status)).toEqual(["completed"]);
    expect(reports.map((r) => (r.kind === "retrying" ? r.retryInMs : `${r.kind} after ${r.attempts}`))).toEqual([
      100,
      200,
      400,
      "written after 4",
    ]);
    expect(transfers.runningCount).toBe(0);
  });

  it("the backoff stops growing at its cap", async () => {
    const flaky = hiccupStore();
    const { answer, reports, start } = setup(flaky.store);
    await start();
    await answerWith(answer, { outcome: "completed" });
    await vi.advanceTimersByTimeAsync(60_000);
    const delays = reports.flatMap((r) => (r.kind === "retrying" ? [r.retryInMs] : []));
    expect(delays.slice(0, 8)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
    flaky.heal();
    await vi.advanceTimersByTimeAsync(5000);
    expect(reports.at(-1)).toMatchObject({ kind: "written", transfer: { status: "completed" } });
  });

  it("in the wait window, an outcome not written yet answers initiated (what the store holds); the record ends once the write lands", async () => {
    const flaky = hiccupStore();
    const { transfers, store, events, answer } = setup(flaky.store, 1000);
    const pending = transfers.transferCall(order, context);
    await vi.advanceTimersByTimeAsync(1);
    await answerWith(answer, { outcome: "failed", sipStatusCode: 486, sipStatus: "Busy Here", detail: "busy" });
    await vi.advanceTimersByTimeAsync(1000);
    const { transfer } = await pending;
    expect(transfer.status).toBe("initiated");
    expect(events).toEqual([]);
    flaky.heal();
    await vi.advanceTimersByTimeAsync(5000);
    expect(store.records.get(transfer.id)).toMatchObject({ status: "failed", error: { sipStatusCode: 486 } });
    expect(events.map((e) => [e.transfer.status, e.detail])).toEqual([["failed", "busy"]]);
  });

  it("a write that landed though its answer was lost (a stalled store runs it later) counts: one event", async () => {
    const store = memoryStore();
    const write = store.endTransfer.bind(store);
    let lost = 1;
    store.endTransfer = async (id, end) => {
      const written = await write(id, end);
      if (lost-- > 0) throw new StoreUnavailableError(new Error("Command timed out"));
      return written;
    };
    const { transfers, events, answer, start } = setup(store);
    const { transfer } = await start();
    await answerWith(answer, { outcome: "completed" });
    await vi.advanceTimersByTimeAsync(100);
    expect(store.records.get(transfer.id)).toMatchObject({ status: "completed" });
    expect(events.map((e) => e.transfer.status)).toEqual(["completed"]);
    expect(transfers.runningCount).toBe(0);
  });

  it("a record another process ended while the write was failing (past its deadline) keeps that end, and is not published again", async () => {
    const flaky = hiccupStore();
    const { transfers, store, events, answer, start } = setup(flaky.store);
    const { transfer } = await start();
    await answerWith(answer, { outcome: "completed" });
    await flaky.write(transfer.id, {
      status: "unknown",
      endedAt: Date.now(),
      error: { code: "OUTCOME_UNKNOWN", message: "past its deadline" },
    });
    flaky.heal();
    await vi.advanceTimersByTimeAsync(100);
    expect(store.records.get(transfer.id)).toMatchObject({ status: "unknown" });
    expect(events).toEqual([]);
    expect(transfers.runningCount).toBe(0);
  });

  it("at stop, a failing write is retried through the grace, then given up (reported): the record stays initiated for its deadline", async () => {
    const flaky = hiccupStore();
    const { transfers, store, events, answer, reports, start } = setup(flaky.store);
    const { transfer } = await start();
    await answerWith(answer, { outcome: "completed" });
    let stopped: number | undefined;
    void transfers.stop(2000).then((left) => (stopped = left));
    await vi.advanceTimersByTimeAsync(1990);
    expect(stopped).toBeUndefined();
    const triedInGrace = flaky.calls.endTransfer;
    expect(triedInGrace).toBeGreaterThanOrEqual(4); // t = 0, 100, 300, 700, 1500
    await vi.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(1);
    expect(flaky.calls.endTransfer).toBe(triedInGrace);
    expect(reports.at(-1)).toMatchObject({
      kind: "given_up",
      transfer: { id: transfer.id, status: "completed" },
      attempts: triedInGrace,
    });
    expect(store.records.get(transfer.id)?.status).toBe("initiated");
    expect(events).toEqual([]);
    expect(transfers.runningCount).toBe(0);
  });

  it("at stop, a write that lands within the grace ends the record with LiveKit's outcome", async () => {
    const flaky = hiccupStore(2);
    const { transfers, store, events, answer, start } = setup(flaky.store);
    const { transfer } = await start();
    await answerWith(answer, { outcome: "completed" });
    let stopped: number | undefined;
    void transfers.stop(2000).then((left) => (stopped = left));
    await vi.advanceTimersByTimeAsync(300);
    expect(stopped).toBe(0);
    expect(store.records.get(transfer.id)).toMatchObject({ status: "completed" });
    expect(events.map((e) => e.transfer.status)).toEqual(["completed"]);
  });

  it("after stop, later transfers' writes are retried again (stop gives up only what was pending then)", async () => {
    const flaky = hiccupStore(0);
    const { transfers, store, events, answer, start } = setup(flaky.store);
    const stopped = transfers.stop(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(await stopped).toBe(0);
    const { transfer } = await start();
    flaky.fail();
    await answerWith(answer, { outcome: "completed" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(flaky.calls.endTransfer).toBeGreaterThan(1);
    expect(events).toEqual([]);
    flaky.heal();
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.records.get(transfer.id)?.status).toBe("completed");
    expect(events).toHaveLength(1);
  });

  it("at stop, a transfer LiveKit has not answered gets one write of unknown; when that fails too it is given up", async () => {
    const flaky = hiccupStore();
    const { transfers, store, events, reports, start } = setup(flaky.store);
    const { transfer } = await start();
    let stopped: number | undefined;
    void transfers.stop(500).then((left) => (stopped = left));
    await vi.advanceTimersByTimeAsync(500);
    expect(stopped).toBe(1);
    expect(flaky.calls.endTransfer).toBe(1);
    expect(reports).toMatchObject([{ kind: "given_up", transfer: { status: "unknown" }, attempts: 1 }]);
    expect(store.records.get(transfer.id)?.status).toBe("initiated");
    expect(events).toEqual([]);
  });
});
