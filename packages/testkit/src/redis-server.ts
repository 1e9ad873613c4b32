import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "./net.js";

/** A real redis-server on 127.0.0.1 for tests: no persistence, stopped with the test run. */
export interface TestRedis {
  url: string;
  port: number;
  /** Freezes the server (SIGSTOP): it accepts connections but answers nothing — a stalled Redis. */
  pause(): void;
  resume(): void;
  /** Deletes every key of every database. */
  flushAll(): Promise<void>;
  /** Kills the server (the port stays reserved for restart). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const REDIS_INSTALL_HINT =
  "redis-server is not installed: run scripts/redis/install (Debian/Ubuntu: apt-get install redis-server)";

export function redisServerAvailable(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** `args`: more redis-server options, e.g. `["--maxmemory-policy", "allkeys-lru"]`. */
export async function startTestRedis(options: { args?: string[] } = {}): Promise<TestRedis> {
  if (!redisServerAvailable()) throw new Error(REDIS_INSTALL_HINT);
  const port = await freePort();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const launch = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...(options.args ?? [])],
      {
        stdio: "ignore",
      },
    );
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswersPing(port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error("redis-server did not answer PING within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGCONT");
    running.kill("SIGKILL");
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => void child?.kill("SIGSTOP"),
    flushAll: () => command(port, "FLUSHALL"),
    resume: () => void child?.kill("SIGCONT"),
    kill,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      process.removeListener("exit", killOnExit);
      await kill();
    },
  };
}

/** Sends one inline command to the Redis on 127.0.0.1:`port` and resolves to its first reply line. */
function send(port: number, line: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`${line}\r\n`));
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer to ${line.split(" ")[0]} within ${timeoutMs} ms`));
    });
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().trim());
    });
    socket.once("error", reject);
  });
}

async function command(port: number, line: string): Promise<void> {
  const reply = await send(port, line);
  if (reply.startsWith("-")) throw new Error(reply);
}

/** Does a Redis on 127.0.0.1:`port` answer PING? */
export function redisAnswersPing(port: number): Promise<boolean> {
  return send(port, "PING", 500).then(
    (reply) => reply.startsWith("+PONG"),
    () => false,
  );
}
