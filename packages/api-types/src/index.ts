import type { components, operations, paths } from "./openapi.js";

export type { components, operations, paths };

type Schemas = components["schemas"];

/** Body of `POST /sip/transfer`. */
export type TransferRequest = Schemas["TransferRequest"];
/** 200 body of `POST /sip/transfer`. */
export type TransferResponse = Schemas["TransferResponse"];
/** A transfer's record: 200 body of `GET /sip/transfers/{transfer_id}`. */
export type Transfer = Schemas["Transfer"];
/** `initiated`, `completed`, `failed` or `unknown`. */
export type TransferStatus = Schemas["TransferStatus"];
/** Why a transfer is `failed` or `unknown`. */
export type TransferOutcomeError = Schemas["TransferOutcomeError"];
/** 200 body of `GET /sip/transfers`. */
export type TransferList = Schemas["TransferList"];
/** Query of `GET /sip/transfers`. */
export type ListTransfersQuery = NonNullable<operations["listTransfers"]["parameters"]["query"]>;
/** Body of `POST /sip/warm-transfers`. */
export type WarmTransferRequest = Schemas["WarmTransferRequest"];
/** 201 body of `POST /sip/warm-transfers`. */
export type WarmTransferResponse = Schemas["WarmTransferResponse"];
/** A warm transfer's record: `GET /sip/warm-transfers/{id}`, and the answer of complete and cancel. */
export type WarmTransfer = Schemas["WarmTransfer"];
/** `dialing`, `consulting`, `completed`, `cancelled` or `failed`. */
export type WarmTransferStatus = Schemas["WarmTransferStatus"];
/** Why a warm transfer is `failed`. */
export type WarmTransferError = Schemas["WarmTransferError"];
/** 200 body of `GET /sip/warm-transfers`. */
export type WarmTransferList = Schemas["WarmTransferList"];
/** Query of `GET /sip/warm-transfers`. */
export type ListWarmTransfersQuery = NonNullable<operations["listWarmTransfers"]["parameters"]["query"]>;
/** Webhook body: a warm transfer ended `completed`. */
export type WarmTransferCompletedEvent = Schemas["WarmTransferCompletedEvent"];
/** Webhook body: a warm transfer ended `cancelled`. */
export type WarmTransferCancelledEvent = Schemas["WarmTransferCancelledEvent"];
/** Webhook body: a warm transfer ended `failed`. */
export type WarmTransferFailedEvent = Schemas["WarmTransferFailedEvent"];
/** Every warm transfer webhook body, told apart by `type`. */
export type WarmTransferEvent = WarmTransferCompletedEvent | WarmTransferCancelledEvent | WarmTransferFailedEvent;
/** The body of every error response. */
export type ErrorBody = Schemas["Error"];
/** Every machine-readable error code the service answers with. */
export type ErrorCode = Schemas["ErrorCode"];
/** The optional `details` of an error body. */
export type ErrorDetails = Schemas["ErrorDetails"];
/** One entry of `details.issues`. */
export type RequestIssue = Schemas["RequestIssue"];
/** 200 body of `GET /health`. */
export type HealthResponse = Schemas["HealthResponse"];
/** Where a transfer's webhook stands (`webhook` of a record). */
export type TransferWebhook = Schemas["TransferWebhook"];
/** Webhook body: a transfer ended `completed`. */
export type TransferCompletedEvent = Schemas["TransferCompletedEvent"];
/** Webhook body: a transfer ended `failed`. */
export type TransferFailedEvent = Schemas["TransferFailedEvent"];
/** Webhook body: a transfer ended `unknown`. */
export type TransferUnknownEvent = Schemas["TransferUnknownEvent"];
/** Every webhook body, told apart by `type`. */
export type TransferEvent = TransferCompletedEvent | TransferFailedEvent | TransferUnknownEvent;
/** `transfer.completed`, `transfer.failed` or `transfer.unknown`. */
export type TransferEventType = TransferEvent["type"];
