/** Ready-made commands that transfer a waiting caller: curl, and the client's CLI. */

export interface TransferTarget {
  serverUrl: string;
  apiKey: string;
  room: string;
  identity: string;
  transferTo: string;
}

export function curlCommand(t: TransferTarget): string[] {
  const body = JSON.stringify({ room_name: t.room, participant_identity: t.identity, transfer_to: t.transferTo });
  return [
    `curl -sS -X POST ${t.serverUrl}/sip/transfer \\`,
    `  -H 'Authorization: Bearer ${t.apiKey}' -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
  ];
}

/** The `sip-transfer` CLI of @sip-transfer/client, run from the repository (the demo package depends on it). */
export function cliCommand(t: TransferTarget): string[] {
  return [
    `pnpm --filter @sip-transfer/demo exec sip-transfer transfer --url ${t.serverUrl} --token ${t.apiKey} \\`,
    `  --room ${t.room} --participant '${t.identity}' --to '${t.transferTo}' --wait`,
  ];
}

/** The lines of a SIP request worth reading: the request line, who, which dialog, where to. */
export function referLines(message: string): string[] {
  const lines = message.split(/\r?\n/).map((line) => line.trim());
  const wanted = /^(From|To|Call-ID|CSeq|Refer-To|Referred-By|X-[\w-]+):/i;
  return [lines[0] ?? "", ...lines.slice(1).filter((line) => wanted.test(line))];
}
