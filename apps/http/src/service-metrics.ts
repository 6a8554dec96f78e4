/** The service's Prometheus metrics; labels carry RPC names, surfaces and codes, never credentials or paths. */
export interface ServiceMetrics {
  /** Count one request as in flight; call the result when it ends. */
  enter(): () => void;
  /** One finished HTTP request. `route` is an RPC name or one of the fixed service paths. */
  countRequest(surface: string, route: string, status: number): void;
  /** One call to lnd, with its outcome ("OK" or the error's code name). */
  observeLndCall(rpc: string, outcome: string, seconds: number): void;
  /** The Prometheus text exposition (format 0.0.4). */
  render(): string;
}

// lnd answers in milliseconds when local, seconds when busy or remote; the top buckets cover the default 30 s deadline
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(",")}}`;
}

interface Histogram {
  readonly labels: Record<string, string>;
  readonly counts: number[];
  sum: number;
  count: number;
}

export function createServiceMetrics(): ServiceMetrics {
  const requests = new Map<string, { labels: Record<string, string>; value: number }>();
  const lndCalls = new Map<string, Histogram>();
  let inFlight = 0;

  return {
    enter() {
      inFlight++;
      let done = false;
      return () => {
        if (!done) inFlight--;
        done = true;
      };
    },
    countRequest(surface, route, status) {
      // label values never hold a NUL: a cheap key, where JSON.stringify would cost more than the count
      const key = `${surface}\0${route}\0${status}`;
      let entry = requests.get(key);
      if (entry === undefined) {
        entry = { labels: { surface, route, status: String(status) }, value: 0 };
        requests.set(key, entry);
      }
      entry.value++;
    },
    observeLndCall(rpc, outcome, seconds) {
      const key = `${rpc}\0${outcome}`;
      let h = lndCalls.get(key);
      if (h === undefined) {
        h = { labels: { rpc, outcome }, counts: latencyBuckets.map(() => 0), sum: 0, count: 0 };
        lndCalls.set(key, h);
      }
      latencyBuckets.forEach((le, i) => {
        if (seconds <= le) h.counts[i]!++;
      });
      h.sum += seconds;
      h.count++;
    },
    render() {
      const out: string[] = [];
      out.push("# HELP wtclient_http_requests_total HTTP requests handled, by surface, route (RPC or service path) and HTTP status.");
      out.push("# TYPE wtclient_http_requests_total counter");
      for (const { labels: l, value } of requests.values()) out.push(`wtclient_http_requests_total${labels(l)} ${value}`);
      out.push("# HELP wtclient_http_requests_in_flight HTTP requests being handled now.");
      out.push("# TYPE wtclient_http_requests_in_flight gauge");
      out.push(`wtclient_http_requests_in_flight ${inFlight}`);
      out.push("# HELP wtclient_http_lnd_call_duration_seconds Latency of calls to lnd, by RPC and outcome.");
      out.push("# TYPE wtclient_http_lnd_call_duration_seconds histogram");
      for (const h of lndCalls.values()) {
        latencyBuckets.forEach((le, i) => {
          out.push(`wtclient_http_lnd_call_duration_seconds_bucket${labels({ ...h.labels, le: String(le) })} ${h.counts[i]}`);
        });
        out.push(`wtclient_http_lnd_call_duration_seconds_bucket${labels({ ...h.labels, le: "+Inf" })} ${h.count}`);
        out.push(`wtclient_http_lnd_call_duration_seconds_sum${labels(h.labels)} ${h.sum}`);
        out.push(`wtclient_http_lnd_call_duration_seconds_count${labels(h.labels)} ${h.count}`);
      }
      return out.join("\n") + "\n";
    },
  };
}
