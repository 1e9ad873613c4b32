import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as a webhook receiver got it: the raw body, not re-serialised. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  at: number;
}

/** How the receiver answers a request: a status (with optional headers), or never. */
export type ReceiverAnswer = { status: number; headers?: Record<string, string> } | "hang";

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` (+ a path you choose). */
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The answers to the next requests, in order; 204 once they are used up. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /**
   * Answers each request as `decide` says (when it says undefined: as answerNext's queue says);
   * e.g. a 500 to the first delivery of each `webhook-id`, whatever order they come in.
   */
  answerBy(decide: (request: ReceivedWebhook, earlier: ReceivedWebhook[]) => ReceiverAnswer | undefined): void;
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  /** Stops listening (connections refused) until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback for webhook tests. `port` 0 picks a free one. */
export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: ReceiverAnswer[] = [];
  const waiters: (() => void)[] = [];
  let server: Server | undefined;
  let chosenPort = port;
  let decide: ((request: ReceivedWebhook, earlier: ReceivedWebhook[]) => ReceiverAnswer | undefined) | undefined;

  const listen = async () => {
    const s = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const request = { path: req.url ?? "/", headers: req.headers, rawBody: Buffer.concat(chunks), at: Date.now() };
        const decided = decide?.(request, [...received]);
        received.push(request);
        for (const wake of waiters.splice(0)) wake();
        const answer = decided ?? answers.shift() ?? { status: 204 };
        if (answer === "hang") return;
        res.writeHead(answer.status, answer.headers ?? {}).end();
      });
    });
    s.keepAliveTimeout = 500;
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(chosenPort, "127.0.0.1", () => resolve());
    });
    chosenPort = (s.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();

  return {
    url: `http://127.0.0.1:${chosenPort}`,
    port: chosenPort,
    received,
    answerNext: (...next) => {
      answers.push(...next);
    },
    answerBy: (how) => {
      decide = how;
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`expected ${count} webhook request(s) within ${timeoutMs} ms, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    stop,
    start: listen,
    close: stop,
  };
}
