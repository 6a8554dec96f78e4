import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { AuditTrail } from "./audit-trail.js";
import type { AuthPolicy, Authenticator } from "./authenticator.js";
import { registerCallerRoutes } from "./caller-routes.js";
import type { LndConnection } from "./lnd-connection.js";
import { defaultConsoleDir, loadConsoleAssets, serveConsole } from "./serve-console.js";

export interface ConsolePagesDeps {
  /** Where the built console is; default `dist/console` beside the service's code. */
  readonly consoleDir?: string;
  readonly logger: Logger;
  readonly auth: Authenticator;
  readonly policy: AuthPolicy;
  readonly trail: AuditTrail;
  readonly lnd: LndConnection;
  readonly timeoutMs: number;
}

/** The web console at `/` and the two endpoints it reads (/v1/whoami, /v1/audit/terminated); `built` says whether its files were found. */
export function consolePages(deps: ConsolePagesDeps): { built: boolean; register(app: FastifyInstance): void } {
  const dir = deps.consoleDir ?? defaultConsoleDir;
  const assets = loadConsoleAssets(dir);
  if (assets === undefined)
    deps.logger.warn({ consoleDir: dir }, `the web console is not built (no ${dir}/index.html): / answers 404`);
  return {
    built: assets !== undefined,
    register(app) {
      serveConsole(app, assets);
      registerCallerRoutes(app, {
        auth: deps.auth,
        policy: deps.policy,
        trail: deps.trail,
        log: deps.logger,
        // a pass-through macaroon reads the audit list only if lnd lets it read (Stats)
        checkMacaroon: async (macaroonHex) => {
          const client = await deps.lnd.bare();
          await client.stats({}, { timeoutMs: deps.timeoutMs, headers: { [deps.lnd.macaroonHeader]: macaroonHex } });
        },
      });
    },
  };
}
