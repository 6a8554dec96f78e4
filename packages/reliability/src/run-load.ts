import { createRequire } from "node:module";

export interface LoadRequest {
  readonly method: "GET" | "POST" | "DELETE";
  /** path and query, e.g. /v2/watchtower/client/stats */
  readonly path: string;
}

export interface LoadOptions {
  /** http://host:port */
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** each connection sends these in turn, over and over */
  readonly requests: readonly LoadRequest[];
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadResult {
  /** answers received */
  readonly requests: number;
  readonly non2xx: number;
  /** connection errors */
  readonly errors: number;
  /** requests without an answer within autocannon's 10 s */
  readonly timeouts: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** answers by HTTP status */
  readonly statuses: Readonly<Record<string, number>>;
}

// the parts of autocannon 9's result read here (it ships no types)
interface AutocannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: object) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

/** Load `url` with autocannon for `seconds` over `connections` keep-alive connections. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const r = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    requests: options.requests.map((q) => ({ method: q.method, path: q.path })),
  });
  return {
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    statuses: Object.fromEntries(Object.entries(r.statusCodeStats).map(([status, s]) => [status, s.count])),
  };
}
