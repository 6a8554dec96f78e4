import type { Interceptor } from "@connectrpc/connect";

/** The metadata one call arrived with, as lnd's handler would find it in its incoming context. */
export interface ReceivedMetadata {
  /** e.g. "ListTowers" */
  readonly method: string;
  /** key (lowercase) to its values joined by ", "; the macaroon is never kept */
  readonly metadata: Readonly<Record<string, string>>;
}

/** How many calls the double remembers. */
const keep = 100;

/**
 * Record each call's metadata (gRPC headers, or what the REST gateway forwarded from
 * `Grpc-Metadata-*`), newest last, for tests that check what a client sent. The macaroon is a
 * credential and stays out of the log.
 */
export function createMetadataRecorder(log: ReceivedMetadata[]): Interceptor {
  return (next) => async (req) => {
    const metadata: Record<string, string> = {};
    req.header.forEach((value, key) => {
      if (key !== "macaroon") metadata[key] = value;
    });
    log.push({ method: req.method.name, metadata });
    if (log.length > keep) log.splice(0, log.length - keep);
    return next(req);
  };
}
