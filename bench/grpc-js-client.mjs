// The baseline for gRPC: lnd's documented JavaScript style (lnd docs/grpc/javascript.md) pointed at
// WatchtowerClient: @grpc/grpc-js with @grpc/proto-loader loading the .proto at start, createSsl(tls.cert)
// combined with a metadata generator adding the macaroon as hex.
import { readFileSync } from "node:fs";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

export const wtclientProtoPath = new URL("../proto/wtclientrpc/wtclient.proto", import.meta.url).pathname;

// lnd's documented loader options
const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

/** A grpc-js WatchtowerClient stub for lnd at `address` (host:port), with promise wrappers for the calls the bench makes. */
export function createGrpcJsWatchtowerClient({ address, tlsCertPath, macaroonPath }) {
  const packageDefinition = protoLoader.loadSync(wtclientProtoPath, loaderOptions);
  const { wtclientrpc } = grpc.loadPackageDefinition(packageDefinition);
  const macaroon = readFileSync(macaroonPath).toString("hex");
  const sslCreds = grpc.credentials.createSsl(readFileSync(tlsCertPath));
  const macaroonCreds = grpc.credentials.createFromMetadataGenerator((_args, callback) => {
    const metadata = new grpc.Metadata();
    metadata.add("macaroon", macaroon);
    callback(null, metadata);
  });
  // the docs dial "localhost:10009": a name, not an IP (grpc-js warns about an IP as TLS server name)
  const target = address.replace(/^127\.0\.0\.1:/, "localhost:");
  const stub = new wtclientrpc.WatchtowerClient(
    target,
    grpc.credentials.combineChannelCredentials(sslCreds, macaroonCreds),
  );
  const unary = (method, request) =>
    new Promise((resolve, reject) => stub[method](request, (err, response) => (err ? reject(err) : resolve(response))));
  return {
    terminateSession: (sessionIdHex) => unary("TerminateSession", { session_id: Buffer.from(sessionIdHex, "hex") }),
    listTowers: (request) => unary("ListTowers", request),
    close: () => stub.close(),
  };
}
