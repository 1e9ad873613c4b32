import { appendFileSync } from "node:fs";
import { join } from "node:path";

/** Every secret the server tests configure or send; none may ever appear in a log line. */
export const SECRETS_IN_TESTS = {
  "tenant-a's API secret": "secret-a-0123456789",
  "tenant-b's API secret": "secret-b-0123456789",
  "tenant-a's next API secret (a key rotation)": "secret-a-next-9876543210",
  "the LiveKit stand-in's API secret": "stand-in-secret-5f2c9a1e",
  "a wrong Bearer token": "wrong-token-123",
  "a wrong api_key": "wrong-key-456",
  "pnpm start's tenant secret": "token-a-0123456789",
  "pnpm start's LiveKit secret": "secret-from-env-0123456789",
  "a Redis password": "hunter2-redis",
  "a LiveKit URL password": "hunter3-livekit",
  "tenant-a's webhook secret": "whsec_QUh3Sy3xFsB+BmChJQWf/ulcERHBq9IucQ8XZsJFgck=",
  "tenant-b's webhook secret": "whsec_oH2IOW9oNjGrOtFOvYuIE67ZRxaSb7xByXb+t+X8s44=",
  "the anonymous webhook secret": "whsec_xU3DJpx+hodAVeqOkSwcZ06S0RQiF4hrJxZoBniKogk=",
  "pnpm start's webhook secret": "whsec_QQxPxW1Hz2qgXQC3FVkk1K3CkSbgvyWWDeNgzzZy/cw=",
  "a token in a webhook URL": "hook-token-7f3e9d",
  "the metrics token": "metrics-token-0123456789",
} as const;

/** Appends log lines to the whole run's collection (see secrets-in-logs.setup.ts). */
export function collectLogLine(line: string): void {
  const dir = process.env["SIP_TRANSFER_TEST_LOG_DIR"];
  if (dir) appendFileSync(join(dir, `${process.pid}.log`), line.endsWith("\n") ? line : `${line}\n`);
}
