import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Client } from "@connectrpc/connect";
import type { WatchtowerClient } from "@wtclient/core";
import { createRestGateway } from "@wtclient/rest-gateway";

export interface GatewayServer {
  readonly port: number;
  close(): Promise<void>;
}

/** A gateway request that settled badly: the gateway promises never to throw. */
export interface GatewayFault {
  readonly method: string;
  readonly url: string;
  readonly error: string;
}

/** lnd's REST gateway in front of `client`, on a real node:http server at 127.0.0.1 and a free port. */
export async function startGatewayServer(
  client: Client<typeof WatchtowerClient>,
  onFault: (fault: GatewayFault) => void,
): Promise<GatewayServer> {
  const gateway = createRestGateway({ client });
  const server = createServer((req, res) => {
    gateway(req, res).catch((e: unknown) =>
      onFault({ method: req.method ?? "", url: req.url ?? "", error: String(e) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
