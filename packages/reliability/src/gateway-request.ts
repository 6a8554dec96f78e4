import { watchtowerMethodNames, watchtowerMethods } from "@wtclient/core";
import { bytesToBase64, bytesToBase64UrlPadded } from "@wtclient/core/internal";
import fc from "fast-check";
import type { HttpRequest } from "./send-http.js";

const methods = fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS");

/** Text percent-encoded to printable ASCII, as any target must be here (Node's own parser refuses raw bytes >= 0x80). */
const escaped = (text: string): string => encodeURIComponent(text);

/** One path segment: route words, keys in either base64 alphabet, escapes good and bad, dots, unicode. */
const segment: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "v2",
      "watchtower",
      "client",
      "info",
      "tower",
      "deactivate",
      "sessions",
      "terminate",
      "stats",
      "policy",
    ),
  },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => bytesToBase64UrlPadded(b)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => bytesToBase64(b)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => escaped(bytesToBase64(b))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "",
      ".",
      "..",
      "%2E%2E",
      "%2F",
      "%2f",
      "%25",
      "%",
      "%zz",
      "%0",
      "%00",
      "%C3%A9",
      "%FF",
      "%E2%82",
      "+",
      "=",
      "@",
      ";",
      ":",
      "~",
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }).map(escaped) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."!$&'()*+,;=:@-._~%AZaz09/"), maxLength: 8 }) },
);

/** grpc-gateway's call headers: deadlines good, odd and broken, and metadata the gateway forwards or drops. */
const callHeaders: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.option(
      fc.constantFrom(
        "1S",
        "0",
        "0S",
        "-1S",
        "1n",
        "100m",
        "99999999999H",
        "9223372036854775807n",
        "abc",
        "1",
        "S",
        " 1S",
        "+5M",
      ),
      { nil: undefined },
    ),
    fc.option(
      fc.constantFrom(
        "grpc-metadata-macaroon",
        "Grpc-Metadata-Macaroon",
        "grpc-metadata-content-type",
        "grpc-metadata-",
        "grpc-metadata-A_b.c",
        "grpc-metadata-x-bin",
      ),
      { nil: undefined },
    ),
    fc.string({ unit: fc.constantFrom(..."0123456789abcdefXYZ =%"), maxLength: 12 }),
  )
  .map(([timeout, name, value]) => ({
    ...(timeout === undefined ? {} : { "grpc-timeout": timeout }),
    ...(name === undefined ? {} : { [name]: value }),
  }));

/** Random request targets around lnd's routes, with a random method, call headers and no body. */
export function randomPathRequest(): fc.Arbitrary<HttpRequest> {
  const suffix = fc.constantFrom("", "", "", "?", "#", "?include_sessions=true", "#x?y");
  const path = fc.oneof(
    { weight: 8, arbitrary: fc.array(segment, { maxLength: 8 }).map((s) => `/${s.join("/")}`) },
    { weight: 1, arbitrary: fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => `//${s.join("/")}`) },
  );
  // absolute and asterisk forms too; Node's parser itself refuses relative and opaque targets, before any handler
  const other = fc.constantFrom(
    "*",
    "http://127.0.0.1/v2/watchtower/client",
    "https://lnd:8080/v2/watchtower/client/stats",
    "http://x",
  );
  const target = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(path, suffix).map(([p, s]) => p + s) },
    { weight: 1, arbitrary: other },
  );
  return fc.record({ method: methods, target, headers: callHeaders }, { requiredKeys: ["method", "target"] });
}

const queryKeys = fc.constantFrom(
  "include_sessions",
  "includeSessions",
  "exclude_exhausted_sessions",
  "excludeExhaustedSessions",
  "policy_type",
  "policyType",
  "address",
  "pubkey",
  "session_id",
  "include_sessions[0]",
  "address[x]",
  "policy_type.x",
  "unknown",
);
const queryValues = fc.oneof(
  fc.constantFrom(
    "true",
    "false",
    "1",
    "0",
    "t",
    "F",
    "TRUE",
    "True",
    "yes",
    "",
    "LEGACY",
    "ANCHOR",
    "TAPROOT",
    "anchor",
    "2",
    "99",
    "-1",
  ),
  fc.constantFrom(
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "4294967297",
    "%zz",
    "%",
    "+",
    "%2B",
    "%00",
    "%FF%FE",
    "a;b",
  ),
  fc.string({ unit: "binary", maxLength: 12 }).map(escaped),
);
const queryPair = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(queryKeys, queryValues).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: queryKeys },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(..."=&;%+az09[]._"), maxLength: 12 }) },
);

/** Every GET/DELETE route whose handler reads the query, with a random query string. */
export function randomQueryRequest(): fc.Arbitrary<HttpRequest> {
  const routes = watchtowerMethodNames.map((n) => watchtowerMethods[n].rest).filter((r) => r.query);
  const key = bytesToBase64UrlPadded(Uint8Array.of(0x02, ...new Uint8Array(32).fill(7)));
  return fc
    .tuple(fc.constantFrom(...routes), fc.array(queryPair, { maxLength: 5 }), fc.constantFrom("&", "&", "&", ";"))
    .map(([route, pairs, sep]) => ({
      method: route.method,
      target: `${route.pattern.replace(/\{[a-z_]+\}/, key)}?${pairs.join(sep)}`,
    }));
}

/** A JSON-ish value for an AddTower field: strings near base64, other JSON types, escapes. */
const fieldValue = fc.oneof(
  fc.uint8Array({ maxLength: 40 }).map((b) => JSON.stringify(bytesToBase64(b))),
  fc.uint8Array({ maxLength: 40 }).map((b) => JSON.stringify(bytesToBase64UrlPadded(b).replace(/=+$/, ""))),
  fc.string({ unit: "binary", maxLength: 20 }).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    "null",
    "true",
    "0",
    "-1.5e3",
    "[]",
    "{}",
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\u0000"',
    '"a\\/b"',
    '"\\x"',
    '"QQ=="',
    '"QQ"',
    '"Q"',
    '"=="',
    '"Q\\nQ=="',
  ),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);
const fieldName = fc.constantFrom("pubkey", "address", "pubkey", "address", "Pubkey", "pub_key", "unknown", "");

/** AddTower bodies: random JSON, near-valid objects with odd fields and values, broken JSON and bytes. */
export function randomBodyRequest(): fc.Arbitrary<HttpRequest> {
  const object = fc
    .array(fc.tuple(fieldName, fieldValue, fc.constantFrom("", " ", "\n", "\t")), { maxLength: 4 })
    .map((fields) => `{${fields.map(([k, v, ws]) => `${ws}${JSON.stringify(k)}${ws}:${ws}${v}`).join(",")}}`);
  const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
    { weight: 5, arbitrary: object },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: object.chain((o) => fc.nat(o.length).map((n) => o.slice(0, n))) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "{",
        "}",
        "[",
        "null",
        "{}{}",
        "{} x",
        '{"pubkey":"QQ=="}\n',
        "\ufeff{}",
        '{"a":1e999}',
      ),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }) },
    { weight: 1, arbitrary: fc.constantFrom("[", "{").map((open) => open.repeat(12_000)) },
  );
  const bodyAndType = fc.tuple(body, fc.constantFrom(undefined, "application/json", "text/plain"));
  return bodyAndType.map(([b, type]) => ({
    method: "POST",
    target: "/v2/watchtower/client",
    body: b,
    ...(type === undefined ? {} : { headers: { "content-type": type } }),
  }));
}
