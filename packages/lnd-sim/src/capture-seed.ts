import type { SimSeed } from "./client-db.js";
import type { TowerClientKind } from "./tower-clients.js";

/** The `inputs` block of a capture.json recorded against a real lnd. */
export interface CaptureInputs {
  readonly tower_pubkey: string;
  readonly session_ids: readonly string[];
}

// The recorded lnd v0.19.3 had negotiated its five sessions as: two legacy, two anchor, one taproot.
const recordedClients: readonly TowerClientKind[] = ["legacy", "legacy", "anchor", "anchor", "taproot"];

/** Seed the double with the tower and sessions of a capture, distributed over the clients as on the real node. */
export function captureSeed(inputs: CaptureInputs, address = "127.0.0.1:9912"): SimSeed {
  return {
    towers: [
      {
        pubkey: inputs.tower_pubkey,
        addresses: [address],
        sessions: inputs.session_ids.map((id, i) => ({ id, client: recordedClients[i] ?? "taproot" })),
      },
    ],
  };
}
