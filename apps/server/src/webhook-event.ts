import type { TransferEvent, WarmTransferEvent } from "@sip-transfer/api-types";
import { type TransferRecord, type WarmTransferRecord, isOpen } from "@sip-transfer/domain";
import { toTransferBody, toWarmTransferBody } from "./transfer-wire.js";

/**
 * The webhook body of an ended transfer (the spec's `TransferEvent`): `transfer.<status>`, when it
 * ended, and its record without `webhook` (which changes with every attempt, while the body must
 * be the same bytes every time).
 */
export function transferEventBody(record: TransferRecord): string {
  if (record.status === "initiated" || record.endedAt === undefined) {
    throw new Error(`transfer ${record.id} has not ended: it has no event yet`);
  }
  const { webhook: _attempts, ...data } = toTransferBody(record);
  const timestamp = new Date(record.endedAt).toISOString();
  const event: TransferEvent =
    record.status === "completed"
      ? { type: "transfer.completed", timestamp, data }
      : record.status === "failed"
        ? { type: "transfer.failed", timestamp, data }
        : { type: "transfer.unknown", timestamp, data };
  return JSON.stringify(event);
}

/** The webhook body of an ended warm transfer: `warm_transfer.<status>`, when it ended, and its record. */
export function warmTransferEventBody(record: WarmTransferRecord): string {
  if (isOpen(record.status) || record.endedAt === undefined) {
    throw new Error(`warm transfer ${record.id} has not ended: it has no event yet`);
  }
  const data = toWarmTransferBody(record);
  const timestamp = new Date(record.endedAt).toISOString();
  const event: WarmTransferEvent =
    record.status === "completed"
      ? { type: "warm_transfer.completed", timestamp, data }
      : record.status === "cancelled"
        ? { type: "warm_transfer.cancelled", timestamp, data }
        : { type: "warm_transfer.failed", timestamp, data };
  return JSON.stringify(event);
}
