// Files written into a dist/ that something may be running from (see package.mjs).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Writes `contents` to `path` by renaming a finished copy over it: a reader sees the old file or the new one, whole. */
export function replaceFile(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}
