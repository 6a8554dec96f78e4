import type { Message } from "@bufbuild/protobuf";
import { createClient, createRouterTransport, type Client, type ServiceImpl } from "@connectrpc/connect";
import { WatchtowerClient, type WatchtowerMethodName } from "@wtclient/core";

/** One request as it reached the service behind the gateway. */
export interface EchoCall {
  readonly method: WatchtowerMethodName;
  readonly request: Message;
}

export interface EchoClient {
  /** A connect client of an in-memory WatchtowerClient that answers every call with an empty response. */
  readonly client: Client<typeof WatchtowerClient>;
  /** Every request it received, in order. */
  readonly calls: EchoCall[];
}

/** An in-memory WatchtowerClient service (connect's router transport) that records what it is asked. */
export function createEchoClient(): EchoClient {
  const calls: EchoCall[] = [];
  const impl: Partial<ServiceImpl<typeof WatchtowerClient>> = {};
  for (const method of Object.keys(WatchtowerClient.method) as WatchtowerMethodName[]) {
    (impl as Record<string, (req: Message) => object>)[method] = (request) => {
      calls.push({ method, request });
      return {};
    };
  }
  return {
    client: createClient(
      WatchtowerClient,
      createRouterTransport(({ service }) => service(WatchtowerClient, impl)),
    ),
    calls,
  };
}
