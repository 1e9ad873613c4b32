import type { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";

// SQLite folds its write-ahead log back into the database file (a checkpoint) every 1000 pages by
// default, on the connection whose commit crosses the mark: with synchronous=NORMAL that is an
// fsync of the database file inside a request, on the event loop (about half of what a transfer's
// two writes cost, with the listing's indexes). Here the store's connection never checkpoints; a
// worker thread with a connection of its own does, after every CHECKPOINT_EVERY commits, off the
// request path. What is durable and when does not change (WAL, synchronous=NORMAL); only which
// thread waits for the disk.

/** Commits between two checkpoints asked of the worker (a transfer's two writes touch ~12 pages each). */
export const CHECKPOINT_EVERY = 32;

// The worker: CommonJS run from this string (eval), so it needs no file of its own next to this
// one (tests run the TypeScript sources, the server the built files).
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(workerData.path);
db.exec("PRAGMA busy_timeout = " + workerData.busyTimeoutMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    parentPort.postMessage("done");
  } catch (error) {
    parentPort.postMessage(String(error));
  }
});
`;

export interface WalCheckpointer {
  /** A write transaction of the store's connection committed. */
  committed(): void;
  /**
   * Stops the worker (the store's connection, closed last, then checkpoints what is left): a
   * promise of its exit, or undefined when none was started (nothing to wait for).
   */
  close(): Promise<void> | undefined;
}

/**
 * Checkpoints `db`'s file (`path`, in WAL mode) from a worker thread, started on the first need (a
 * store that writes little never starts one). If the worker fails or cannot start, the store's
 * connection checkpoints by itself again, as SQLite does by default.
 */
export function startWalCheckpointer(db: DatabaseSync, path: string, busyTimeoutMs: number): WalCheckpointer {
  db.exec("PRAGMA wal_autocheckpoint = 0");
  let worker: Worker | undefined;
  let failed = false;
  let inFlight = false;
  let commits = 0;
  let closing = false;

  const fallBack = () => {
    if (failed) return;
    failed = true;
    worker = undefined;
    if (db.isOpen) db.exec("PRAGMA wal_autocheckpoint = 1000");
  };
  const start = (): Worker | undefined => {
    try {
      const started = new Worker(WORKER, { eval: true, workerData: { path, busyTimeoutMs } });
      started.unref();
      started.on("message", (message: unknown) => {
        inFlight = false;
        if (message !== "done") fallBack();
      });
      started.on("error", fallBack);
      started.on("exit", () => {
        if (!closing) fallBack();
      });
      return started;
    } catch {
      fallBack();
      return undefined;
    }
  };

  return {
    committed() {
      commits += 1;
      if (failed || closing || inFlight || commits < CHECKPOINT_EVERY) return;
      worker ??= start();
      if (!worker) return;
      commits = 0;
      inFlight = true;
      worker.postMessage("checkpoint");
    },
    close() {
      closing = true;
      const running = worker;
      worker = undefined;
      if (!running) return undefined;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.postMessage("stop");
      // A worker stuck in a checkpoint (a disk that does not answer) does not hold the stop up.
      const timer = setTimeout(() => void running.terminate(), busyTimeoutMs + 1000);
      return exited.finally(() => clearTimeout(timer));
    },
  };
}
