export { createSipTransferClient } from "./client.js";
export type { RequestOptions, SipTransferClient, SipTransferClientOptions } from "./client.js";
export { SipTransferError, isSipTransferError } from "./error.js";
export type { ClientErrorCode, SipTransferErrorCode, SipTransferErrorInit } from "./error.js";
export type {
  ErrorBody,
  ErrorCode,
  ErrorDetails,
  TransferRequest,
  TransferResponse,
  TransferStatus,
} from "@sip-transfer/api-types";
