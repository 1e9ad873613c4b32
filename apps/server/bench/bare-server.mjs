// The bench's bare baseline (the floor): a plain node:http server doing the essential work of
// POST /sip/transfer and nothing else —
//   read a JSON body (16 KiB at most) and check the three fields;
//   validate the number with libphonenumber-js (full metadata, as our destination policy does) and
//     refuse premium-rate numbers;
//   look the room and the participant up (in parallel, or one after the other with
//     BARE_SEQUENTIAL=1: the order Sayna uses), then transfer;
//   keep a durable record of each transfer: two SQLite writes (the record before the transfer call,
//     its end after), WAL, synchronous=NORMAL — node:sqlite, as our store.
// No framework, no schema validator, no logging, no auth, no rate limit, no metrics. Started by
// transfer.mjs with PORT, STORE_PATH and the LIVEKIT_* variables.
// LiveKit is called as a bare implementation would: through livekit-server-sdk and its own
// transport (fetch). BARE_TRANSPORT=node-http sends the calls over our transport instead
// (@sip-transfer/livekit's TwirpTransport), to tell what our server gains by it from the rest.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { DatabaseSync } from "node:sqlite";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { RoomServiceClient, SipClient } from "livekit-server-sdk";

const { PORT, LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, STORE_PATH, BARE_SEQUENTIAL, BARE_TRANSPORT } =
  process.env;
const rooms = new RoomServiceClient(LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, { failover: false });
const sip = new SipClient(LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, { failover: false });
if (BARE_TRANSPORT === "node-http") {
  const { TwirpTransport, useTwirpTransport } = await import("@sip-transfer/livekit");
  const transport = new TwirpTransport(LIVEKIT_URL, 10);
  useTwirpTransport(rooms, transport);
  useTwirpTransport(sip, transport);
}

const db = new DatabaseSync(STORE_PATH);
db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
  CREATE TABLE IF NOT EXISTS transfers (id TEXT PRIMARY KEY, room_name TEXT NOT NULL,
    participant_identity TEXT NOT NULL, transfer_to TEXT NOT NULL, status TEXT NOT NULL,
    created_at INTEGER NOT NULL, ended_at INTEGER)`);
const insert = db.prepare(
  "INSERT INTO transfers (id, room_name, participant_identity, transfer_to, status, created_at) VALUES (?, ?, ?, ?, 'initiated', ?)",
);
const end = db.prepare("UPDATE transfers SET status = ?, ended_at = ? WHERE id = ?");

const answer = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
};
const invalid = (res, code, error) => answer(res, 400, { error, code });

async function lookUp(room, identity) {
  if (BARE_SEQUENTIAL === "1") return [await rooms.listRooms([room]), await rooms.getParticipant(room, identity)];
  return Promise.all([rooms.listRooms([room]), rooms.getParticipant(room, identity)]);
}

createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== "/sip/transfer")
    return answer(res, 404, { error: "No such route", code: "NOT_FOUND" });
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024)
      return answer(res, 413, { error: "Request body is larger than 16384 bytes", code: "PAYLOAD_TOO_LARGE" });
    chunks.push(chunk);
  }
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return invalid(res, "INVALID_REQUEST", "Invalid request: the body is not valid JSON");
  }
  const fields = ["room_name", "participant_identity", "transfer_to"];
  if (!body || typeof body !== "object" || fields.some((f) => typeof body[f] !== "string" || body[f].trim() === "")) {
    return invalid(res, "INVALID_REQUEST", "Invalid request");
  }
  const number = parsePhoneNumberFromString(body.transfer_to.trim().replace(/^tel:/i, ""));
  if (!number || !number.isPossible())
    return invalid(res, "INVALID_PHONE_NUMBER", `Invalid phone number '${body.transfer_to}'`);
  if (number.isValid() && number.getType() === "PREMIUM_RATE")
    return answer(res, 403, { error: "Premium-rate numbers are not allowed", code: "DESTINATION_NOT_ALLOWED" });
  const room = body.room_name.trim();
  const identity = body.participant_identity.trim();
  const transferTo = `tel:${number.number}`;
  try {
    const [found, participant] = await lookUp(room, identity);
    if (!found.some((r) => r.name === room))
      return answer(res, 404, { error: `Room '${room}' not found`, code: "ROOM_NOT_FOUND" });
    if (participant.kind !== 3)
      return answer(res, 404, { error: "not a SIP participant", code: "PARTICIPANT_NOT_FOUND" });
  } catch {
    return answer(res, 503, { error: "LiveKit unavailable", code: "LIVEKIT_UNAVAILABLE" });
  }
  const id = `tr_${randomUUID()}`;
  insert.run(id, room, identity, transferTo, Date.now());
  try {
    await sip.transferSipParticipant(room, identity, transferTo);
  } catch {
    end.run("failed", Date.now(), id);
    return answer(res, 500, { error: "SIP transfer failed", code: "TRANSFER_FAILED" });
  }
  end.run("completed", Date.now(), id);
  answer(res, 200, {
    transfer_id: id,
    status: "completed",
    room_name: room,
    participant_identity: identity,
    transfer_to: transferTo,
  });
}).listen(Number(PORT), "127.0.0.1", () => process.stdout.write("listening\n"));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
