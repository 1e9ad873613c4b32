import { describe, expectTypeOf, it } from "vitest";
import {
  type ErrorCode,
  type SipTransferClient,
  type SipTransferError,
  type TransferRequest,
  type Transfer,
  type TransferList,
  type TransferResponse,
  type TransferWebhook,
  type WarmTransfer,
  createSipTransferClient,
  verifyWebhook,
} from "../src/index.js";

describe("public types", () => {
  const client = createSipTransferClient({ baseUrl: "http://localhost:3000" });

  it("transfer takes the spec's request and resolves to the spec's 200 body", () => {
    expectTypeOf(client).toEqualTypeOf<SipTransferClient>();
    expectTypeOf(client.transfer).parameter(0).toEqualTypeOf<TransferRequest>();
    expectTypeOf(client.transfer).returns.resolves.toEqualTypeOf<TransferResponse>();
    expectTypeOf<TransferResponse["status"]>().toEqualTypeOf<"initiated" | "completed" | "unknown">();
    expectTypeOf<TransferResponse["transfer_id"]>().toEqualTypeOf<string>();
    expectTypeOf<TransferRequest>().toEqualTypeOf<{
      room_name: string;
      participant_identity: string;
      transfer_to: string;
      ringing_timeout?: number;
      play_dialtone?: boolean;
      headers?: { [key: string]: string };
    }>();
  });

  it("rejects wrong or unknown fields at compile time", () => {
    // @ts-expect-error -- `room` is not a field; `room_name` is
    void client.transfer({ room: "r", participant_identity: "p", transfer_to: "+15551234567" });
    // @ts-expect-error -- a required field is missing
    void client.transfer({ room_name: "r", participant_identity: "p" });
    // @ts-expect-error -- transfer_to is a string
    void client.transfer({ room_name: "r", participant_identity: "p", transfer_to: 15551234567 });
    void client.transfer(
      // @ts-expect-error -- unknown fields are rejected by the spec, and by the type
      { room_name: "r", participant_identity: "p", transfer_to: "+15551234567", priority: 1 },
    );
  });

  it("the error carries typed status, code and details", () => {
    expectTypeOf<SipTransferError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<ErrorCode>().toExtend<SipTransferError["code"]>();
    expectTypeOf<"TRANSFER_FAILED">().toExtend<SipTransferError["code"]>();
    expectTypeOf<"NOT_A_CODE">().not.toExtend<SipTransferError["code"]>();
    expectTypeOf<NonNullable<SipTransferError["details"]>["sip_status_code"]>().toEqualTypeOf<number | undefined>();
  });

  it("records are the spec's Transfer, and list filters are typed", () => {
    expectTypeOf(client.getTransfer).returns.resolves.toEqualTypeOf<Transfer>();
    expectTypeOf(client.waitForTransfer).returns.resolves.toEqualTypeOf<Transfer>();
    expectTypeOf<Transfer["status"]>().toEqualTypeOf<"initiated" | "completed" | "failed" | "unknown">();
    expectTypeOf(client.listTransfers).returns.resolves.toEqualTypeOf<TransferList>();
    expectTypeOf<TransferList["next_cursor"]>().toEqualTypeOf<string | null>();
    // @ts-expect-error -- not a status
    void client.listTransfers({ status: "running" });
    // @ts-expect-error -- limit is a number
    void client.listTransfers({ limit: "5" });
    void client.transfer({ room_name: "r", participant_identity: "p", transfer_to: "1" }, { idempotencyKey: "job-1" });
  });

  it("the raw client is typed by the spec's paths", () => {
    // @ts-expect-error -- no such path in the spec
    void client.raw.POST("/sip/transfers", { body: { room_name: "r", participant_identity: "p", transfer_to: "1" } });
  });
});

describe("webhook types", () => {
  it("verifyWebhook's event is told apart by type", () => {
    const event = verifyWebhook("", {}, "whsec_x");
    expectTypeOf(event.type).toEqualTypeOf<
      | "transfer.completed"
      | "transfer.failed"
      | "transfer.unknown"
      | "warm_transfer.completed"
      | "warm_transfer.cancelled"
      | "warm_transfer.failed"
    >();
    if (event.type === "transfer.completed") expectTypeOf(event.data).toEqualTypeOf<Transfer>();
    if (event.type === "warm_transfer.failed") expectTypeOf(event.data).toEqualTypeOf<WarmTransfer>();
    expectTypeOf<TransferWebhook["status"]>().toEqualTypeOf<"pending" | "delivered" | "failed">();
    expectTypeOf<Transfer["webhook"]>().toEqualTypeOf<TransferWebhook | undefined>();
  });
});
