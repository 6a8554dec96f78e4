import { readFileSync } from "node:fs";
import type { DescMessage } from "@bufbuild/protobuf";
import {
  WatchtowerClient,
  WtclientError,
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  toLncliJson,
  type WatchtowerClientApi,
} from "@wtclient/core";
import { foreignCertPath, macaroonFor, unreachableAddress } from "./credentials.js";
import type { Driver } from "./driver.js";
import { keyText } from "./key-arg.js";
import type { CallInput, Outcome } from "./scenario.js";

/** Make the call through the facade. */
function invoke(client: WatchtowerClientApi, input: CallInput): Promise<unknown> {
  switch (input.rpc) {
    case "terminateSession":
      return client.terminateSession(keyText(input.id));
    case "deactivateTower":
      return client.deactivateTower(keyText(input.pubkey));
    case "addTower":
      return client.addTower(keyText(input.pubkey), input.address);
    case "removeTower":
      return client.removeTower(keyText(input.pubkey), input.address);
    case "listTowers":
      return client.listTowers(input);
    case "getTowerInfo":
      return client.getTowerInfo(keyText(input.pubkey), input);
    case "stats":
      return client.stats();
    case "policy":
      return client.policy(input.policyType);
  }
}

/** The library (`@wtclient/core`) over one of lnd's transports. */
export function libraryDriver(kind: "grpc" | "rest"): Driver {
  return {
    name: `library/${kind}`,
    async call(target, input, ctx): Promise<Outcome> {
      const create = kind === "grpc" ? createLndGrpcTransport : createLndRestTransport;
      const macaroon = macaroonFor(target, ctx.macaroon);
      await using transport = create({
        host: ctx.connection === "unreachable" ? await unreachableAddress() : kind === "grpc" ? target.rpcserver : target.restserver,
        cert: ctx.connection === "wrong-cert" ? readFileSync(foreignCertPath) : target.certPem,
        ...(macaroon !== undefined ? { macaroon } : {}),
        timeoutMs: ctx.timeoutSeconds * 1000,
      });
      try {
        const message = await invoke(createWatchtowerClient({ transport }), input);
        const schema: DescMessage = WatchtowerClient.method[input.rpc].output;
        return { ok: true, value: toLncliJson(schema, message as never) };
      } catch (e) {
        const err = WtclientError.from(e);
        return { ok: false, code: err.code, message: err.rawMessage, reason: err.reason };
      }
    },
  };
}
