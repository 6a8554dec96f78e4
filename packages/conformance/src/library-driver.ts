import { readFileSync } from "node:fs";
import type { DescMessage } from "@bufbuild/protobuf";
import {
  WatchtowerClient,
  WtclientError,
  createLndGrpcTransport,
  createLndRestTransport,
  createWatchtowerClient,
  type WatchtowerClientApi,
} from "@wtclient/core";
import { toLncliJson } from "@wtclient/core/internal";
import { dantedMissing, findDanted, startDanted, type Danted } from "@wtclient/socks-fixtures";
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

const loopback = /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/;

/**
 * The library (`@wtclient/core`) over one of lnd's transports; with `via: "socks"`, through a SOCKS5
 * proxy (danted on loopback) that is given lnd's address as the name `localhost`, for it to resolve.
 */
export function libraryDriver(kind: "grpc" | "rest", via?: "socks"): Driver {
  // started on the first call through the proxy, stopped by close()
  let proxy: Promise<Danted> | undefined;
  return {
    name: `library/${kind}${via === undefined ? "" : `+${via}`}`,
    unsupported(_s, _input, ctx) {
      if (via === undefined) return undefined;
      if (findDanted() === undefined) return dantedMissing;
      if (ctx.connection === "unreachable")
        return "behind a proxy, an lnd that is not there is the proxy's answer: packages/reliability/test/socks-proxy.test.ts checks it";
      return undefined;
    },
    async close() {
      await (await proxy)?.close();
    },
    async call(target, input, ctx): Promise<Outcome> {
      const create = kind === "grpc" ? createLndGrpcTransport : createLndRestTransport;
      const macaroon = macaroonFor(target, ctx.macaroon);
      const address =
        ctx.connection === "unreachable"
          ? await unreachableAddress()
          : kind === "grpc"
            ? target.rpcserver
            : target.restserver;
      if (via !== undefined && !loopback.test(address))
        throw new Error(`the test proxy only reaches loopback addresses, not ${address}`);
      await using transport = create({
        host: via === undefined ? address : address.replace(/^[^:]+:|^\[::1\]:/, "localhost:"),
        cert: ctx.connection === "wrong-cert" ? readFileSync(foreignCertPath) : target.certPem,
        ...(macaroon !== undefined ? { macaroon } : {}),
        defaultTimeoutMs: ctx.timeoutSeconds * 1000,
        ...(via === "socks" ? { socksProxy: (await (proxy ??= startDanted())).address } : {}),
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
