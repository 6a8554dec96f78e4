import { Code } from "@connectrpc/connect";
import { expect } from "vitest";
import type { Scenario } from "../scenario.js";
import { lndError, notActive, permissionDenied, value } from "./expect.js";

const terminated = (id: string) =>
  value((v) => expect(v).toEqual({ status: `Successful termination of session: ${id}` }));

/** A successful terminate of the world's session, the id given in one form. */
function success(name: string, form: "hex" | "HEX" | "base64" | "base64url" | "uncompressed"): Scenario {
  return {
    name: `TerminateSession: ${name}`,
    rpc: "terminateSession",
    requires: ["session", "allow-terminate"],
    mutates: true,
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form } }),
    expect: (w) => terminated(w.session!),
    // the terminated session stays listed and counted (lnd deletes it only once its channels close)
    verify: async (w) => {
      const towers = await w.refresh();
      expect(towers.flatMap((t) => t.sessions.map((s) => s.id))).toContain(w.session);
    },
  };
}

function badKey(name: string, hex: string, message: string | RegExp): Scenario {
  return {
    name: `TerminateSession: ${name}`,
    rpc: "terminateSession",
    input: () => ({ rpc: "terminateSession", id: { hex, form: "hex" } }),
    expect: () => lndError(message, "invalid-key"),
  };
}

const denied = (macaroon: "readonly" | "invoice"): Scenario => ({
  name: `TerminateSession: ${macaroon} macaroon`,
  rpc: "terminateSession",
  requires: ["session"],
  context: { macaroon },
  input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
  expect: () => permissionDenied,
});

export const terminateSessionScenarios: Scenario[] = [
  success("success", "hex"),
  {
    name: "TerminateSession: terminating again",
    rpc: "terminateSession",
    requires: ["session", "allow-terminate"],
    mutates: true,
    prepare: async (w) => void (await w.admin.terminateSession(w.session!)),
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: (w) => terminated(w.session!),
  },
  success("uppercase hex", "HEX"),
  success("standard base64", "base64"),
  success("URL-safe base64", "base64url"),
  success("uncompressed session key", "uncompressed"),
  {
    name: "TerminateSession: unknown valid key",
    rpc: "terminateSession",
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.unknownKey, form: "hex" } }),
    expect: () => lndError("client session not found", "session-not-found"),
  },
  badKey(
    "off-curve key",
    `02${"05".repeat(32)}`,
    `invalid public key: x coordinate ${"05".repeat(32)} is not on the secp256k1 curve`,
  ),
  badKey(
    "bad prefix",
    "05848464e410b9e72bb269e3a095d3f5f11a2789fc4e26c764959299c7483e39c2",
    "invalid public key: unsupported format: 5",
  ),
  badKey("wrong length", "01".repeat(32), "malformed public key: invalid length: 32"),
  {
    name: "TerminateSession: empty id",
    rpc: "terminateSession",
    input: () => ({ rpc: "terminateSession", id: { text: "" } }),
    expect: () => lndError("malformed public key: invalid length: 0", "invalid-key"),
  },
  {
    name: "TerminateSession: odd-length hex",
    rpc: "terminateSession",
    input: () => ({ rpc: "terminateSession", id: { text: "abc" } }),
    expect: () => ({
      error: { message: "invalid session ID: encoding/hex: odd length hex string", reason: "invalid-key" },
    }),
  },
  {
    // a valid key: the client is not asked whether it knows it
    name: "TerminateSession: client not active",
    rpc: "terminateSession",
    requires: ["inactive-client"],
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.unknownKey, form: "hex" } }),
    expect: () => notActive,
  },
  {
    name: "TerminateSession: un-acked updates",
    rpc: "terminateSession",
    requires: ["session", "faults"],
    mutates: true,
    prepare: (w) => w.target.sim!.setFaults({ unackedSessions: [w.session!] }),
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: () => lndError("session has un-acked updates", "unacked-updates"),
  },
  denied("readonly"),
  denied("invoice"),
  {
    name: "TerminateSession: no macaroon",
    rpc: "terminateSession",
    requires: ["session"],
    context: { macaroon: "none" },
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: () => lndError("expected 1 macaroon, got 0", "macaroon-missing"),
  },
  {
    name: "TerminateSession: expired time-before caveat",
    rpc: "terminateSession",
    requires: ["session"],
    context: { macaroon: "expired" },
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: () => lndError(/^caveat "time-before [^"]+" not satisfied: macaroon has expired$/, "macaroon-expired"),
  },
  {
    name: "TerminateSession: a cert that is not lnd's",
    rpc: "terminateSession",
    requires: ["session"],
    context: { connection: "wrong-cert" },
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: () => ({ error: { message: /self[- ]signed certificate|certificate/i, reason: "certificate-mismatch" } }),
  },
  {
    name: "TerminateSession: lnd unreachable",
    rpc: "terminateSession",
    requires: ["session"],
    context: { connection: "unreachable" },
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: () => ({ error: { code: Code.Unavailable, message: /ECONNREFUSED/, reason: "unreachable" } }),
  },
  {
    name: "TerminateSession: a deadline that fires",
    rpc: "terminateSession",
    requires: ["session", "faults"],
    mutates: true,
    context: { timeoutSeconds: 1 },
    prepare: (w) => w.target.sim!.setFaults({ latencyMs: 4000 }),
    input: (w) => ({ rpc: "terminateSession", id: { hex: w.session!, form: "hex" } }),
    expect: () => ({
      error: { code: Code.DeadlineExceeded, message: /timed out|deadline/i, reason: "deadline-exceeded" },
    }),
  },
];
