import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import {
  type SipTransferClient,
  type Transfer,
  type WarmTransfer,
  SipTransferError,
  createSipTransferClient,
} from "./index.js";

const USAGE = `sip-transfer — transfer a SIP call in a LiveKit room, and read transfers

  sip-transfer transfer --room <name> --participant <identity> --to <number|sip:uri>
                        [--ringing-timeout <s>] [--dialtone] [--header X-Name=value]...
                        [--idempotency-key <key>] [--wait] [--wait-timeout <s>]
  sip-transfer get <transfer_id> [--wait] [--wait-timeout <s>]
  sip-transfer list [--room <name>] [--participant <identity>] [--status <status>] [--limit <n>] [--cursor <c>]

Warm (attended) transfers: the caller waits on hold while the supervisor is dialled into the room.
  sip-transfer warm start --room <name> --participant <identity> --to <number> [--agent <identity>]
                          [--ringing-timeout <s>] [--header X-Name=value]... [--idempotency-key <key>]
                          [--wait] [--wait-timeout <s>]     (--wait: until the supervisor answers)
  sip-transfer warm complete <warm_transfer_id>               connect caller and supervisor
  sip-transfer warm cancel <warm_transfer_id>                 hang up the supervisor, take the caller back
  sip-transfer warm get <warm_transfer_id> [--wait] [--wait-timeout <s>]   (--wait: until it ends)
  sip-transfer warm list [--room <name>] [--participant <identity>] [--status <status>] [--limit <n>] [--cursor <c>]

Options for every command:
  --url <url>      the server (default: $SIP_TRANSFER_URL, else http://127.0.0.1:3000)
  --token <token>  the API token (default: $SIP_TRANSFER_TOKEN)
  --json           print the server's JSON (or the error's) instead of a line
  -h, --help       this help
  --version        the client's version

Exit codes: 0 completed (list: answered), 10 initiated or dialing (still running; add --wait, or
the wait timed out), 11 failed, 12 unknown, 13 consulting, 14 cancelled, 1 the request was refused
or failed (the error is printed), 2 wrong usage.`;

const SEE_HELP = "see 'sip-transfer --help'";

/** This package's version (its package.json sits next to src/ and dist/ alike). */
function version(): string {
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

export const EXIT = {
  completed: 0,
  initiated: 10,
  dialing: 10,
  failed: 11,
  unknown: 12,
  consulting: 13,
  cancelled: 14,
  error: 1,
  usage: 2,
} as const;

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

class UsageError extends Error {}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: "string" },
        token: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", default: false },
        room: { type: "string" },
        participant: { type: "string" },
        to: { type: "string" },
        agent: { type: "string" },
        "ringing-timeout": { type: "string" },
        dialtone: { type: "boolean" },
        header: { type: "string", multiple: true },
        "idempotency-key": { type: "string" },
        wait: { type: "boolean", default: false },
        "wait-timeout": { type: "string" },
        status: { type: "string" },
        limit: { type: "string" },
        cursor: { type: "string" },
      },
    });
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(`sip-transfer ${version()}`);
    return 0;
  }
  if (command === undefined) return usageError(io, "a command is needed: transfer, get, list or warm");
  const client = createSipTransferClient({
    baseUrl: values.url ?? io.env["SIP_TRANSFER_URL"] ?? "http://127.0.0.1:3000",
    token: values.token ?? io.env["SIP_TRANSFER_TOKEN"],
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  const print = (value: unknown, line: string) => io.out(values.json ? JSON.stringify(value, null, 2) : line);
  let seconds = 120;
  /** Follows a transfer to its end; when --wait-timeout runs out first, reports it as it is now. */
  const waitFor = async (id: string): Promise<Transfer> => {
    try {
      return await client.waitForTransfer(id, { timeoutMs: seconds * 1000 });
    } catch (error) {
      if (!(error instanceof SipTransferError) || error.code !== "TIMEOUT") throw error;
      io.err(`still running after --wait-timeout ${seconds} s`);
      return client.getTransfer(id);
    }
  };

  try {
    // Checked before anything is sent: a wrong --wait-timeout must not come after a transfer.
    if (values["wait-timeout"] !== undefined) seconds = wholeNumber(values["wait-timeout"], "--wait-timeout");
    switch (command) {
      case "transfer": {
        if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
        const room = required(values.room, "--room");
        const participant = required(values.participant, "--participant");
        const to = required(values.to, "--to");
        const answer = await client.transfer(
          {
            room_name: room,
            participant_identity: participant,
            transfer_to: to,
            ...(values["ringing-timeout"] === undefined
              ? {}
              : { ringing_timeout: wholeNumber(values["ringing-timeout"], "--ringing-timeout") }),
            ...(values.dialtone === undefined ? {} : { play_dialtone: values.dialtone }),
            ...(values.header === undefined ? {} : { headers: sipHeaders(values.header) }),
          },
          values["idempotency-key"] === undefined ? {} : { idempotencyKey: values["idempotency-key"] },
        );
        if (values.wait && answer.status === "initiated") return report(await waitFor(answer.transfer_id));
        print(answer, `${answer.transfer_id} ${answer.status} ${answer.transfer_to}`);
        return EXIT[answer.status];
      }
      case "get": {
        const [id, extra] = rest;
        if (id === undefined) throw new UsageError("get needs a transfer_id");
        if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
        return report(values.wait ? await waitFor(id) : await client.getTransfer(id));
      }
      case "list": {
        if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
        const status = values.status;
        if (status !== undefined && !["initiated", "completed", "failed", "unknown"].includes(status)) {
          throw new UsageError("--status must be initiated, completed, failed or unknown");
        }
        const page = await client.listTransfers({
          ...(values.room === undefined ? {} : { room_name: values.room }),
          ...(values.participant === undefined ? {} : { participant_identity: values.participant }),
          ...(status === undefined ? {} : { status: status as Transfer["status"] }),
          ...(values.limit === undefined ? {} : { limit: wholeNumber(values.limit, "--limit") }),
          ...(values.cursor === undefined ? {} : { cursor: values.cursor }),
        });
        const lines = page.transfers.map(line);
        if (page.next_cursor) lines.push(`more: --cursor ${page.next_cursor}`);
        print(page, lines.join("\n") || "no transfers");
        return 0;
      }
      case "warm":
        return await warm(client, rest);
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message);
    if (error instanceof SipTransferError) {
      // A transfer that LiveKit reports failed is an outcome, not a refusal.
      const failed = error.code === "TRANSFER_FAILED";
      if (values.json)
        io.out(
          JSON.stringify(
            {
              status: error.status,
              code: error.code,
              error: error.message,
              details: error.details,
              request_id: error.requestId,
            },
            null,
            2,
          ),
        );
      else
        io.err(
          `${error.status ? `${error.status} ` : ""}${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ""}`,
        );
      return failed ? EXIT.failed : EXIT.error;
    }
    throw error;
  }

  function report(transfer: Transfer): number {
    print(transfer, line(transfer));
    return EXIT[transfer.status];
  }

  function reportWarm(record: WarmTransfer): number {
    print(record, warmLine(record));
    return EXIT[record.status];
  }

  /** `sip-transfer warm <start|complete|cancel|get|list>`. */
  async function warm(client: SipTransferClient, args: string[]): Promise<number> {
    const [action, id, extra] = args;
    const waitFor = async (warmId: string, until: "answered" | "ended"): Promise<WarmTransfer> => {
      try {
        return await client.waitForWarmTransfer(warmId, { timeoutMs: seconds * 1000, until });
      } catch (error) {
        if (!(error instanceof SipTransferError) || error.code !== "TIMEOUT") throw error;
        io.err(`still running after --wait-timeout ${seconds} s`);
        return client.getWarmTransfer(warmId);
      }
    };
    const oneId = () => {
      if (id === undefined) throw new UsageError(`warm ${action} needs a warm_transfer_id`);
      if (extra !== undefined) throw new UsageError(`unexpected argument: ${extra}`);
      return id;
    };
    switch (action) {
      case "start": {
        if (id !== undefined) throw new UsageError(`unexpected argument: ${id}`);
        const answer = await client.warmTransfer(
          {
            room_name: required(values.room, "--room"),
            participant_identity: required(values.participant, "--participant"),
            transfer_to: required(values.to, "--to"),
            ...(values.agent === undefined ? {} : { agent_identity: values.agent }),
            ...(values["ringing-timeout"] === undefined
              ? {}
              : { ringing_timeout: wholeNumber(values["ringing-timeout"], "--ringing-timeout") }),
            ...(values.header === undefined ? {} : { headers: sipHeaders(values.header) }),
          },
          values["idempotency-key"] === undefined ? {} : { idempotencyKey: values["idempotency-key"] },
        );
        if (values.wait) return reportWarm(await waitFor(answer.warm_transfer_id, "answered"));
        print(
          answer,
          `${answer.warm_transfer_id} ${answer.status} ${answer.transfer_to} as ${answer.consult_identity}`,
        );
        return EXIT[answer.status];
      }
      case "complete":
        return reportWarm(await client.completeWarmTransfer(oneId()));
      case "cancel":
        return reportWarm(await client.cancelWarmTransfer(oneId()));
      case "get": {
        const warmId = oneId();
        return reportWarm(values.wait ? await waitFor(warmId, "ended") : await client.getWarmTransfer(warmId));
      }
      case "list": {
        if (id !== undefined) throw new UsageError(`unexpected argument: ${id}`);
        const status = values.status;
        const statuses = ["dialing", "consulting", "completed", "cancelled", "failed"];
        if (status !== undefined && !statuses.includes(status))
          throw new UsageError("--status must be dialing, consulting, completed, cancelled or failed");
        const page = await client.listWarmTransfers({
          ...(values.room === undefined ? {} : { room_name: values.room }),
          ...(values.participant === undefined ? {} : { participant_identity: values.participant }),
          ...(status === undefined ? {} : { status: status as WarmTransfer["status"] }),
          ...(values.limit === undefined ? {} : { limit: wholeNumber(values.limit, "--limit") }),
          ...(values.cursor === undefined ? {} : { cursor: values.cursor }),
        });
        const lines = page.warm_transfers.map(warmLine);
        if (page.next_cursor) lines.push(`more: --cursor ${page.next_cursor}`);
        print(page, lines.join("\n") || "no warm transfers");
        return 0;
      }
      default:
        throw new UsageError(
          action === undefined
            ? "warm needs an action: start, complete, cancel, get or list"
            : `unknown warm action: ${action}`,
        );
    }
  }
}

function warmLine(w: WarmTransfer): string {
  const why = w.error
    ? ` ${w.error.reason}${w.error.sip_status_code ? ` ${w.error.sip_status_code}` : ""}: ${w.error.message}`
    : "";
  return `${w.warm_transfer_id} ${w.status} ${w.room_name}/${w.participant_identity} → ${w.transfer_to} ${w.created_at}${why}`;
}

/** Wrong usage: one line saying what is wrong, and where the help is. */
function usageError(io: Io, message: string): number {
  io.err(`sip-transfer: ${message} (${SEE_HELP})`);
  return EXIT.usage;
}

function line(t: Transfer): string {
  const why = t.error
    ? ` ${t.error.code}${t.error.sip_status_code ? ` ${t.error.sip_status_code}` : ""}: ${t.error.message}`
    : "";
  return `${t.transfer_id} ${t.status} ${t.room_name}/${t.participant_identity} → ${t.transfer_to} ${t.created_at}${why}`;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === "") throw new UsageError(`${name} is needed`);
  return value;
}

function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, got '${value}'`);
  return Number(value);
}

function sipHeaders(pairs: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`--header must be X-Name=value, got '${pair}'`);
    headers[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return headers;
}

/** The `sip-transfer` bin: runs `main` on this process's arguments and exits with its code. */
export function run(): void {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    env: process.env,
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`sip-transfer: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
