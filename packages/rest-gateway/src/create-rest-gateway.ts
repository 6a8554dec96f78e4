import { create, toJson, type DescMessage, type Message } from "@bufbuild/protobuf";
import { Code, ConnectError, type CallOptions, type Client, type ContextValues } from "@connectrpc/connect";
import { WatchtowerClient, watchtowerMethods } from "@wtclient/core";
import { Base64DecodeError, decodeGatewayBytes } from "@wtclient/core/internal";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { callOptionsOf } from "./call-options-of.js";
import { decodeProtojson, ProtojsonError } from "./decode-protojson.js";
import { httpStatusOf } from "./http-status-of.js";
import { matchRestRoute } from "./match-rest-route.js";
import { parseRequestTarget } from "./parse-request-target.js";
import { populateQueryParameters } from "./populate-query-parameters.js";
import { GoJsonSyntaxError, readGoJsonValue } from "./read-go-json-value.js";
import { readRequestBody, RequestAbortedError, type AnyRequest } from "./read-request-body.js";
import { sendResponse, type AnyResponse } from "./send-response.js";
import { writeLndError } from "./write-lnd-error.js";

export interface RestGatewayOptions {
  client: Client<typeof WatchtowerClient>;
  /** max request body bytes, default 1 MiB; larger -> 400 `http: request body too large` (Go's MaxBytesReader text) */
  maxBodyBytes?: number;
  /** Context values of the call a request makes (e.g. who the caller is, decided before the gateway); none by default. */
  contextValuesOf?: (req: AnyRequest) => ContextValues;
}

/** A Node request handler (works for http, https and http2 compat req/res). Returns when the response is ended. */
export type RestHandler = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => Promise<void>;

type UnaryCall = (request: Message, options: CallOptions) => Promise<Message>;

const badRequest = (message: string): ConnectError => new ConnectError(message, Code.InvalidArgument);

/** lnd's REST JSON (`EmitUnpopulated`, `UseProtoNames`): every field, snake_case, enums by name, std base64. */
const jsonOptions = { useProtoFieldName: true, alwaysEmitImplicit: true } as const;

const ignore = (): void => undefined;

/**
 * lnd's REST surface for WatchtowerClient (grpc-gateway v2.16 as lnd configures it) in front of a
 * connect client: lnd's routes, path/query/body decoding and error texts, the macaroon from
 * `Grpc-Metadata-macaroon`, and the client's answer or error as lnd's JSON. Never throws.
 */
export function createRestGateway(options: RestGatewayOptions): RestHandler {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const client = options.client as unknown as Record<string, UnaryCall>;

  async function answer(req: AnyRequest, res: AnyResponse, signal: AbortSignal): Promise<void> {
    const target = parseRequestTarget(req.url ?? "");
    if (target.kind === "refused") {
      // Go's server rejects the request line before any handler runs
      sendResponse(res, 400, { "content-type": "text/plain; charset=utf-8" }, "400 Bad Request");
      return;
    }
    if (target.kind === "no-path") {
      writeLndError(res, 400, Code.InvalidArgument, "Bad Request");
      return;
    }
    const route = matchRestRoute(req.method ?? "", req.url ?? "");
    if (route.kind === "not-found") {
      writeLndError(res, 404, Code.NotFound, "Not Found");
      return;
    }
    if (route.kind === "method-not-allowed") {
      writeLndError(res, 501, Code.Unimplemented, "Method Not Allowed");
      return;
    }
    const method = WatchtowerClient.method[route.methodName];
    const rule = watchtowerMethods[route.methodName].rest;
    const input: DescMessage = method.input;
    const call = callOptionsOf(req);
    let request = create(input);
    if (rule.pathParam !== undefined) {
      const field = input.fields.find((f) => f.name === rule.pathParam)!;
      try {
        (request as unknown as Record<string, unknown>)[field.localName] = decodeGatewayBytes(route.pathValue ?? "");
      } catch (e) {
        if (e instanceof Base64DecodeError)
          throw badRequest(`type mismatch, parameter: ${rule.pathParam}, error: ${e.message}`);
        throw e;
      }
    }
    if (rule.query) populateQueryParameters(input, request, target.rawQuery, rule.pathParam);
    if (rule.body) {
      const value = readGoJsonValue(await readRequestBody(req, maxBodyBytes));
      if (value !== undefined) request = decodeProtojson(input, value);
    }
    if (call.expired) throw new ConnectError("context deadline exceeded", Code.DeadlineExceeded);
    const response = await client[route.methodName]!(request, {
      headers: call.headers,
      signal,
      ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
      ...(options.contextValuesOf !== undefined ? { contextValues: options.contextValuesOf(req) } : {}),
    });
    const output: DescMessage = method.output;
    sendResponse(
      res,
      200,
      { "content-type": "application/json" },
      JSON.stringify(toJson(output, response, jsonOptions)),
    );
  }

  const clientGone = new Error("the client closed the connection");
  return async (req, res) => {
    const ended = new Promise<void>((resolve) => {
      res.once("finish", resolve);
      res.once("close", resolve);
    });
    // a client that goes away cancels the call, as the request context does in Go
    const gone = new AbortController();
    // only a response that closes before it finished means the client left; a shared reason spares
    // building a DOMException for every request
    res.once("close", () => {
      if (!res.writableFinished) gone.abort(clientGone);
    });
    // with a listener, an aborted upload is reported to readRequestBody instead of as an uncaught error
    req.on("error", ignore);
    try {
      await answer(req, res, gone.signal);
    } catch (e) {
      if (e instanceof RequestAbortedError || gone.signal.aborted || res.headersSent) return;
      try {
        if (e instanceof ConnectError) writeLndError(res, httpStatusOf(e.code), e.code, e.rawMessage);
        else if (e instanceof GoJsonSyntaxError || e instanceof ProtojsonError)
          writeLndError(res, 400, Code.InvalidArgument, e.message);
        else writeLndError(res, 500, Code.Unknown, "internal error");
      } catch {
        return;
      }
    }
    await ended;
  };
}
