import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type SipTransferEvent, verifyWebhook } from "@sip-transfer/client";
import { within } from "./wait.js";

export interface VerifiedWebhook {
  event: SipTransferEvent;
  webhookId: string;
}

export interface Refused {
  reason: string;
}

/**
 * The integrator's side of webhooks, as the client's README shows it: an HTTP endpoint that checks
 * each request's Standard Webhooks signature with `verifyWebhook` and the tenant's `whsec_` secret,
 * answers 204 when it verifies and 400 when not.
 */
export async function startWebhookReceiver(secret: string) {
  const verified: VerifiedWebhook[] = [];
  const listeners = new Set<(received: VerifiedWebhook | Refused) => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let received: VerifiedWebhook | Refused;
      try {
        const event = verifyWebhook(Buffer.concat(chunks), request.headers, secret);
        received = { event, webhookId: String(request.headers["webhook-id"]) };
        verified.push(received);
        response.writeHead(204).end();
      } catch (error) {
        received = { reason: (error as Error).message };
        response.writeHead(400).end();
      }
      for (const listener of listeners) listener(received);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    /** Calls `listener` with every request from now on, verified or refused. */
    onRequest(listener: (received: VerifiedWebhook | Refused) => void) {
      listeners.add(listener);
    },
    /** The first verified webhook about `transferId` (one that came already, or the next). */
    async waitForTransfer(transferId: string, ms: number, signal: AbortSignal): Promise<VerifiedWebhook> {
      const about = (received: VerifiedWebhook | Refused): received is VerifiedWebhook =>
        "event" in received && "transfer_id" in received.event.data && received.event.data.transfer_id === transferId;
      const already = verified.find(about);
      if (already) return already;
      let listener: ((received: VerifiedWebhook | Refused) => void) | undefined;
      try {
        return await within(ms, `no verified webhook about ${transferId} within ${ms / 1000} s`, signal, [
          new Promise<VerifiedWebhook>((resolve) => {
            listener = (received) => {
              if (about(received)) resolve(received);
            };
            listeners.add(listener);
          }),
        ]);
      } finally {
        if (listener) listeners.delete(listener);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
