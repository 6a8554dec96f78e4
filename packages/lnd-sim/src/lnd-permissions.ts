import type { MacaroonOp } from "./macaroon-id.js";

/** The ops of lnd's admin.macaroon, grouped and sorted the way the bakery writes them (as in a real lnd's file). */
export const adminOps: readonly MacaroonOp[] = [
  { entity: "address", actions: ["read", "write"] },
  { entity: "info", actions: ["read", "write"] },
  { entity: "invoices", actions: ["read", "write"] },
  { entity: "macaroon", actions: ["generate", "read", "write"] },
  { entity: "message", actions: ["read", "write"] },
  { entity: "offchain", actions: ["read", "write"] },
  { entity: "onchain", actions: ["read", "write"] },
  { entity: "peers", actions: ["read", "write"] },
  { entity: "signer", actions: ["generate", "read"] },
];

/** readonly.macaroon: read on every entity. */
export const readonlyOps: readonly MacaroonOp[] = adminOps.map((op) => ({ entity: op.entity, actions: ["read"] }));

/** invoice.macaroon: invoices and addresses read/write, onchain read. */
export const invoiceOps: readonly MacaroonOp[] = [
  { entity: "address", actions: ["read", "write"] },
  { entity: "invoices", actions: ["read", "write"] },
  { entity: "onchain", actions: ["read"] },
];

/** An entity/action pair lnd checks a macaroon for (each WatchtowerClient method's is in core's method table). */
export interface Permission {
  readonly entity: string;
  readonly action: string;
}

/** The entity of lnd's per-method permission: `uri:/<service>/<Method>`. */
export const uriEntity = "uri";
