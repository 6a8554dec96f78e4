import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toPemCert } from "@wtclient/core";
import { startLndSim, type LndSim } from "@wtclient/lnd-sim";

/** What the suite runs against: the double, or a real lnd named by WTCLIENT_TARGET_* variables. */
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
export async function startDoubleTarget(): Promise<Target> {
  const lnddir = mkdtempSync(join(tmpdir(), "wtclient-conformance-"));
  const sim = await startLndSim({ lnddir, rpclisten: "127.0.0.1:0", restlisten: "127.0.0.1:0" });
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

const targetVars = ["WTCLIENT_TARGET_RPCSERVER", "WTCLIENT_TARGET_RESTSERVER", "WTCLIENT_TARGET_TLSCERT", "WTCLIENT_TARGET_MACAROONDIR"] as const;

/** The real lnd the environment names, or undefined when none is named. */
export function externalTarget(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const given = targetVars.filter((v) => env[v]);
  if (given.length === 0) return undefined;
  if (given.length !== targetVars.length) {
    throw new Error(`set all of ${targetVars.join(", ")} to run against a real lnd (missing: ${targetVars.filter((v) => !env[v]).join(", ")})`);
  }
  const dir = env.WTCLIENT_TARGET_MACAROONDIR!;
  const tlsCertPath = env.WTCLIENT_TARGET_TLSCERT!;
  return withCleanup(
    {
      kind: "lnd",
      rpcserver: env.WTCLIENT_TARGET_RPCSERVER!,
      restserver: env.WTCLIENT_TARGET_RESTSERVER!,
      tlsCertPath,
      certPem: toPemCert(readFileSync(tlsCertPath)),
      macaroonPaths: { admin: join(dir, "admin.macaroon"), readonly: join(dir, "readonly.macaroon"), invoice: join(dir, "invoice.macaroon") },
    },
    async () => undefined,
  );
}
