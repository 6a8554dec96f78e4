import type { JsonObject } from "@bufbuild/protobuf";
import type { Code } from "@connectrpc/connect";
import type { PolicyType, WatchtowerMethodName, WtclientReason } from "@wtclient/core";
import type { World } from "./world.js";

/** How a key travels into the frontend: the same bytes, in the encodings users hold them in. */
export type KeyForm = "hex" | "HEX" | "base64" | "base64url" | "uncompressed";

/** A key argument: bytes in a form, or raw text that is not a valid encoding at all. */
export type KeyArg = { readonly hex: string; readonly form: KeyForm } | { readonly text: string };

export type CallInput =
  | { readonly rpc: "terminateSession"; readonly id: KeyArg }
  | { readonly rpc: "deactivateTower"; readonly pubkey: KeyArg }
  | { readonly rpc: "addTower"; readonly pubkey: KeyArg; readonly address: string }
  | { readonly rpc: "removeTower"; readonly pubkey: KeyArg; readonly address?: string }
  | { readonly rpc: "listTowers"; readonly includeSessions?: boolean; readonly excludeExhaustedSessions?: boolean }
  | {
      readonly rpc: "getTowerInfo";
      readonly pubkey: KeyArg;
      readonly includeSessions?: boolean;
      readonly excludeExhaustedSessions?: boolean;
    }
  | { readonly rpc: "stats" }
  | { readonly rpc: "policy"; readonly policyType?: PolicyType };

/** The credential and connection a call is made with. */
export interface CallContext {
  readonly macaroon: "admin" | "readonly" | "invoice" | "none" | "expired";
  readonly connection: "ok" | "wrong-cert" | "unreachable";
  /** per-call deadline in seconds */
  readonly timeoutSeconds: number;
}

/** What a frontend answered, in one shape for all: lncli's JSON (proto names, bytes as hex) or an error. */
export type Outcome =
  | { readonly ok: true; readonly value: JsonObject }
  | { readonly ok: false; readonly code: Code; readonly message: string; readonly reason?: WtclientReason };

export type Expectation =
  | { readonly value: (value: JsonObject, world: World) => void }
  | { readonly error: { readonly code?: Code; readonly message: string | RegExp; readonly reason: WtclientReason } };

/**
 * What a scenario needs of the target; a target that cannot offer it skips the scenario, saying why.
 * `inactive-client` runs the scenario against a node whose watchtower client is not active.
 */
export type Requirement = "session" | "exhausted-session" | "tower" | "faults" | "allow-terminate" | "inactive-client";

export interface Scenario {
  readonly name: string;
  readonly rpc: WatchtowerMethodName;
  readonly requires?: readonly Requirement[];
  /** changes lnd's state: runs on a fresh double, or is undone on a real lnd */
  readonly mutates?: boolean;
  readonly context?: Partial<CallContext>;
  /** set the target up (faults, earlier calls) before the call */
  prepare?(world: World): Promise<void>;
  input(world: World): CallInput;
  expect(world: World): Expectation;
  /** check the target after a successful call (the effect, not just the answer) */
  verify?(world: World): Promise<void>;
}

/** A scenario's name within the matrix. */
export function scenarioId(s: Scenario): string {
  return s.name;
}
