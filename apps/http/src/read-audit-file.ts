import { open } from "node:fs/promises";
import type { AuditEntry } from "./audit-trail.js";

/** How much of the end of an `--audit-file` is read: 4 MiB, some 15 000 entries. */
export const AUDIT_FILE_READ_LIMIT_BYTES = 4 * 1024 * 1024;

/** What {@link readAuditFile} found. */
export interface AuditFileContents {
  /** The well-formed entries of the part read, oldest first (the file's order). */
  readonly entries: AuditEntry[];
  /** Lines skipped because they are not a whole audit entry (cut short, not JSON, edited by hand). */
  readonly malformed: number;
  /** Bytes at the start of the file left unread because of the limit (0 when it was read whole). */
  readonly unreadBytes: number;
  /** The file's size when it was read. */
  readonly size: number;
}

const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === "string";

/** The entry a parsed line holds, with only the fields an entry has; undefined when it is not one. */
function entryOf(json: unknown): AuditEntry | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined;
  const { at, rpc, caller, target, outcome, route, surface } = json as Record<string, unknown>;
  if (typeof at !== "string" || Number.isNaN(Date.parse(at))) return undefined;
  if (typeof rpc !== "string" || rpc === "" || typeof caller !== "string" || typeof outcome !== "string")
    return undefined;
  if (!optionalString(target) || !optionalString(route) || !optionalString(surface)) return undefined;
  return {
    at,
    rpc,
    caller,
    target,
    outcome,
    ...(route !== undefined ? { route } : {}),
    ...(surface !== undefined ? { surface } : {}),
  };
}

/**
 * Reads the last `limitBytes` of an audit file of JSON lines (as `--audit-file` writes them) and
 * parses it line by line. A line cut by the limit is dropped silently; other lines that are not
 * whole entries are skipped and counted, never thrown. Errors of the file itself (missing,
 * unreadable) are thrown as Node's errors.
 */
export async function readAuditFile(
  path: string,
  limitBytes: number = AUDIT_FILE_READ_LIMIT_BYTES,
): Promise<AuditFileContents> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    // one byte before the limit too, to see whether the first line read starts whole
    const start = Math.max(0, size - limitBytes - 1);
    const buffer = Buffer.alloc(size - start);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    let text = buffer.subarray(0, filled).toString("utf8");
    if (start > 0) {
      const firstEnd = text.indexOf("\n");
      text = firstEnd === -1 ? "" : text.slice(firstEnd + 1);
    }
    const entries: AuditEntry[] = [];
    let malformed = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let entry: AuditEntry | undefined;
      try {
        entry = entryOf(JSON.parse(line));
      } catch {
        entry = undefined;
      }
      if (entry === undefined) malformed++;
      else entries.push(entry);
    }
    return { entries, malformed, unreadBytes: start > 0 ? start + 1 : 0, size };
  } finally {
    await file.close();
  }
}
