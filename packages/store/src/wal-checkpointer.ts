import type { DatabaseSync } from "node:sqlite";
import { Worker } from "node:worker_threads";

// SQLite folds its write-ahead log back into the database file (a checkpoint) every 1000 pages by
// default, on the connection whose commit crosses the mark: with synchronous=NORMAL that is an
// fsync of the database file inside a request, on the event loop (about half of what a transfer's
// two writes cost, with the listing's indexes). Here a worker thread with a connection of its own
// folds the WAL every CHECKPOINT_INTERVAL_MS, off the request path (PASSIVE: it never waits for
// the writer nor holds it back). It cannot start the WAL over while writes go on without a pause,
// though: only a checkpoint that catches up with the WAL's end lets the next write do that. So the
// store's connection still checkpoints by itself, past WAL_SAFETY_FRAMES instead of 1000: it then
// finds most of the WAL folded already, the WAL starts over, and it stays bounded whatever the
// timing. What is durable and when does not change (WAL, synchronous=NORMAL); a write waits for
// the disk ten times less often. journal_size_limit gives the WAL file its space back after.

/** Commits before the worker is started (a store that writes little never starts one). */
export const COMMITS_BEFORE_WORKER = 32;
/** WAL frames (pages) past which the store's own connection checkpoints (in a write). */
export const WAL_SAFETY_FRAMES = 10_000;
/** Bytes the WAL file is cut back to once it starts over (SQLite's journal_size_limit). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** How often the worker checkpoints (a checkpoint with nothing to fold reads a header, no more). */
export const CHECKPOINT_INTERVAL_MS = 100;

// The worker: CommonJS run from this string (eval), so it needs no file of its own next to this
// one (tests run the TypeScript sources, the server the built files). It checkpoints on its own
// timer, in its own thread: however busy the store's thread is, the WAL is folded and started over.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(workerData.path);
db.exec("PRAGMA busy_timeout = " + workerData.busyTimeoutMs);
const timer = setInterval(() => {
  try {
    db.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch (error) {
    clearInterval(timer);
    parentPort.postMessage(String(error));
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
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
  db.exec(`PRAGMA wal_autocheckpoint = ${WAL_SAFETY_FRAMES}`);
  db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  let worker: Worker | undefined;
  let failed = false;
  let commits = 0;
  let closing = false;

  const fallBack = () => {
    if (failed) return;
    failed = true;
    void worker?.terminate();
    worker = undefined;
    if (db.isOpen) db.exec("PRAGMA wal_autocheckpoint = 1000");
  };
  const start = (): Worker | undefined => {
    try {
      const started = new Worker(WORKER, {
        eval: true,
        workerData: { path, busyTimeoutMs, intervalMs: CHECKPOINT_INTERVAL_MS },
      });
      started.unref();
      // Its only message: a checkpoint failed (it has stopped checkpointing).
      started.on("message", fallBack);
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
      if (worker || failed || closing) return;
      commits += 1;
      if (commits >= COMMITS_BEFORE_WORKER) worker = start();
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
