import type { Message } from "@bufbuild/protobuf";
import { createClient, createRouterTransport, type ServiceImpl } from "@connectrpc/connect";
import { WatchtowerClient } from "@wtclient/core";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRestGateway, type RestGatewayOptions } from "../src/index.js";

/** One call that reached the client's server side. */
export interface Received {
  readonly method: string;
  readonly request: Message;
  readonly headers: Headers;
  readonly timeoutMs: number | undefined;
}

export interface Harness {
  readonly server: Server;
  readonly port: number;
  /** every call the gateway made, in order */
  readonly received: Received[];
  /** the gateway's promise for every request, in order */
  readonly handled: Promise<void>[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1 with the gateway in front of an in-memory WatchtowerClient. */
export async function startGateway(
  impl: Partial<ServiceImpl<typeof WatchtowerClient>>,
  options: Omit<RestGatewayOptions, "client"> = {},
): Promise<Harness> {
  const received: Received[] = [];
  const handled: Promise<void>[] = [];
  // every method records what it got, then does what the test asked for
  const recording: Partial<ServiceImpl<typeof WatchtowerClient>> = {};
  for (const name of Object.keys(WatchtowerClient.method) as (keyof typeof WatchtowerClient.method)[]) {
    const own = impl[name] as ((req: Message, ctx: unknown) => unknown) | undefined;
    (recording as Record<string, unknown>)[name] = (
      req: Message,
      ctx: { requestHeader: Headers; timeoutMs(): number | undefined },
    ) => {
      received.push({ method: name, request: req, headers: ctx.requestHeader, timeoutMs: ctx.timeoutMs() });
      return own === undefined ? {} : own(req, ctx);
    };
  }
  const client = createClient(
    WatchtowerClient,
    createRouterTransport(({ service }) => service(WatchtowerClient, recording)),
  );
  const gateway = createRestGateway({ client, ...options });
  const server: Server = createServer((req, res) => {
    handled.push(gateway(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    received,
    handled,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: unknown;
}

/** One request with the path sent exactly as given (no URL normalisation). */
export function send(
  port: number,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string | string[]> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
