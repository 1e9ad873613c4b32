import { readFileSync } from "node:fs";

/**
 * `pnpm start` runs the server through a chain (pnpm → turbo → pnpm run → sh → node), and pnpm does
 * not pass SIGTERM down that chain: killing the `pnpm start` process would leave the server running
 * and holding its port. When started by a package-manager script on Linux, this follows the chain
 * of ancestors up to the outermost pnpm/npm/turbo process and calls `onGone` once one of them has
 * exited. A server started directly (`node dist/main.js`, systemd, a container) is not affected.
 */
export function watchLauncher(onGone: (pid: number) => void, intervalMs = 500): () => void {
  if (process.platform !== "linux" || !process.env["npm_lifecycle_event"]) return () => {};
  const chain = launcherChain();
  if (chain.length === 0) return () => {};
  const timer = setInterval(() => {
    const gone = chain.find((pid) => !alive(pid));
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

const LAUNCHER = /(^|[/\s])(pnpm|npm|npx|yarn|turbo)(\.c?js)?(\s|$)/;

function launcherChain(): number[] {
  const ancestors: { pid: number; launcher: boolean }[] = [];
  let pid = process.ppid;
  for (let depth = 0; pid > 1 && depth < 32; depth += 1) {
    const parent = parentOf(pid);
    if (parent === undefined) break;
    ancestors.push({ pid, launcher: LAUNCHER.test(commandOf(pid)) });
    pid = parent;
  }
  const outermost = ancestors.map((a) => a.launcher).lastIndexOf(true);
  return ancestors.slice(0, outermost + 1).map((a) => a.pid);
}

/** The fields of /proc/<pid>/stat after the command name (which is in parentheses and may hold spaces). */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function stateOf(pid: number): string | undefined {
  return statOf(pid)?.[0];
}

function parentOf(pid: number): number | undefined {
  const parent = Number(statOf(pid)?.[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** A process that has exited but is not yet reaped by its parent (a zombie) is gone too. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return stateOf(pid) !== "Z";
}
