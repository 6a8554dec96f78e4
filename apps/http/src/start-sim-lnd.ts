import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LndFlags } from "@wtclient/core";
import type { LndSim } from "@wtclient/lnd-sim";

/** The embedded lnd double, started for --sim. */
export interface SimLnd {
  /** lncli-style settings pointing at it (regtest, its cert and admin.macaroon). */
  readonly flags: LndFlags;
  readonly rpcAddress: string;
  readonly restAddress: string;
  readonly lnddir: string;
  close(): Promise<void>;
}

/** lncli-style settings pointing at a double: its addresses, regtest, its cert and admin.macaroon. */
export function flagsOfSim(
  sim: Pick<LndSim, "rpcAddress" | "restAddress" | "lnddir" | "tlsCertPath" | "macaroonPaths">,
): LndFlags {
  return {
    rpcserver: sim.rpcAddress,
    restserver: sim.restAddress,
    lnddir: sim.lnddir,
    network: "regtest",
    tlscertpath: sim.tlsCertPath,
    macaroonpath: sim.macaroonPaths.admin,
  };
}

/** Start lnd-sim in this process on free loopback ports with a fresh temporary lnddir (removed on close). */
export async function startSimLnd(): Promise<SimLnd> {
  // loaded only for --sim: a service in front of a real lnd never pays for the double
  const { startLndSim } = await import("@wtclient/lnd-sim");
  const lnddir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-sim-"));
  let sim: Awaited<ReturnType<typeof startLndSim>>;
  try {
    sim = await startLndSim({
      lnddir,
      network: "regtest",
      rpclisten: "127.0.0.1:0",
      restlisten: "127.0.0.1:0",
      active: true,
    });
  } catch (e) {
    await rm(lnddir, { recursive: true, force: true });
    throw e;
  }
  return {
    flags: flagsOfSim(sim),
    rpcAddress: sim.rpcAddress,
    restAddress: sim.restAddress,
    lnddir: sim.lnddir,
    async close() {
      await sim.close();
      await rm(lnddir, { recursive: true, force: true });
    },
  };
}
