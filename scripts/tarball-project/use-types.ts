// Type-checked by scripts/test-tarballs.mjs (tsc --noEmit, module nodenext and moduleResolution bundler) in the
// project where the tarballs are installed: every importable package has types, and they are not `any`.
import { createLndGrpcTransport, createWatchtowerClient, type LndTransport, type WtclientError } from "@wtclient/core";
import { startHttpService, type HttpService } from "@wtclient/http";
import { startLndSim, type LndSim } from "@wtclient/lnd-sim";
import { createRestGateway, type RestHandler } from "@wtclient/rest-gateway";

export async function typed(
  transport: LndTransport,
): Promise<[number, string, LndSim, HttpService, RestHandler, WtclientError["reason"]]> {
  const { numBackups } = await createWatchtowerClient({ transport }).stats();
  const service = await startHttpService({ sim: true });
  const sim = await startLndSim({ lnddir: "/tmp/lnd-sim" });
  // @ts-expect-error the transport needs lnd's host and certificate
  createLndGrpcTransport({});
  // @ts-expect-error startHttpService takes a configuration object
  await startHttpService("127.0.0.1:8280");
  return [numBackups, service.url, sim, service, createRestGateway({ client: null! }), "session-not-found"];
}
