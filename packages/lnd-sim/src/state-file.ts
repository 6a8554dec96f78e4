import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { SimSeed, SimState } from "./client-db.js";

const formatVersion = 1;

/** The state file's content, or undefined when there is none yet. */
export function readStateFile(path: string): SimSeed | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  const parsed = JSON.parse(text) as { version?: unknown; towers?: unknown };
  if (parsed.version !== formatVersion || !Array.isArray(parsed.towers)) {
    throw new Error(`${path}: not a wtclient-lnd-sim state file (version ${formatVersion})`);
  }
  return { towers: parsed.towers as SimSeed["towers"] };
}

/**
 * Replace the state file atomically: write a temp file in the same directory, fsync it, rename it over the
 * old one, then fsync the directory so the rename itself survives a crash. Synchronous, so an RPC that
 * changed the state answers only after the change is on disk.
 */
export function writeStateFile(path: string, state: SimState): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, "w", 0o644);
  try {
    writeSync(fd, JSON.stringify({ version: formatVersion, towers: state.towers }, null, 2) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
