import { openSync } from "node:fs";
import { HttpConfigError } from "./http-config-error.js";

/** What to do about each way opening the file can fail. */
function fixOf(code: string | undefined): string {
  switch (code) {
    case "ENOENT":
      return "its directory does not exist: create it, or choose another path";
    case "EACCES":
    case "EPERM":
      return "permission denied: make the file (or, for a new file, its directory) writable by the user running wtclient-http, or choose another path";
    case "EISDIR":
      return "it is a directory: give the path of a file in it, e.g. <dir>/audit.jsonl";
    case "EROFS":
      return "the file system is read-only: choose a path on a writable one";
    default:
      return "choose a path of a regular file this user may write";
  }
}

/**
 * Opens `--audit-file` for appending (created with mode 0600), or throws an HttpConfigError naming
 * the path, the reason and the fix: an audit file that cannot be written must stop the start.
 */
export function openAuditFile(path: string): number {
  try {
    return openSync(path, "a", 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new HttpConfigError([`--audit-file: cannot append to ${path} (${code ?? "error"}): ${fixOf(code)}`]);
  }
}
