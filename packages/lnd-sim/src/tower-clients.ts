import { PolicyType } from "@wtclient/core";

/** lnd's tower clients, one per blob type; lnd v0.18–v0.20 runs the first three, v0.21+ all four. */
export type TowerClientKind = "legacy" | "anchor" | "taproot" | "taproot-final";

export const towerClientKinds: readonly TowerClientKind[] = ["legacy", "anchor", "taproot", "taproot-final"];

/** The clients an lnd with `count` tower clients runs, in the order the double reports them. */
export function towerClientsOf(count: 3 | 4): readonly TowerClientKind[] {
  return towerClientKinds.slice(0, count);
}

/** Both taproot blob types report as TAPROOT (spec §3.6). */
export function policyTypeOf(kind: TowerClientKind): PolicyType {
  switch (kind) {
    case "legacy":
      return PolicyType.LEGACY;
    case "anchor":
      return PolicyType.ANCHOR;
    default:
      return PolicyType.TAPROOT;
  }
}

export function isTowerClientKind(value: string): value is TowerClientKind {
  return (towerClientKinds as readonly string[]).includes(value);
}
