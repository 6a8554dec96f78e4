import { toJson, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { bytesToBase64UrlPadded } from "./bytes-codec.js";
import type { RestRoute } from "./watchtower-methods.js";

export interface RestRequest {
  /** Path and query, ready to append to the origin. */
  readonly path: string;
  /** JSON body, for rules with `body: "*"`. */
  readonly body?: string;
}

/** Lay a request message out as lnd's REST rule wants it (spec §2.1, §2.3). */
export function restRequestOf<I extends DescMessage>(
  route: RestRoute,
  schema: I,
  message: MessageShape<I>,
): RestRequest {
  const fields = schema.fields;
  const valueOf = (protoName: string): unknown => {
    const f = fields.find((x) => x.name === protoName);
    return f === undefined ? undefined : (message as Record<string, unknown>)[f.localName];
  };
  let path = route.pattern;
  if (route.pathParam !== undefined) {
    const bytes = valueOf(route.pathParam) as Uint8Array;
    // URL-safe base64 with padding: a `/` would split the path even when escaped (lnd's legacy unescaping)
    path = path.replace(`{${route.pathParam}}`, encodeURIComponent(bytesToBase64UrlPadded(bytes)));
  }
  if (route.body) {
    return { path, body: JSON.stringify(toJson(schema, message, { useProtoFieldName: true })) };
  }
  if (route.query) {
    const params = new URLSearchParams();
    for (const f of fields) {
      if (f.name === route.pathParam || (f.fieldKind !== "scalar" && f.fieldKind !== "enum")) continue;
      const v = (message as Record<string, unknown>)[f.localName];
      // lnd reads absent parameters as zero values, so only non-defaults travel
      if (v === false || v === "" || v === 0 || v === undefined) continue;
      params.set(
        f.name,
        f.fieldKind === "enum" ? (f.enum.values.find((e) => e.number === v)?.name ?? String(v)) : String(v),
      );
    }
    const q = params.toString();
    if (q !== "") path += `?${q}`;
  }
  return { path };
}
