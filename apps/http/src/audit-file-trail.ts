import { close as closeFd, closeSync, fstatSync, openSync, readSync, write, writeSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import type { Logger } from "pino";
import type { AuditEntry, AuditTrail } from "./audit-trail.js";
import { openAuditFile } from "./open-audit-file.js";
import { AUDIT_FILE_READ_LIMIT_BYTES, readAuditFile } from "./read-audit-file.js";
import { terminatedSessions } from "./terminated-sessions.js";

/** One `write` call; resolves with the bytes written. */
function writeOnce(fd: number, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) =>
    write(fd, data, 0, data.length, null, (e, n) => (e ? reject(e) : resolve(n))),
  );
}

/**
 * Ends a last line left without its newline (a hand edit, a full disk before a restart), so that it,
 * and not the first entry appended now, is the one line skipped as malformed.
 */
function endLastLine(path: string, fd: number): void {
  try {
    const { size } = fstatSync(fd);
    if (size === 0) return;
    const last = Buffer.alloc(1);
    const reader = openSync(path, "r");
    try {
      readSync(reader, last, 0, 1, size - 1);
    } finally {
      closeSync(reader);
    }
    if (last[0] !== 0x0a) writeSync(fd, "\n");
  } catch {
    // unreadable but appendable: the entries are still written; reading it is what will fail, and say so
  }
}

/**
 * The audit trail of `--audit-file`: each entry is appended to `path` as one JSON line with one
 * `write` on a descriptor opened for appending, so the lines of several processes (`--workers`)
 * sharing the file stay whole. The console's list is read back from the file (its last 4 MiB),
 * so it outlives restarts and is the same in every worker; it is re-read only when the file
 * changed. A file renamed or removed (logrotate) is followed: the next append or read opens
 * `path` anew. Throws an HttpConfigError when the file cannot be opened at the start.
 */
export function createAuditFileTrail(path: string, logger: Logger): AuditTrail {
  let fd = openAuditFile(path);
  endLastLine(path, fd);
  // this process's appends, one after another: its lines keep their order, and close() waits for them
  let pending: Promise<void> = Promise.resolve();
  let closed = false;
  let closing: Promise<void> | undefined;
  let cache: { version: string; sessions: readonly AuditEntry[] } | undefined;
  let reading: { version: string; sessions: Promise<readonly AuditEntry[]> } | undefined;
  let warnedMalformed = false;
  let warnedLimit = false;

  /**
   * Opens `path` again when it no longer names the file this process appends to (renamed away by a rotation, or
   * removed): the entries that follow go to the new file. A path that cannot be opened now keeps the old descriptor.
   * Resolves with the stats of the file `path` names now (undefined when there is none).
   */
  async function followRotation(): Promise<Stats | undefined> {
    const named = await stat(path).catch(() => undefined);
    const open = fstatSync(fd);
    if (named !== undefined && named.ino === open.ino && named.dev === open.dev) return named;
    let next: number;
    try {
      next = openAuditFile(path);
    } catch (e) {
      logger.error(`${(e as Error).message}; entries go on to the file it was moved to`);
      return named;
    }
    endLastLine(path, next);
    closeFd(fd, () => undefined);
    fd = next;
    logger.info({ auditFile: path }, `audit-file: ${path} was renamed or removed (rotated?); appending to it anew`);
    return fstatSync(next);
  }

  async function append(line: Buffer): Promise<void> {
    try {
      await followRotation();
      const n = await writeOnce(fd, line);
      // a short write (disk full) leaves part of a line: end it, so that only this entry is lost
      if (n < line.length) {
        logger.error(`audit-file: only ${n} of ${line.length} bytes of an entry reached ${path} (disk full?)`);
        await writeOnce(fd, Buffer.from("\n"));
      }
    } catch (e) {
      logger.error(
        { code: (e as NodeJS.ErrnoException).code },
        `audit-file: cannot append to ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); this entry is only in the log line`,
      );
    }
  }

  async function read(version: string): Promise<readonly AuditEntry[]> {
    const contents = await readAuditFile(path);
    if (contents.malformed > 0 && !warnedMalformed) {
      warnedMalformed = true;
      logger.warn(
        { auditFile: path, malformed: contents.malformed },
        `audit-file: skipped ${contents.malformed} line(s) of ${path} that are not whole JSON audit entries (later ones are skipped without a word)`,
      );
    }
    if (contents.unreadBytes > 0 && !warnedLimit) {
      warnedLimit = true;
      logger.info(
        { auditFile: path, size: contents.size },
        `audit-file: ${path} is larger than ${AUDIT_FILE_READ_LIMIT_BYTES / 1024 / 1024} MiB; the console's list of terminated sessions comes from its last ${AUDIT_FILE_READ_LIMIT_BYTES / 1024 / 1024} MiB only`,
      );
    }
    const sessions = terminatedSessions(contents.entries);
    cache = { version, sessions };
    return sessions;
  }

  return {
    record(entry) {
      if (closed) {
        logger.warn(`audit-file: ${entry.rpc} ended after the service closed ${path}; it is only in the log line`);
        return;
      }
      // the entry's fields only, in one order whoever recorded it
      const { at, rpc, caller, target, outcome, route, surface } = entry;
      const json = JSON.stringify({ at, rpc, caller, target, outcome, route, surface });
      const line = Buffer.from(`${json}\n`, "utf8");
      pending = pending.then(() => append(line));
    },
    async terminated() {
      // this process's own entries are in the file before it is read, and a rotated-away file is not read
      let current: Stats | undefined;
      pending = pending.then(async () => {
        if (!closed) current = await followRotation().catch(() => undefined);
      });
      await pending;
      // closed, or no file at the path: stat says why
      const now = current ?? (await stat(path));
      const version = `${now.dev}:${now.ino}:${now.size}:${now.mtimeMs}`;
      if (cache?.version === version) return cache.sessions;
      // callers arriving during a read of the same file share it (a changed one, with their own entries, is read anew)
      if (reading?.version !== version) {
        const started = { version, sessions: read(version) };
        reading = started;
        void started.sessions.finally(() => reading === started && (reading = undefined)).catch(() => undefined);
      }
      return reading.sessions;
    },
    close() {
      closed = true;
      closing ??= pending.then(() => new Promise<void>((resolve) => closeFd(fd, () => resolve())));
      return closing;
    },
  };
}
