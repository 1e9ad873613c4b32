// The real server (startServer, as `pnpm start` runs it) against the LiveKit stand-in, for the
// Python client's tests. Prints one JSON line {url, control, token, webhookSecret}; the control server takes
// POST /behave {method, behaviour} (the stand-in's scripting) and GET /calls (LiveKit calls so far).
import { createServer } from "node:http";
import { createLogger, loadConfig, startServer } from "@sip-transfer/server";
import { freePort, startLiveKitStandIn } from "@sip-transfer/testkit";

const token = "python-client-tenant-secret-0123";
// tenant-a's webhooks go to the tests' receiver (WEBHOOK_RECEIVER_URL), signed with this secret.
const webhookSecret = "whsec_cHl0aG9uLWNsaWVudC13ZWJob29rLXNlY3JldC0wMTIz";
// The outbound trunk warm transfers dial supervisors through (the stand-in's phones answer at once).
const trunk = "ST_pythonClientTrunk";
const standIn = await startLiveKitStandIn();
standIn.addOutboundTrunk(trunk);
standIn.addRoom({
  name: "call-room-123",
  metadata: JSON.stringify({ auth_id: "tenant-a" }),
  participants: [
    { identity: "sip_participant_456", kind: "SIP" },
    { identity: "sip_participant_789", kind: "SIP" },
    { identity: "agent_1", kind: "AGENT" },
    // The warm transfers' own caller and agent: a completed one removes its agent from the room.
    { identity: "sip_participant_warm", kind: "SIP" },
    { identity: "agent_warm", kind: "AGENT" },
  ],
});
const config = loadConfig({
  PORT: String(await freePort()),
  HOST: "127.0.0.1",
  LIVEKIT_URL: standIn.url,
  LIVEKIT_API_KEY: standIn.apiKey,
  LIVEKIT_API_SECRET: standIn.apiSecret,
  SIP_OUTBOUND_TRUNK_ID: trunk,
  AUTH_API_SECRETS_JSON: JSON.stringify([
    {
      id: "tenant-a",
      secret: token,
      ...(process.env.WEBHOOK_RECEIVER_URL ? { webhook_url: process.env.WEBHOOK_RECEIVER_URL, webhook_secret: webhookSecret } : {}),
    },
  ]),
  WEBHOOK_RETRY_DELAY_MS: "200",
  STORE_URL: "sqlite::memory:",
  RESPONSE_VALIDATION: "fail",
  TRANSFER_WAIT_MS: process.env.TRANSFER_WAIT_MS ?? "1000",
  SHUTDOWN_GRACE_MS: "500",
});
const running = await startServer(config, createLogger("silent"));
const control = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  if (req.method === "POST" && req.url === "/behave") {
    const { method, behaviour } = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    standIn.behave(method, behaviour);
    res.end("{}");
  } else if (req.url === "/calls") {
    res.end(JSON.stringify(standIn.calls.map((c) => ({ method: c.method, body: c.body }))));
  } else {
    res.statusCode = 404;
    res.end();
  }
});
const controlPort = await freePort();
control.listen(controlPort, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: running.url, control: `http://127.0.0.1:${controlPort}`, token, webhookSecret })}\n`);
});
const stop = async () => {
  control.close();
  await running.close();
  await standIn.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop); // the test process went away
process.stdin.resume();
