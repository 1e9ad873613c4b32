/**
 * Who may use a room. With an authenticated `authId`, the room's metadata must be a JSON object
 * whose string `auth_id` equals it; anything else (other id, no metadata, not JSON, not an object,
 * not a string) is denied. Anonymous callers (no `authId`) may use any room: the
 * backward-compatible mode of deployments without tokens.
 */
export function mayAccessRoom(roomMetadata: string | undefined, authId: string | undefined): boolean {
  if (authId === undefined) return true;
  if (!roomMetadata) return false;
  let metadata: unknown;
  try {
    metadata = JSON.parse(roomMetadata);
  } catch {
    return false;
  }
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return false;
  const owner = (metadata as Record<string, unknown>)["auth_id"];
  return typeof owner === "string" && owner === authId;
}
