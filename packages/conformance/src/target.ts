import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toPemCert } from "@wtclient/core/internal";
import { startLndSim, type LndSim } from "@wtclient/lnd-sim";

/** What the suite runs against: the double, or a real lnd. */
export interface Target {
  readonly kind: "double" | "lnd";
  readonly rpcserver: string;
  readonly restserver: string;
  readonly tlsCertPath: string;
  readonly certPem: string;
  readonly macaroonPaths: { readonly admin: string; readonly readonly: string; readonly invoice: string };
  /** the double, for fault knobs */
  readonly sim?: LndSim;
  /** run `fn` when the target closes (a frontend started in front of it, say) */
  onClose(fn: () => Promise<void>): void;
  close(): Promise<void>;
}

function withCleanup(base: Omit<Target, "onClose" | "close">, last: () => Promise<void>): Target {
  const cleanups: (() => Promise<void>)[] = [];
  return {
    ...base,
    onClose: (fn) => void cleanups.push(fn),
    close: async () => {
      for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
      await last();
    },
  };
}

/** A fresh double on free loopback ports, in its own lnddir (cert and macaroons made anew). */
export async function startDoubleTarget(options: { active?: boolean } = {}): Promise<Target> {
  const lnddir = mkdtempSync(join(tmpdir(), "wtclient-conformance-"));
  const sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0", ...options });
  return withCleanup(
    {
      kind: "double",
      rpcserver: sim.rpcAddress,
      restserver: sim.restAddress,
      tlsCertPath: sim.tlsCertPath,
      certPem: readFileSync(sim.tlsCertPath, "utf8"),
      macaroonPaths: sim.macaroonPaths,
      sim,
    },
    async () => {
      await sim.close();
      rmSync(lnddir, { recursive: true, force: true });
    },
  );
}

/** Where a real lnd listens and keeps its cert and macaroons. */
export interface LndEndpoints {
  readonly rpcserver: string;
  readonly restserver: string;
  readonly tlsCertPath: string;
  /** the folder holding admin, readonly and invoice.macaroon */
  readonly macaroonDir: string;
}

/** A real lnd as a target; `last` runs when it closes (stopping a node the suite started, say). */
export function lndTarget(lnd: LndEndpoints, last: () => Promise<void> = async () => undefined): Target {
  const dir = lnd.macaroonDir;
  return withCleanup(
    {
      kind: "lnd",
      rpcserver: lnd.rpcserver,
      restserver: lnd.restserver,
      tlsCertPath: lnd.tlsCertPath,
      certPem: toPemCert(readFileSync(lnd.tlsCertPath)),
      macaroonPaths: {
        admin: join(dir, "admin.macaroon"),
        readonly: join(dir, "readonly.macaroon"),
        invoice: join(dir, "invoice.macaroon"),
      },
    },
    last,
  );
}

const targetVars = (prefix: string) =>
  ["RPCSERVER", "RESTSERVER", "TLSCERT", "MACAROONDIR"].map((v) => `${prefix}${v}`);

/**
 * The real lnd the environment names (WTCLIENT_TARGET_RPCSERVER, ..._RESTSERVER, ..._TLSCERT, ..._MACAROONDIR),
 * or undefined when none is named. `prefix` WTCLIENT_TARGET_INACTIVE_ names a node without the watchtower client.
 */
export function externalTarget(env: NodeJS.ProcessEnv = process.env, prefix = "WTCLIENT_TARGET_"): Target | undefined {
  const vars = targetVars(prefix);
  const given = vars.filter((v) => env[v]);
  if (given.length === 0) return undefined;
  if (given.length !== vars.length) {
    throw new Error(
      `set all of ${vars.join(", ")} to run against a real lnd (missing: ${vars.filter((v) => !env[v]).join(", ")})`,
    );
  }
  const [rpcserver, restserver, tlsCertPath, macaroonDir] = vars.map((v) => env[v]!) as [
    string,
    string,
    string,
    string,
  ];
  return lndTarget({ rpcserver, restserver, tlsCertPath, macaroonDir });
}
