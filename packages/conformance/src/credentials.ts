import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { constrainMacaroon } from "@wtclient/core";
import { fixturePath } from "@wtclient/lnd-fixtures";
import type { CallContext } from "./scenario.js";
import type { Target } from "./target.js";

/** The macaroon a call carries, or undefined for none. */
export function macaroonFor(target: Target, choice: CallContext["macaroon"]): Uint8Array | undefined {
  switch (choice) {
    case "none":
      return undefined;
    case "expired":
      // a time-before caveat that passed an hour ago
      return constrainMacaroon(readFileSync(target.macaroonPaths.admin), {
        timeoutSeconds: 60,
        now: new Date(Date.now() - 3_600_000),
      });
    default:
      return new Uint8Array(readFileSync(target.macaroonPaths[choice]));
  }
}

/** Another node's cert (the recorded real lnd's): valid, but not the target's. */
export const foreignCertPath = fixturePath("tls.cert");

/** A loopback address where nothing listens: a port just bound and released. */
export async function unreachableAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}
