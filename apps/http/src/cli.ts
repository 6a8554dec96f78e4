#!/usr/bin/env node
import cluster from "node:cluster";
import { runClusterWorker } from "./cluster-worker.js";
import { formatHttpHelp } from "./http-flags.js";
import { HttpConfigError } from "./http-config-error.js";
import { validateHttpServiceConfig } from "./http-service-config.js";
import { parseHttpArgs } from "./parse-http-args.js";
import { startHttpService } from "./start-http-service.js";

const usageError = (problems: readonly string[]) => {
  for (const p of problems) process.stderr.write(`wtclient-http: ${p}\n`);
  process.exitCode = 2;
};

const parsed = cluster.isWorker ? undefined : parseHttpArgs(process.argv.slice(2));
if (parsed === undefined) {
  // a process of --workers N: the primary sends it its config
  runClusterWorker();
} else if (parsed.kind === "help") {
  process.stdout.write(formatHttpHelp());
} else if (parsed.kind === "errors") {
  usageError(parsed.errors);
} else if (validateHttpServiceConfig(parsed.config).length > 0) {
  usageError(validateHttpServiceConfig(parsed.config));
} else {
  try {
    const service = await startHttpService(parsed.config);
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      service.close().then(
        () => process.exit(0),
        (e: unknown) => {
          process.stderr.write(`wtclient-http: error while stopping on ${signal}: ${(e as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  } catch (e) {
    if (e instanceof HttpConfigError) usageError(e.problems);
    else {
      process.stderr.write(`wtclient-http: cannot start: ${(e as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}
