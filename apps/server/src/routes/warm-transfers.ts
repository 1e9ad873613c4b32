import type { ListWarmTransfersQuery, WarmTransferList, WarmTransferRequest } from "@sip-transfer/api-types";
import {
  type DestinationPolicy,
  type PhoneNumberOptions,
  type WarmTransferRecord,
  type WarmTransferService,
  newWarmTransferId,
  parseWarmTransferOrder,
} from "@sip-transfer/domain";
import type { StoredAnswer } from "@sip-transfer/store";
import { type Request, type Response, Router } from "express";
import { type Answer, claimForRequest, keep, send, stored } from "../answers.js";
import type { Idempotency } from "../idempotency.js";
import { toWarmTransferBody, toWarmTransferResponse, warmTransferLocation } from "../transfer-wire.js";

export interface WarmTransferRoutesDeps {
  warmTransfers: WarmTransferService;
  idempotency: Idempotency;
  phone?: PhoneNumberOptions | undefined;
  /** The destination policy for a tenant (undefined: an anonymous caller). */
  destinationPolicy: (tenantId: string | undefined) => DestinationPolicy;
}

type WarmTransferParams = { warm_transfer_id: string };

/**
 * The warm transfers resource: `POST /sip/warm-transfers`, `GET /sip/warm-transfers/{id}`,
 * `GET /sip/warm-transfers`, `POST …/{id}/complete` and `POST …/{id}/cancel`.
 */
export function warmTransferRoutes(deps: WarmTransferRoutesDeps): Router {
  const router = Router({ caseSensitive: true, strict: true });

  router.post("/sip/warm-transfers", async (req: Request, res: Response) => {
    const body = req.body as WarmTransferRequest;
    const tenantId = res.locals.auth?.id;
    const order = parseWarmTransferOrder(
      {
        roomName: body.room_name,
        participantIdentity: body.participant_identity,
        transferTo: body.transfer_to,
        ringingTimeoutS: body.ringing_timeout,
        headers: body.headers,
        agentIdentity: body.agent_identity,
      },
      { phone: deps.phone, policy: deps.destinationPolicy(tenantId) },
    );

    const claimed = await claimForRequest(req, res, {
      idempotency: deps.idempotency,
      scopePrefix: "warm:",
      tenantId,
      newId: newWarmTransferId,
      answerOf: async (id) => createdAnswerOf(await deps.warmTransfers.get(id, tenantId)),
    });
    if (claimed === "answered") return;
    const { id: warmTransferId, claim } = claimed;

    let record: WarmTransferRecord;
    try {
      record = await deps.warmTransfers.start(order, {
        tenantId,
        requestId: res.locals.requestId,
        warmTransferId,
      });
    } catch (error) {
      // A refusal changed nothing (or was undone): the key is free for a retry.
      if (claim) void claim.release(req.log);
      throw error;
    }
    const answer = createdAnswer(record);
    if (claim) await keep(claim, answer, req);
    send(res, answer);
  });

  router.get("/sip/warm-transfers/:warm_transfer_id", async (req: Request<WarmTransferParams>, res: Response) => {
    const record = await deps.warmTransfers.get(req.params.warm_transfer_id, res.locals.auth?.id);
    res.status(200).json(toWarmTransferBody(record));
  });

  router.get("/sip/warm-transfers", async (req: Request, res: Response) => {
    const query = req.query as ListWarmTransfersQuery;
    const page = await deps.warmTransfers.list({
      tenantId: res.locals.auth?.id,
      roomName: query.room_name,
      participantIdentity: query.participant_identity,
      status: query.status,
      limit: query.limit === undefined ? 20 : Number(query.limit),
      cursor: query.cursor,
    });
    const list: WarmTransferList = {
      warm_transfers: page.warmTransfers.map(toWarmTransferBody),
      next_cursor: page.nextCursor ?? null,
    };
    res.status(200).json(list);
  });

  router.post(
    "/sip/warm-transfers/:warm_transfer_id/complete",
    async (req: Request<WarmTransferParams>, res: Response) => {
      const record = await deps.warmTransfers.complete(req.params.warm_transfer_id, res.locals.auth?.id);
      res.status(200).json(toWarmTransferBody(record));
    },
  );

  router.post(
    "/sip/warm-transfers/:warm_transfer_id/cancel",
    async (req: Request<WarmTransferParams>, res: Response) => {
      const record = await deps.warmTransfers.cancel(req.params.warm_transfer_id, res.locals.auth?.id);
      res.status(200).json(toWarmTransferBody(record));
    },
  );

  return router;
}

function createdAnswer(record: WarmTransferRecord): Answer {
  return {
    status: 201,
    headers: { Location: warmTransferLocation(record.id) },
    body: toWarmTransferResponse(record),
  };
}

/** What the request that started `record` answered (its answer was not stored). */
function createdAnswerOf(record: WarmTransferRecord): StoredAnswer {
  return stored(createdAnswer(record));
}
