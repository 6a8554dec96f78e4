import { createECDH, createHash } from "node:crypto";
import type { SimSeed } from "./client-db.js";

/** A valid compressed secp256k1 key whose private key is sha256(label): fixed, so the demo is the same every run. */
export function demoKey(label: string): string {
  const ecdh = createECDH("secp256k1");
  ecdh.setPrivateKey(createHash("sha256").update(`wtclient-lnd-sim/${label}`).digest());
  return ecdh.getPublicKey("hex", "compressed");
}

/**
 * The double's state when it has neither a state file nor a seed: two active towers and a deactivated one,
 * sessions of every client type, one exhausted session and one already terminated.
 */
export function demoSeed(): SimSeed {
  return {
    towers: [
      {
        pubkey: demoKey("tower/alpha"),
        addresses: ["203.0.113.10:9911"],
        sessions: [
          { id: demoKey("session/alpha/legacy"), client: "legacy", numBackups: 42 },
          { id: demoKey("session/alpha/anchor-exhausted"), client: "anchor", numBackups: 1024 },
          { id: demoKey("session/alpha/anchor"), client: "anchor", numBackups: 17, numPendingBackups: 2 },
          { id: demoKey("session/alpha/taproot"), client: "taproot", numBackups: 5 },
          { id: demoKey("session/alpha/taproot-final"), client: "taproot-final", numBackups: 1 },
        ],
      },
      {
        pubkey: demoKey("tower/beta"),
        addresses: ["[2001:db8::7]:9911", "198.51.100.7:9911"],
        sessions: [
          { id: demoKey("session/beta/legacy-terminated"), client: "legacy", numBackups: 300, terminal: true },
          { id: demoKey("session/beta/taproot"), client: "taproot", numBackups: 0 },
        ],
      },
      {
        pubkey: demoKey("tower/gamma"),
        addresses: ["192.0.2.33:9911"],
        active: false,
        sessions: [{ id: demoKey("session/gamma/anchor"), client: "anchor", numBackups: 8 }],
      },
    ],
  };
}
