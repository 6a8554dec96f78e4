import type { JsonObject } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import type { WtclientReason } from "@wtclient/core";
import { expect } from "vitest";
import type { Expectation } from "../scenario.js";

/** lnd answers every wtclient failure with a plain error: gRPC Unknown and its text. */
export function lndError(message: string | RegExp, reason: WtclientReason): Expectation {
  return { error: { code: Code.Unknown, message, reason } };
}

export function value(check: (v: JsonObject) => void): Expectation {
  return { value: (v) => check(v) };
}

export const emptyResponse: Expectation = value((v) => expect(v).toEqual({}));

export const permissionDenied = lndError("permission denied", "permission-denied");
export const notActive = lndError("watchtower client not active", "client-not-active");
