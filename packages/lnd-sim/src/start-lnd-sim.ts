import { mkdir, rm } from "node:fs/promises";
import { createClient, createContextValues, createRouterTransport, type ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { WatchtowerClient } from "@wtclient/core";
import { createRestGateway } from "@wtclient/rest-gateway";
import { loopbackListen, startAdminServer, type AdminServer } from "./admin-server.js";
import { ClientDb, type SimSeed } from "./client-db.js";
import { demoSeed } from "./demo-seed.js";
import { defaultFaults, type Faults } from "./faults.js";
import { createLatencyInterceptor } from "./latency-interceptor.js";
import { lndPaths, type LndNetwork } from "./lnd-paths.js";
import { defaultRootKeyId, ensureMacaroons } from "./macaroon-files.js";
import { createMacaroonInterceptor, peerIpKey } from "./macaroon-interceptor.js";
import { createMetadataRecorder, type ReceivedMetadata } from "./metadata-recorder.js";
import { readStateFile, writeStateFile } from "./state-file.js";
import { withGoGrpcMessage } from "./go-grpc-message.js";
import { ensureTlsPair } from "./tls-cert.js";
import { TlsListener } from "./tls-listener.js";
import { towerClientsOf } from "./tower-clients.js";
import { createWatchtowerService } from "./watchtower-service.js";

export interface LndSimOptions {
  readonly lnddir: string;
  /** default regtest */
  readonly network?: LndNetwork;
  /** gRPC listener, default 127.0.0.1:10009; port 0 picks a free port */
  readonly rpclisten?: string;
  /** REST listener, default 127.0.0.1:8080; port 0 picks a free port */
  readonly restlisten?: string;
  /** JSON state file: loaded at start if present, rewritten atomically after every change */
  readonly state?: string;
  /** lnd's --wtclient.active, default true */
  readonly active?: boolean;
  /** 3 like lnd v0.18–v0.20 (default), 4 like v0.21+ */
  readonly towerClients?: 3 | 4;
  /** the database to start with when there is no state file; default: the fixed demo state */
  readonly seed?: SimSeed;
  readonly faults?: Partial<Faults>;
  /** serve the fault/restart admin API (JSON over HTTP) on this loopback host:port, e.g. 127.0.0.1:0 */
  readonly adminlisten?: string;
}

export interface LndSim extends AsyncDisposable {
  /** host:port the gRPC listener is bound to */
  readonly rpcAddress: string;
  /** host:port the REST listener is bound to */
  readonly restAddress: string;
  readonly lnddir: string;
  readonly network: LndNetwork;
  readonly tlsCertPath: string;
  readonly tlsKeyPath: string;
  readonly macaroonPaths: { readonly admin: string; readonly readonly: string; readonly invoice: string };
  /** http://host:port of the admin API, when `adminlisten` was given */
  readonly adminUrl?: string;
  /** the in-memory database, for tests */
  readonly model: ClientDb;
  /** the metadata of the last 100 calls on both surfaces, oldest first (never the macaroon) */
  readonly receivedMetadata: ReceivedMetadata[];
  /** live knobs read on every request; change `refuseConnections` through setFaults to close the listeners */
  readonly faults: Faults;
  setFaults(patch: Partial<Faults>): Promise<void>;
  /** RPCs that reached the double since it started (gRPC and REST), by RPC name, e.g. {"Stats": 3} */
  readonly calls: Readonly<Record<string, number>>;
  /**
   * Close and reopen both listeners on the same ports with the same cert and root key; the state is
   * kept. `freshCert` first deletes tls.cert and tls.key, so a new pair is generated (as lnd does).
   */
  restart(options?: { freshCert?: boolean }): Promise<void>;
  /** close listeners and drop every connection */
  close(): Promise<void>;
}

/** Start the lnd double: lnd's files in lnddir, gRPC and REST over TLS, macaroons checked like lnd. */
export async function startLndSim(options: LndSimOptions): Promise<LndSim> {
  if (options.adminlisten !== undefined) loopbackListen(options.adminlisten);
  const network = options.network ?? "regtest";
  const paths = lndPaths(options.lnddir, network);
  await mkdir(options.lnddir, { recursive: true, mode: 0o700 });
  let tls = await ensureTlsPair(paths);
  let rootKey = await ensureMacaroons(paths);

  const faults: Faults = {
    ...defaultFaults(),
    ...(options.active === undefined ? {} : { active: options.active }),
    ...options.faults,
  };
  const statePath = options.state;
  const model = new ClientDb(
    (statePath === undefined ? undefined : readStateFile(statePath)) ?? options.seed ?? demoSeed(),
  );
  if (statePath !== undefined) {
    model.onChange = (state) => writeStateFile(statePath, state);
    writeStateFile(statePath, model.snapshot());
  }

  const calls: Record<string, number> = {};
  const service = createWatchtowerService({ db: model, faults, clients: towerClientsOf(options.towerClients ?? 3) });
  const routes = (router: ConnectRouter): void => void router.service(WatchtowerClient, service);
  // lnd's chain: (RPC state, always ready here) -> macaroon -> handler; the metadata log and the added latency come first
  const receivedMetadata: ReceivedMetadata[] = [];
  const interceptors = [
    createMetadataRecorder(receivedMetadata),
    createLatencyInterceptor(faults, calls),
    createMacaroonInterceptor(
      (id) => (id === defaultRootKeyId ? rootKey : undefined),
      () => new Date(Date.now() + faults.clockAheadMs),
    ),
  ];
  const grpcHandler = withGoGrpcMessage(
    connectNodeAdapter({
      routes,
      interceptors,
      grpc: true, // lnd serves gRPC only on its rpc port
      grpcWeb: false,
      connect: false,
      contextValues: (req) => createContextValues().set(peerIpKey, req.socket.remoteAddress ?? ""),
    }),
  );
  // the REST gateway calls the same service in-process; its peer IP stays loopback like lnd's REST proxy
  const restClient = createClient(WatchtowerClient, createRouterTransport(routes, { router: { interceptors } }));
  const restHandler = createRestGateway({ client: restClient });

  const rpcListen = options.rpclisten ?? "127.0.0.1:10009";
  const restListen = options.restlisten ?? "127.0.0.1:8080";
  const rpc = new TlsListener({ listen: rpcListen, allowHTTP1: false, handler: grpcHandler, faults });
  const rest = new TlsListener({ listen: restListen, allowHTTP1: true, handler: restHandler, faults });
  const listeners = [rpc, rest];
  const openAll = async (): Promise<void> => {
    try {
      for (const l of listeners) await l.open(tls);
    } catch (e) {
      await closeAll();
      throw e;
    }
  };
  const closeAll = async (): Promise<void> => void (await Promise.all(listeners.map((l) => l.close())));
  // bind first even when refusing, so port 0 resolves to the port later reopened
  await openAll();
  if (faults.refuseConnections) await closeAll();

  let admin: AdminServer | undefined;
  const sim: LndSim = {
    get rpcAddress() {
      return rpc.address;
    },
    get restAddress() {
      return rest.address;
    },
    lnddir: options.lnddir,
    network,
    tlsCertPath: paths.tlsCertPath,
    tlsKeyPath: paths.tlsKeyPath,
    macaroonPaths: paths.macaroonPaths,
    get adminUrl() {
      return admin?.url;
    },
    model,
    receivedMetadata,
    faults,
    calls,
    async setFaults(patch) {
      Object.assign(faults, patch);
      if (patch.refuseConnections === true) await closeAll();
      if (patch.refuseConnections === false) await openAll();
    },
    async restart(restartOptions = {}) {
      await closeAll();
      if (restartOptions.freshCert === true)
        await Promise.all([rm(paths.tlsCertPath, { force: true }), rm(paths.tlsKeyPath, { force: true })]);
      // lnd reads both again at start: unchanged files give the same cert and root key
      tls = await ensureTlsPair(paths);
      rootKey = await ensureMacaroons(paths);
      model.stats = ClientDb.zeroStats();
      if (!faults.refuseConnections) await openAll();
    },
    async close() {
      await Promise.all([closeAll(), admin?.close()]);
    },
    [Symbol.asyncDispose]() {
      return sim.close();
    },
  };
  if (options.adminlisten !== undefined) {
    try {
      admin = await startAdminServer(sim, options.adminlisten);
    } catch (e) {
      await closeAll();
      throw e;
    }
  }
  return sim;
}
