import { PolicyType } from "@wtclient/gen";

/** `02ab12…ef90`: enough to tell keys apart at a glance; the full key is always one click away. */
export function shortKey(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex;
}

export function policyName(type: PolicyType): string {
  switch (type) {
    case PolicyType.LEGACY:
      return "Legacy";
    case PolicyType.ANCHOR:
      return "Anchor";
    case PolicyType.TAPROOT:
      return "Taproot";
    default:
      return `Policy ${String(type)}`;
  }
}

export const policyTypes: readonly PolicyType[] = [PolicyType.LEGACY, PolicyType.ANCHOR, PolicyType.TAPROOT];

export function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "short" });
}
