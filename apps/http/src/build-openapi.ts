import { ScalarType, type DescEnum, type DescField, type DescMessage, type DescMethodUnary } from "@bufbuild/protobuf";
import { WatchtowerClient, watchtowerMethodOf, type RestRoute } from "@wtclient/core";
import { scopeOf } from "./authenticator.js";

type Schema = Record<string, unknown>;

const envelopeName = "rpcStatus";
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** protojson's JSON form of each scalar (lnd's REST marshaller): 64-bit integers are strings, bytes standard base64. */
function scalarSchema(scalar: ScalarType): Schema {
  switch (scalar) {
    case ScalarType.BOOL:
      return { type: "boolean" };
    case ScalarType.STRING:
      return { type: "string" };
    case ScalarType.BYTES:
      return { type: "string", contentEncoding: "base64" };
    case ScalarType.DOUBLE:
      return { type: "number", format: "double" };
    case ScalarType.FLOAT:
      return { type: "number", format: "float" };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: "integer", format: "uint32", minimum: 0, maximum: 4294967295 };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: "integer", format: "int32" };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: "string", format: "uint64", pattern: "^[0-9]+$" };
    default:
      return { type: "string", format: "int64", pattern: "^-?[0-9]+$" };
  }
}

function enumSchema(e: DescEnum): Schema {
  return { type: "string", enum: e.values.map((v) => v.name), default: e.values[0]?.name };
}

function fieldSchema(field: DescField): Schema {
  let schema: Schema;
  switch (field.fieldKind) {
    case "scalar":
      schema = scalarSchema(field.scalar);
      break;
    case "enum":
      schema = enumSchema(field.enum);
      break;
    case "message":
      schema = ref(field.message.typeName);
      break;
    case "list":
      schema = {
        type: "array",
        items:
          field.listKind === "scalar"
            ? scalarSchema(field.scalar)
            : field.listKind === "enum"
              ? enumSchema(field.enum)
              : ref(field.message.typeName),
      };
      break;
    case "map":
      schema = {
        type: "object",
        additionalProperties:
          field.mapKind === "message"
            ? ref(field.message.typeName)
            : field.mapKind === "enum"
              ? enumSchema(field.enum)
              : scalarSchema(field.scalar),
      };
      break;
  }
  return field.deprecated ? { ...schema, deprecated: true } : schema;
}

/** Every message reachable from `roots` through message fields. */
function reachable(roots: readonly DescMessage[]): Map<string, DescMessage> {
  const seen = new Map<string, DescMessage>();
  const visit = (m: DescMessage) => {
    if (seen.has(m.typeName)) return;
    seen.set(m.typeName, m);
    for (const f of m.fields) if (f.message !== undefined) visit(f.message);
  };
  roots.forEach(visit);
  return seen;
}

/** A schema per message, keyed by proto field names; response messages list every field as required (lnd emits unpopulated fields). */
function messageSchemas(methods: readonly DescMethodUnary[]): Schema {
  const outputs = reachable(methods.map((m) => m.output));
  const all = reachable([...methods.map((m) => m.input), ...methods.map((m) => m.output)]);
  const schemas: Schema = {};
  for (const [name, m] of [...all].sort(([a], [b]) => a.localeCompare(b))) {
    const properties = Object.fromEntries(m.fields.map((f) => [f.name, fieldSchema(f)]));
    schemas[name] = {
      type: "object",
      properties,
      additionalProperties: false,
      ...(outputs.has(name) && m.fields.length > 0 ? { required: m.fields.map((f) => f.name) } : {}),
    };
  }
  schemas[envelopeName] = {
    type: "object",
    description: "lnd's (grpc-gateway's) error body: the gRPC code, the message, and always an empty details list",
    properties: {
      code: {
        type: "integer",
        format: "int32",
        description: "gRPC status code (2 Unknown for every lnd error, 16 Unauthenticated, 7 PermissionDenied, ...)",
      },
      message: { type: "string" },
      details: {
        type: "array",
        items: { type: "object", properties: { "@type": { type: "string" } }, additionalProperties: true },
      },
    },
    required: ["code", "message", "details"],
  };
  return schemas;
}

function parameters(route: RestRoute, input: DescMessage): Schema[] {
  const params: Schema[] = [];
  if (route.pathParam !== undefined) {
    params.push({
      name: route.pathParam,
      in: "path",
      required: true,
      description: "bytes as URL-safe base64 (- and _; standard base64 with / cannot be routed)",
      schema: { type: "string", contentEncoding: "base64url" },
    });
  }
  if (route.query) {
    for (const f of input.fields) {
      if (f.name === route.pathParam) continue;
      params.push({ name: f.name, in: "query", required: false, schema: fieldSchema(f) });
    }
  }
  return params;
}

function operation(method: DescMethodUnary, route: RestRoute): Schema {
  const scope = scopeOf(method);
  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: ref(envelopeName) } },
  });
  return {
    operationId: `WatchtowerClient_${method.name}`,
    summary: method.name,
    description: `gRPC /${WatchtowerClient.typeName}/${method.name}; bearer tokens need scope "${scope}"`,
    tags: ["WatchtowerClient"],
    parameters: parameters(route, method.input),
    ...(route.body
      ? { requestBody: { required: false, content: { "application/json": { schema: ref(method.input.typeName) } } } }
      : {}),
    responses: {
      "200": {
        description: "A successful response.",
        content: { "application/json": { schema: ref(method.output.typeName) } },
      },
      "401": error("missing or unknown credentials (code 16)"),
      "403": error(`a read token on an RPC that needs write (code 7)`),
      "503": error("lnd is unreachable (code 14)"),
      default: error("lnd's error (code 2 Unknown → HTTP 500 for every lnd condition; 400 for a malformed request)"),
    },
  };
}

/** The OpenAPI 3.1 document of the REST surface, generated from the WatchtowerClient descriptor and lnd's route table. */
export function buildOpenApi(version: string): Schema {
  const unary = WatchtowerClient.methods.filter((m): m is DescMethodUnary => m.methodKind === "unary");
  const paths: Record<string, Record<string, Schema>> = {};
  for (const method of unary) {
    const route = watchtowerMethodOf(method)?.rest;
    if (route === undefined) throw new Error(`${method.name} has no row in @wtclient/core's method table`);
    (paths[route.pattern] ??= {})[route.method.toLowerCase()] = operation(method, route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "wtclient-http: lnd's WatchtowerClient REST API",
      version,
      description: `lnd's REST routes for ${WatchtowerClient.typeName} (JSON with proto field names; bytes as standard base64 in bodies, URL-safe base64 in paths)`,
    },
    tags: [{ name: "WatchtowerClient" }],
    paths,
    components: {
      schemas: messageSchemas(unary),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "a token configured with --tokens" },
        macaroon: {
          type: "apiKey",
          in: "header",
          name: "Grpc-Metadata-macaroon",
          description: "hex of an lnd macaroon (with --passthrough-macaroon)",
        },
      },
    },
    security: [{ bearer: [] }, { macaroon: [] }],
  };
}
