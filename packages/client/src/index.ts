export { createSipTransferClient } from "./client.js";
export type { RequestOptions, SipTransferClient, SipTransferClientOptions, TransferOptions, WaitOptions } from "./client.js";
export { SipTransferError, isSipTransferError } from "./error.js";
export type { ClientErrorCode, SipTransferErrorCode, SipTransferErrorInit } from "./error.js";
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
} from "@sip-transfer/api-types";
