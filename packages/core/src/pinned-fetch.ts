import { Agent, fetch } from "undici";

/** fetch and its connection pool, trusting only `ca` (lnd's own cert). */
export interface PinnedFetch {
  readonly fetch: typeof fetch;
  readonly agent: Agent;
}

export function createPinnedFetch(ca: string, servername: string | undefined): PinnedFetch {
  const agent = new Agent({
    connect: { ca, ...(servername !== undefined ? { servername } : {}) },
    // keep connections between calls, and let idle ones go so nothing pins the process
    keepAliveTimeout: 30_000,
  });
  return { fetch, agent };
}
