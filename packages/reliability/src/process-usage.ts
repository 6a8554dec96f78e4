import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface ProcessUsage {
  /** resident set size in bytes (VmRSS) */
  readonly rssBytes: number;
  /** open file descriptors: sockets, pipes, files */
  readonly fds: number;
  /** how many of them are sockets */
  readonly sockets: number;
}

/** What another process on this machine holds right now, read from Linux's /proc. */
export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(rssKiB)) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  const dir = `/proc/${pid}/fd`;
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync(dir)) {
    fds++;
    try {
      if (readlinkSync(`${dir}/${fd}`).startsWith("socket:")) sockets++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return { rssBytes: rssKiB * 1024, fds, sockets };
}
