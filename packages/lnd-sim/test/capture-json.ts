import { fromJson, toJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";

/** lnd's REST JSON options: every field, proto names. Both sides of a comparison go through them. */
const restJson = { useProtoFieldName: true, alwaysEmitImplicit: true } as const;

type Json = JsonValue;

/** The capture writes gRPC bytes as {"hex": "..."}: turn those into protojson's base64. */
export function fromHexObjects(value: Json): Json {
  if (Array.isArray(value)) return value.map(fromHexObjects);
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "hex" && typeof value.hex === "string") {
      return Buffer.from(value.hex, "hex").toString("base64");
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromHexObjects(v as Json)]));
  }
  return value;
}

/** lncli prints bytes as hex; the only bytes fields in wtclientrpc responses are `pubkey` and `id`. */
export function fromLncliHex(value: Json): Json {
  if (Array.isArray(value)) return value.map(fromLncliHex);
  if (value !== null && typeof value === "object") {
    const convert = (k: string, v: Json): Json =>
      (k === "pubkey" || k === "id") && typeof v === "string"
        ? Buffer.from(v, "hex").toString("base64")
        : fromLncliHex(v);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(k, v as Json)]));
  }
  return value;
}

type TowerJson = {
  active_session_candidate: Json;
  num_sessions: Json;
  sessions: Json[];
  session_info: Array<{ active_session_candidate: Json; num_sessions: Json; sessions: Json[]; policy_type: Json }>;
  [key: string]: Json | undefined;
};

/**
 * lnd builds towers and session_info by iterating Go maps, so their order is random: sort both. The
 * deprecated top-level fields come from whichever client came first and `sessions` concatenates the
 * clients' lists; when a tower keeps that invariant, rewrite them for the sorted order, else leave
 * them as they are so the mismatch shows.
 */
function normaliseTower(t: TowerJson): Json {
  const info = t.session_info;
  const first = info[0];
  const fromFirst =
    first !== undefined &&
    t.active_session_candidate === first.active_session_candidate &&
    t.num_sessions === first.num_sessions;
  const concatenated = JSON.stringify(t.sessions) === JSON.stringify(info.flatMap((i) => i.sessions));
  const sorted = [...info].sort((a, b) =>
    JSON.stringify([a.policy_type, a]) < JSON.stringify([b.policy_type, b]) ? -1 : 1,
  );
  return {
    ...t,
    active_session_candidate: fromFirst
      ? sorted[0]!.active_session_candidate
      : { notFromFirstClient: t.active_session_candidate },
    num_sessions: fromFirst ? sorted[0]!.num_sessions : { notFromFirstClient: t.num_sessions },
    sessions: concatenated ? sorted.flatMap((i) => i.sessions) : [{ notConcatenated: t.sessions }],
    session_info: sorted,
  } as Json;
}

/** Parse a captured body with the response schema and write it back the way the double's answers are written. */
export function canonical(schema: DescMessage, json: Json): Json {
  const value = toJson(schema, fromJson(schema, json), restJson);
  if (schema.typeName === "wtclientrpc.Tower") return normaliseTower(value as TowerJson);
  if (schema.typeName === "wtclientrpc.ListTowersResponse") {
    const towers = (value as { towers: TowerJson[] }).towers.map(normaliseTower);
    return { towers: towers.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
  }
  return value;
}
