import type { ListTransfersQuery, TransferList, TransferRequest } from "@sip-transfer/api-types";
import {
  type DestinationPolicy,
  type PhoneNumberOptions,
  TransferFailedError,
  type TransferRecord,
  type TransferService,
  newTransferId,
  parseTransferOrder,
  refusalOf,
} from "@sip-transfer/domain";
import type { StoredAnswer } from "@sip-transfer/store";
import { type Request, type Response, Router } from "express";
import { errorAnswer, problemOf } from "../error-mapping.js";
import type { Idempotency } from "../idempotency.js";
import { type Answer, claimForRequest, clientWentAway, keep, send, stored } from "../answers.js";
import { toTransferBody, toTransferResponse, transferLocation } from "../transfer-wire.js";

export interface TransferRoutesDeps {
  transfers: TransferService;
  idempotency: Idempotency;
  phone?: PhoneNumberOptions | undefined;
  /** The destination policy for a tenant (undefined: an anonymous caller). */
  destinationPolicy: (tenantId: string | undefined) => DestinationPolicy;
}

/** The transfers resource: `POST /sip/transfer`, `GET /sip/transfers/{id}`, `GET /sip/transfers`. */
export function transferRoutes(deps: TransferRoutesDeps): Router {
  const router = Router({ caseSensitive: true, strict: true });

  router.post("/sip/transfer", async (req: Request, res: Response) => {
    const body = req.body as TransferRequest;
    const tenantId = res.locals.auth?.id;
    const order = parseTransferOrder(
      {
        roomName: body.room_name,
        participantIdentity: body.participant_identity,
        transferTo: body.transfer_to,
        ringingTimeoutS: body.ringing_timeout,
        playDialtone: body.play_dialtone,
        headers: body.headers,
      },
      { phone: deps.phone, policy: deps.destinationPolicy(tenantId) },
    );

    const claimed = await claimForRequest(req, res, {
      idempotency: deps.idempotency,
      scopePrefix: "",
      tenantId,
      newId: newTransferId,
      answerOf: async (id) => storedAnswerOf(await deps.transfers.getTransfer(id, tenantId)),
    });
    if (claimed === "answered") return;
    const { id: transferId, claim } = claimed;

    let answer: Answer;
    try {
      const { transfer } = await deps.transfers.transferCall(order, {
        tenantId,
        requestId: res.locals.requestId,
        transferId,
      });
      if (clientWentAway(res)) {
        req.log.warn(
          { transfer_id: transfer.id, status: transfer.status },
          transfer.status === "initiated"
            ? "the client went away before the answer; the transfer goes on and its record will say how it ends"
            : `the client went away before the answer; the transfer ended ${transfer.status}`,
        );
      }
      answer = {
        status: 200,
        headers: { Location: transferLocation(transfer.id) },
        body: toTransferResponse(transfer),
      };
    } catch (error) {
      if (clientWentAway(res)) {
        const problem = problemOf(error);
        req.log.warn(
          { code: problem?.code, transfer_id: problem?.details?.transfer_id },
          `the client went away before the answer; the request ended ${problem?.code ?? "in an error"}`,
        );
      }
      // Only an outcome of the transfer call is kept; every other refusal is safe to retry.
      if (claim && error instanceof TransferFailedError) {
        await keep(claim, errorAnswer(problemOf(error)!), req);
      } else if (claim) {
        // Not awaited: the refusal is the answer now; a retry meanwhile gets 409 IDEMPOTENCY_KEY_IN_USE.
        void claim.release(req.log);
      }
      throw error;
    }
    if (claim) await keep(claim, answer, req);
    send(res, answer);
  });

  router.get("/sip/transfers/:transfer_id", async (req: Request<{ transfer_id: string }>, res: Response) => {
    const record = await deps.transfers.getTransfer(req.params.transfer_id, res.locals.auth?.id);
    res.status(200).json(toTransferBody(record));
  });

  router.get("/sip/transfers", async (req: Request, res: Response) => {
    const query = req.query as ListTransfersQuery;
    const page = await deps.transfers.listTransfers({
      tenantId: res.locals.auth?.id,
      roomName: query.room_name,
      participantIdentity: query.participant_identity,
      status: query.status,
      limit: query.limit === undefined ? 20 : Number(query.limit),
      cursor: query.cursor,
    });
    const list: TransferList = { transfers: page.transfers.map(toTransferBody), next_cursor: page.nextCursor ?? null };
    res.status(200).json(list);
  });

  return router;
}

/**
 * The answer for a key whose request started `record` but whose answer was never stored: what
 * that request answers for the record as it stands (200 with it, or its TRANSFER_FAILED or
 * LiveKit's refusal).
 */
function storedAnswerOf(record: TransferRecord): StoredAnswer {
  const refusal = refusalOf(record);
  if (refusal) return stored(errorAnswer(problemOf(refusal)!));
  return stored({ status: 200, headers: { Location: transferLocation(record.id) }, body: toTransferResponse(record) });
}
