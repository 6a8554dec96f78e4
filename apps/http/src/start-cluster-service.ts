import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import { DEFAULT_LISTEN, type HttpServiceConfig } from "./http-service-config.js";
import { parseListenAddress } from "./listen-address.js";
import { logListenerCert } from "./listener-cert.js";
import type { HttpService } from "./start-http-service.js";

/** What the primary and a worker say to each other over the cluster's IPC channel. */
export type ClusterMessage =
  | { readonly kind: "ready" }
  | { readonly kind: "config"; readonly config: HttpServiceConfig }
  | { readonly kind: "listening"; readonly url: string }
  | { readonly kind: "failed"; readonly message: string }
  | { readonly kind: "close" };

// the built bin: a worker process runs it, and it serves as a worker when node:cluster says so
const workerScript = new URL("./cli.js", import.meta.url).pathname;

/**
 * `--workers N` (N > 1): the primary forks N node:cluster workers that each run the whole service
 * (`startHttpService` with the same config, given over IPC, never in argv or the environment) and
 * share its listener; connections are handed out round-robin. The primary itself neither serves nor
 * talks to lnd. A self-signed certificate is made once, here, so that every worker presents the same
 * one. A worker that dies after it was listening is replaced; one that cannot start fails the start.
 */
export async function startClusterService(
  config: HttpServiceConfig,
  logger: Logger,
  tls: { cert: string; key: string } | undefined,
  lndAddress: string,
): Promise<HttpService> {
  const count = config.workers ?? 1;
  const { logDestination: _, workers: __, tlsSelfSigned: ___, ...rest } = config;
  const workerConfig: HttpServiceConfig = { ...rest, ...(tls !== undefined ? { tls } : {}) };
  cluster.setupPrimary({ exec: workerScript, args: [], silent: false });

  const workers = new Set<Worker>();
  let closing = false;
  let started = false;

  function fork(): Promise<string> {
    const worker = cluster.fork();
    workers.add(worker);
    return new Promise<string>((resolve, reject) => {
      let listening = false;
      worker.on("message", (m: ClusterMessage) => {
        // a worker asks once it listens for messages (one sent at "online" could arrive before that)
        if (m.kind === "ready") worker.send({ kind: "config", config: workerConfig } satisfies ClusterMessage);
        else if (m.kind === "listening") {
          listening = true;
          resolve(m.url);
        } else if (m.kind === "failed") reject(new Error(m.message));
      });
      worker.once("exit", (code, signal) => {
        workers.delete(worker);
        if (!listening) return reject(new Error(`a worker exited before listening (${signal ?? `code ${code}`})`));
        if (closing) return;
        logger.error(
          { worker: worker.id, code, signal },
          `worker ${worker.id} exited (${signal ?? `code ${code}`}); starting another`,
        );
        if (started)
          void fork().catch((e: unknown) =>
            logger.error(`a replacement worker could not start: ${(e as Error).message}`),
          );
      });
    });
  }

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.info("shutting down: stopping the workers");
    await Promise.all(
      [...workers].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve();
            w.once("exit", () => resolve());
            if (w.isConnected()) w.send({ kind: "close" } satisfies ClusterMessage);
            else w.kill();
          }),
      ),
    );
    logger.info("stopped");
    logger.flush();
  };

  const urls = await Promise.allSettled(Array.from({ length: count }, () => fork()));
  const failure = urls.find((u): u is PromiseRejectedResult => u.status === "rejected");
  if (failure !== undefined) {
    await close();
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  started = true;
  const url = (urls[0] as PromiseFulfilledResult<string>).value;
  const listen = parseListenAddress(config.listen ?? DEFAULT_LISTEN);
  logger.info({ url, workers: count, listen: listen.host }, `listening on ${url} with ${count} worker processes`);
  if (config.tlsSelfSigned === true && tls !== undefined) logListenerCert(logger, tls.cert);
  return { url, lndAddress, ...(tls !== undefined ? { tlsCert: tls.cert } : {}), close, [Symbol.asyncDispose]: close };
}
