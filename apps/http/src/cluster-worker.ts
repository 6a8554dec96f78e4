import type { ClusterMessage } from "./start-cluster-service.js";
import { startHttpService } from "./start-http-service.js";

/**
 * A node:cluster worker of `--workers N`: waits for the primary's config, serves it (sharing the
 * primary's listener), says where it listens, and stops when the primary says so or goes away.
 * SIGINT and SIGTERM are the primary's to handle: it stops every worker in turn.
 */
export function runClusterWorker(): void {
  const send = (m: ClusterMessage) => process.send?.(m);
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  process.once("message", (first: ClusterMessage) => {
    if (first.kind !== "config") return;
    startHttpService({ ...first.config, workers: 1 }).then(
      (service) => {
        const stop = () => void service.close().finally(() => process.exit(0));
        process.on("message", (m: ClusterMessage) => m.kind === "close" && stop());
        process.once("disconnect", stop);
        send({ kind: "listening", url: service.url });
      },
      (e: unknown) => {
        send({ kind: "failed", message: (e as Error).message });
        process.exitCode = 1;
        process.disconnect();
      },
    );
  });
  send({ kind: "ready" });
}
