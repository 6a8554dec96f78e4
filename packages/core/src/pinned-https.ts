import { Agent, request } from "undici";

/** undici's request API and its connection pool, trusting only `ca` (lnd's own cert). */
export interface PinnedHttps {
  readonly request: typeof request;
  readonly agent: Agent;
}

export function createPinnedHttps(ca: string, servername: string | undefined): PinnedHttps {
  const agent = new Agent({
    // rejectUnauthorized explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot switch the pin off
    connect: { ca, rejectUnauthorized: true, ...(servername !== undefined ? { servername } : {}) },
    // keep connections between calls, and let idle ones go so nothing pins the process
    keepAliveTimeout: 30_000,
  });
  return { request, agent };
}
