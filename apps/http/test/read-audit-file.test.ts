import { appendFile, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuditFileTrail } from "../src/audit-file-trail.js";
import type { AuditEntry } from "../src/audit-trail.js";
import { readAuditFile } from "../src/read-audit-file.js";
import { captureLog } from "./harness.js";

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  rpc: "TerminateSession",
  caller: "writer",
  target: n.toString(16).padStart(66, "0"),
  outcome: "ok",
  ...extra,
});
const line = (e: AuditEntry) => `${JSON.stringify(e)}\n`;

describe("readAuditFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-audit-read-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("parses whole entries in the file's order, skipping and counting lines that are not entries", async () => {
    const file = path.join(dir, "mixed.jsonl");
    const route = { route: "POST /v2/watchtower/client/sessions/terminate/{session_id}", surface: "rest" };
    await writeFile(
      file,
      [
        line(entry(1, route)),
        "not json\n",
        "\n",
        `${JSON.stringify({ at: "yesterday", rpc: "TerminateSession", caller: "x", outcome: "ok" })}\n`,
        `${JSON.stringify({ at: entry(2).at, rpc: "AddTower", caller: "x" })}\n`,
        "[1,2]\n",
        line(entry(3, { target: undefined, outcome: "denied: unknown bearer token", extra: "dropped" } as never)),
        // a line a crash cut short, without its newline
        line(entry(4)).slice(0, 40),
      ].join(""),
    );
    const read = await readAuditFile(file);
    expect(read.malformed).toBe(5);
    expect(read.unreadBytes).toBe(0);
    expect(read.entries).toEqual([
      { ...entry(1), ...route },
      { ...entry(3), target: undefined, outcome: "denied: unknown bearer token" },
    ]);
  });

  it("reads only the last limitBytes, dropping the line the limit cuts without counting it", async () => {
    const file = path.join(dir, "long.jsonl");
    const lines = Array.from({ length: 100 }, (_, i) => line(entry(i)));
    await writeFile(file, lines.join(""));
    const size = lines.join("").length;
    // the limit ends inside line 90: lines 91..99 are whole within it
    const limit = lines.slice(90).join("").length + 5;
    const read = await readAuditFile(file, limit);
    expect(read.entries.map((e) => e.target)).toEqual(lines.slice(90).map((_, i) => entry(90 + i).target));
    expect(read.malformed).toBe(0);
    expect(read.unreadBytes).toBe(size - limit);
    expect(read.size).toBe(size);
    // a limit that ends exactly at a line's start keeps that line
    const exact = await readAuditFile(file, lines.slice(95).join("").length);
    expect(exact.entries).toHaveLength(5);
    expect(exact.malformed).toBe(0);
    // a limit smaller than the last line: nothing whole in it
    expect((await readAuditFile(file, 10)).entries).toEqual([]);
  });

  it("throws the file's own error when it cannot be read", async () => {
    await expect(readAuditFile(path.join(dir, "none.jsonl"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("the --audit-file trail", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-audit-trail-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lists the successful terminations newest first, once per session, across everything in the file", async () => {
    const file = path.join(dir, "trail.jsonl");
    await writeFile(file, line(entry(1)) + line(entry(2)) + "garbage\n");
    const log = captureLog();
    const trail = createAuditFileTrail(file, pino(log.stream));
    trail.record(entry(1, { at: entry(5).at }));
    trail.record(entry(6, { outcome: "session not found" }));
    trail.record(entry(7, { rpc: "DeactivateTower" }));
    trail.record(entry(8, { target: undefined }));
    await appendFile(file, "more garbage\n");
    const listed = await trail.terminated();
    expect(listed.map((e) => [e.target, e.at])).toEqual([
      [entry(1).target, entry(5).at],
      [entry(2).target, entry(2).at],
    ]);
    await trail.close();
    // malformed lines are told once
    expect(log.lines.filter((l) => l.includes("not whole JSON audit entries"))).toHaveLength(1);
    expect(log.records().find((r) => r.malformed !== undefined)?.malformed).toBe(2);
  });

  it("ends a last line left without its newline when it opens the file, so that the next entry is whole", async () => {
    const file = path.join(dir, "cut.jsonl");
    await writeFile(file, line(entry(1)) + line(entry(2)).slice(0, 30));
    const trail = createAuditFileTrail(file, pino({ level: "silent" }));
    trail.record(entry(3));
    expect((await trail.terminated()).map((e) => e.target)).toEqual([entry(3).target, entry(1).target]);
    await trail.close();
    expect((await readAuditFile(file)).malformed).toBe(1);
  });

  it("stores every entry recorded before close, even when close comes at once", async () => {
    const file = path.join(dir, "closing.jsonl");
    const trail = createAuditFileTrail(file, pino({ level: "silent" }));
    for (let i = 0; i < 20; i++) trail.record(entry(i));
    await trail.close();
    const read = await readAuditFile(file);
    expect(read.entries.map((e) => e.target)).toEqual(Array.from({ length: 20 }, (_, i) => entry(i).target));
    expect(read.malformed).toBe(0);
  });

  it("re-reads the file only when its size or modification time changed", async () => {
    const file = path.join(dir, "cached.jsonl");
    const stamp = new Date("2025-01-01T00:00:00Z");
    await writeFile(file, line(entry(1)));
    await utimes(file, stamp, stamp);
    const trail = createAuditFileTrail(file, pino({ level: "silent" }));
    try {
      expect((await trail.terminated()).map((e) => e.target)).toEqual([entry(1).target]);
      // other content of the same size and time: the cached answer stands
      await writeFile(file, line(entry(2)));
      await utimes(file, stamp, stamp);
      expect((await trail.terminated()).map((e) => e.target)).toEqual([entry(1).target]);
      // a new time: read again
      await utimes(file, new Date(stamp.getTime() + 1000), new Date(stamp.getTime() + 1000));
      expect((await trail.terminated()).map((e) => e.target)).toEqual([entry(2).target]);
    } finally {
      await trail.close();
    }
  });
});
