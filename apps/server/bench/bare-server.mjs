// The bench's bare baseline: a plain node:http server doing what POST /sip/transfer must do at the
// least — read a JSON body (16 KiB at most), check the three fields and the number, then make the same
// LiveKit SDK calls (room and participant at once, then the transfer) — with no framework, no
// validator, no logging, no store. Started by transfer.mjs with PORT and the LIVEKIT_* variables.
import { createServer } from "node:http";
import { RoomServiceClient, SipClient } from "livekit-server-sdk";

const { PORT, LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = process.env;
const rooms = new RoomServiceClient(LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, { failover: false });
const sip = new SipClient(LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET, { failover: false });

const answer = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
};
const invalid = (res, code, error) => answer(res, 400, { error, code });

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
  const number = body.transfer_to
    .trim()
    .replace(/^tel:/i, "")
    .replace(/[ \-.()]/g, "");
  if (!/^(\+\d{7,15}|\d{1,15})$/.test(number))
    return invalid(res, "INVALID_PHONE_NUMBER", `Invalid phone number '${body.transfer_to}'`);
  const room = body.room_name.trim();
  const identity = body.participant_identity.trim();
  try {
    const [found, participant] = await Promise.all([rooms.listRooms([room]), rooms.getParticipant(room, identity)]);
    if (!found.some((r) => r.name === room))
      return answer(res, 404, { error: `Room '${room}' not found`, code: "ROOM_NOT_FOUND" });
    if (participant.kind !== 3)
      return answer(res, 404, { error: "not a SIP participant", code: "PARTICIPANT_NOT_FOUND" });
    await sip.transferSipParticipant(room, identity, `tel:${number}`);
  } catch {
    return answer(res, 500, { error: "SIP transfer failed", code: "TRANSFER_FAILED" });
  }
  answer(res, 200, {
    status: "completed",
    room_name: room,
    participant_identity: identity,
    transfer_to: `tel:${number}`,
  });
}).listen(Number(PORT), "127.0.0.1", () => process.stdout.write("listening\n"));
