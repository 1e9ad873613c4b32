export { createSipTransferClient } from "./client.js";
export type {
  RequestOptions,
  SipTransferClient,
  SipTransferClientOptions,
  TransferOptions,
  WaitOptions,
} from "./client.js";
export { SipTransferError, isSipTransferError } from "./error.js";
export type { ClientErrorCode, SipTransferErrorCode, SipTransferErrorInit } from "./error.js";
export { WebhookVerificationError, verifyWebhook } from "./webhook.js";
export type { SipTransferEvent, WebhookHeaders } from "./webhook.js";
export type {
  ErrorBody,
  ErrorCode,
  ErrorDetails,
  ListTransfersQuery,
  Transfer,
  TransferList,
  TransferOutcomeError,
  TransferRequest,
  TransferResponse,
  TransferStatus,
  TransferWebhook,
  TransferEvent,
  TransferEventType,
  TransferCompletedEvent,
  TransferFailedEvent,
  TransferUnknownEvent,
  ListWarmTransfersQuery,
  WarmTransfer,
  WarmTransferError,
  WarmTransferList,
  WarmTransferRequest,
  WarmTransferResponse,
  WarmTransferStatus,
  WarmTransferEvent,
  WarmTransferCompletedEvent,
  WarmTransferCancelledEvent,
  WarmTransferFailedEvent,
} from "@sip-transfer/api-types";
