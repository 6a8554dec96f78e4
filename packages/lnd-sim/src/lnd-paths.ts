import { join } from "node:path";

/** lnd's `--network` values; each names its own directory under data/chain/bitcoin. */
export type LndNetwork = "mainnet" | "testnet" | "testnet4" | "regtest" | "simnet" | "signet";

export const lndNetworks: readonly LndNetwork[] = ["mainnet", "testnet", "testnet4", "regtest", "simnet", "signet"];

export function isLndNetwork(value: string): value is LndNetwork {
  return (lndNetworks as readonly string[]).includes(value);
}

/** Where lnd keeps its files for one lnddir and network, plus the double's macaroon root key. */
export interface LndPaths {
  readonly lnddir: string;
  readonly tlsCertPath: string;
  readonly tlsKeyPath: string;
  readonly macaroonDir: string;
  readonly macaroonPaths: { readonly admin: string; readonly readonly: string; readonly invoice: string };
  /**
   * The macaroon root key (32 raw bytes). lnd keeps it, encrypted, in macaroons.db in the same
   * directory; the double keeps it in plain `lnd-sim-macaroon-root.key` there (mode 0600).
   */
  readonly rootKeyPath: string;
}

export function lndPaths(lnddir: string, network: LndNetwork): LndPaths {
  const macaroonDir = join(lnddir, "data", "chain", "bitcoin", network);
  return {
    lnddir,
    tlsCertPath: join(lnddir, "tls.cert"),
    tlsKeyPath: join(lnddir, "tls.key"),
    macaroonDir,
    macaroonPaths: {
      admin: join(macaroonDir, "admin.macaroon"),
      readonly: join(macaroonDir, "readonly.macaroon"),
      invoice: join(macaroonDir, "invoice.macaroon"),
    },
    rootKeyPath: join(macaroonDir, "lnd-sim-macaroon-root.key"),
  };
}
