import { create, fromJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { WatchtowerClient, watchtowerMethods, type WatchtowerMethodName } from "@wtclient/core";
import { bytesToHex, restRequestOf, toLncliJson } from "@wtclient/core/internal";
import { startHttpService, type HttpService } from "@wtclient/http";
import { macaroonFor } from "./credentials.js";
import type { Driver } from "./driver.js";
import { isTextForm, keyBytes } from "./key-arg.js";
import type { CallInput, KeyArg, Outcome } from "./scenario.js";
import type { Target } from "./target.js";

const services = new WeakMap<Target, Promise<HttpService>>();

/** One wtclient-http in front of the target, in pass-through mode: the caller's macaroon goes to lnd, lnd decides. */
function serviceFor(target: Target): Promise<HttpService> {
  let service = services.get(target);
  if (service === undefined) {
    service = startHttpService({
      listen: "127.0.0.1:0",
      passthroughMacaroon: true,
      lnd: { rpcserver: target.rpcserver, restserver: target.restserver, tlscertpath: target.tlsCertPath },
      // tests read lnd's answers, not the service's log
      logLevel: "silent",
    });
    services.set(target, service);
    target.onClose(async () => (await service!).close());
  }
  return service;
}

/**
 * The request message of the call, as bytes on the wire: the scenario's fields are the request's (its `id` is the
 * session id), keys as bytes; a field left out takes the proto's default, as lnd reads it.
 */
function requestOf(input: CallInput): [WatchtowerMethodName, Record<string, unknown>] {
  const { rpc, ...fields } = input;
  const init: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const isKey = typeof value === "object" && value !== null && ("hex" in value || "text" in value);
    init[name === "id" ? "sessionId" : name] = isKey ? (keyBytes(value as KeyArg) ?? new Uint8Array()) : value;
  }
  return [rpc, init];
}

/** wtclient-http over lnd-compatible REST or over Connect. */
export function httpDriver(surface: "rest" | "connect"): Driver {
  return {
    name: `http/${surface}`,
    unsupported(_s, input, ctx) {
      const key = "id" in input ? input.id : "pubkey" in input ? input.pubkey : undefined;
      if (key !== undefined && isTextForm(key) && !("text" in key && /^([0-9a-f]{2})*$/.test(key.text))) {
        return "HTTP carries bytes: how a client parses key text is the client's concern";
      }
      if (ctx.macaroon === "none")
        return "wtclient-http answers a call without credentials itself (401), before lnd; its auth matrix covers that";
      if (ctx.connection !== "ok")
        return "concerns a client's own connection to lnd; the service's connection to lnd is covered by its readiness tests";
      return undefined;
    },
    async call(target, input, ctx): Promise<Outcome> {
      const service = await serviceFor(target);
      const [name, init] = requestOf(input);
      const method = WatchtowerClient.method[name];
      const macaroon = macaroonFor(target, ctx.macaroon);
      const output: DescMessage = method.output;
      if (surface === "rest") {
        const request = restRequestOf(watchtowerMethods[name].rest, method.input, create(method.input, init as never));
        const res = await fetch(service.url + request.path, {
          method: watchtowerMethods[name].rest.method,
          headers: {
            ...(macaroon !== undefined ? { "grpc-metadata-macaroon": bytesToHex(macaroon) } : {}),
            ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
            // the caller's deadline, as grpc-gateway reads it
            "grpc-timeout": `${ctx.timeoutSeconds}S`,
          },
          body: request.body,
        });
        const body = (await res.json()) as { code: number; message: string };
        if (res.status === 200)
          return { ok: true, value: toLncliJson(output, fromJson(output, body as unknown as JsonValue)) };
        return { ok: false, code: body.code as Code, message: body.message };
      }
      const client = createClient(
        WatchtowerClient,
        createConnectTransport({ baseUrl: service.url, httpVersion: "1.1" }),
      );
      try {
        const call = client[name] as (req: unknown, opts: unknown) => Promise<never>;
        const message = await call(init, {
          headers: macaroon !== undefined ? { macaroon: bytesToHex(macaroon) } : {},
          timeoutMs: ctx.timeoutSeconds * 1000,
        });
        return { ok: true, value: toLncliJson(output, message) };
      } catch (e) {
        const err = ConnectError.from(e);
        return { ok: false, code: err.code, message: err.rawMessage };
      }
    },
  };
}
