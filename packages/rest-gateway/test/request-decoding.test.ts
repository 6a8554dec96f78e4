import { bytesToHex } from "@wtclient/core/internal";
import { afterEach, describe, expect, test } from "vitest";
import { send, startGateway, type Harness, type Reply } from "./gateway-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const envelope = (code: number, message: string): string => JSON.stringify({ code, message, details: [] });

/** The request message the server got, bytes as hex; undefined when the gateway answered by itself. */
function receivedFields(h: Harness): Record<string, unknown> | undefined {
  const got = h.received[0]?.request as Record<string, unknown> | undefined;
  if (got === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(got)
      .filter(([k]) => k !== "$typeName")
      .map(([k, v]) => [k, v instanceof Uint8Array ? bytesToHex(v) : v]),
  );
}

async function exchange(
  method: string,
  path: string,
  body?: string | Buffer,
): Promise<{ reply: Reply; got: Record<string, unknown> | undefined }> {
  harness = await startGateway({});
  const reply = await send(harness.port, method, path, body);
  return { reply, got: receivedFields(harness) };
}

type Expectation = { got: Record<string, unknown> } | { status: number; message: string };

async function check(
  method: string,
  path: string,
  body: string | Buffer | undefined,
  expected: Expectation,
): Promise<void> {
  const { reply, got } = await exchange(method, path, body);
  if ("got" in expected) {
    expect(reply.status).toBe(200);
    expect(got).toEqual(expected.got);
  } else {
    expect(got).toBeUndefined();
    expect(reply.status).toBe(expected.status);
    expect(reply.text).toBe(envelope(expected.status === 400 ? 3 : expected.status === 500 ? 13 : 4, expected.message));
  }
}

describe("path parameter: grpc-gateway runtime.Bytes (padded standard, then padded URL-safe base64)", () => {
  const T = "/v2/watchtower/client/sessions/terminate/";
  const cases: [string, Expectation][] = [
    ["AAAA", { got: { sessionId: "000000" } }],
    ["AA==", { got: { sessionId: "00" } }],
    ["A-8=", { got: { sessionId: "03ef" } }],
    ["A+8=", { got: { sessionId: "03ef" } }],
    ["A%2B8%3D", { got: { sessionId: "03ef" } }],
    ["", { got: { sessionId: "" } }],
    [
      "AA",
      { status: 400, message: "type mismatch, parameter: session_id, error: illegal base64 data at input byte 0" },
    ],
    [
      "AAA",
      { status: 400, message: "type mismatch, parameter: session_id, error: illegal base64 data at input byte 0" },
    ],
    [
      "A+8_",
      { status: 400, message: "type mismatch, parameter: session_id, error: illegal base64 data at input byte 1" },
    ],
    [
      "AA%C3%A9AA",
      { status: 400, message: "type mismatch, parameter: session_id, error: illegal base64 data at input byte 2" },
    ],
    [
      "AA%FFAA",
      { status: 400, message: "type mismatch, parameter: session_id, error: illegal base64 data at input byte 2" },
    ],
  ];
  test.each(cases)("%j", (param, expected) => check("POST", T + param, undefined, expected));

  test("deactivate names its parameter pubkey", () =>
    check("POST", "/v2/watchtower/client/tower/deactivate/abc", undefined, {
      status: 400,
      message: "type mismatch, parameter: pubkey, error: illegal base64 data at input byte 0",
    }));

  test("TerminateSession and DeactivateTower never read the body nor the query", async () => {
    await check("POST", `${T}AAAA?session_id=AQID&foo=%zz;`, "{not json", { got: { sessionId: "000000" } });
    await harness?.close();
    await check("POST", "/v2/watchtower/client/tower/deactivate/AAAA?x;y", "[", { got: { pubkey: "000000" } });
  });
});

describe("AddTower body: encoding/json then protojson, with their texts", () => {
  const A = "/v2/watchtower/client";
  const empty = { got: { pubkey: "", address: "" } };
  const syntax = (message: string): Expectation => ({ status: 400, message });
  const cases: [string, string | Buffer, Expectation][] = [
    ["empty body", "", empty],
    ["blank body", " \r\n\t", empty],
    ["empty object", "{}", empty],
    ["nulls leave fields unset", '{"pubkey":null,"address":null}', empty],
    ["padded standard base64", '{"pubkey":"+/8=","address":"h:1"}', { got: { pubkey: "fbff", address: "h:1" } }],
    ["unpadded standard base64", '{"pubkey":"+/8"}', { got: { pubkey: "fbff", address: "" } }],
    ["unpadded URL-safe base64", '{"pubkey":"_-8"}', { got: { pubkey: "ffef", address: "" } }],
    ["padded URL-safe base64", '{"pubkey":"_-8="}', { got: { pubkey: "ffef", address: "" } }],
    [
      "anything after the first value is never read",
      '{"address":"a"} trailing {',
      { got: { pubkey: "", address: "a" } },
    ],
    [
      "escapes and a surrogate pair",
      '{"address":"\\u00e9\\ud83d\\ude00\\n\\/"}',
      { got: { pubkey: "", address: "é😀\n/" } },
    ],
    ["leading whitespace", ' \n {"address":"x"}', { got: { pubkey: "", address: "x" } }],
    ["fixture: not JSON", "{not json", syntax("invalid character 'n' looking for beginning of object key string")],
    ["cut short", '{"pubkey":', syntax("unexpected EOF")],
    ["cut short in a string", '{"pubkey":"AA', syntax("unexpected EOF")],
    ["missing colon", '{"a" 1}', syntax("invalid character '1' after object key")],
    ["missing comma", '{"a":1 "b":2}', syntax("invalid character '\"' after object key:value pair")],
    ["array element", '{"a":[1 2]}', syntax("invalid character '2' after array element")],
    ["bad literal", '{"a":tru}', syntax("invalid character '}' in literal true (expecting 'e')")],
    ["bad number", '{"a":-x}', syntax("invalid character 'x' in numeric literal")],
    ["bad fraction", '{"a":1.}', syntax("invalid character '}' after decimal point in numeric literal")],
    ["bad exponent", '{"a":1e}', syntax("invalid character '}' in exponent of numeric literal")],
    ["bad escape", '{"a":"\\x"}', syntax("invalid character 'x' in string escape code")],
    ["bad \\u escape", '{"a":"\\u12g4"}', syntax("invalid character 'g' in \\u hexadecimal character escape")],
    ["control character in a string", '{"a":"\t"}', syntax("invalid character '\\t' in string literal")],
    ["nesting deeper than Go allows", "[".repeat(10001), syntax("invalid character '[' exceeded max depth")],
    ["single quotes", "'x'", syntax("invalid character '\\'' looking for beginning of value")],
    ["a high byte", Buffer.from([0xff]), syntax("invalid character 'ÿ' looking for beginning of value")],
    [
      "fixture: unknown field",
      '{"pubkey":"ArAfo8nlcqvLGWdYIdVOm1vXq1TQkFCQnFczh/xxldzv","address":"127.0.0.1:9912","foo":1}',
      syntax('proto: (line 1:85): unknown field "foo"'),
    ],
    ["unknown field after leading whitespace", '  {"foo":1}', syntax('proto: (line 1:2): unknown field "foo"')],
    ["unknown field on line 2", '{\n  "foo": 1}', syntax('proto: (line 2:3): unknown field "foo"')],
    ["columns count runes", '{"address":"é","foo":1}', syntax('proto: (line 1:16): unknown field "foo"')],
    ["field names are case-sensitive", '{"Address":"x"}', syntax('proto: (line 1:2): unknown field "Address"')],
    ["duplicate field", '{"address":"a","address":"b"}', syntax('proto: (line 1:16): duplicate field "address"')],
    ["number for bytes", '{"pubkey":123}', syntax("proto: (line 1:11): invalid value for bytes field pubkey: 123")],
    ["object for bytes", '{"pubkey":{"x":1}}', syntax("proto: (line 1:11): invalid value for bytes field pubkey: {")],
    ["bool for string", '{"address":true}', syntax("proto: (line 1:12): invalid value for string field address: true")],
    ["not base64", '{"pubkey":"!!!!"}', syntax('proto: (line 1:11): invalid value for bytes field pubkey: "!!!!"')],
    [
      "one char too many",
      '{"pubkey":"AAAAA"}',
      syntax('proto: (line 1:11): invalid value for bytes field pubkey: "AAAAA"'),
    ],
    [
      "padding where none is expected",
      '{"pubkey":"AA="}',
      syntax('proto: (line 1:11): invalid value for bytes field pubkey: "AA="'),
    ],
    ["both alphabets", '{"pubkey":"+-AA"}', syntax('proto: (line 1:11): invalid value for bytes field pubkey: "+-AA"')],
    ["null body", "null", syntax("proto: syntax error (line 1:1): unexpected token null")],
    ["array body", "[]", syntax("proto: syntax error (line 1:1): unexpected token [")],
    ["string body", '"x"', syntax('proto: syntax error (line 1:1): unexpected token "x"')],
    [
      "invalid UTF-8 in a string",
      Buffer.concat([Buffer.from('{"address":"'), Buffer.from([0xff]), Buffer.from('"}')]),
      syntax("proto: syntax error (line 1:12): invalid UTF-8 in string"),
    ],
    ["lone high surrogate at the end", '{"address":"\\ud800"}', syntax("proto: unexpected EOF")],
    [
      "unpaired high surrogate",
      '{"address":"\\ud800\\u0041"}',
      syntax('proto: syntax error (line 1:12): invalid escape code "\\\\u0041" in string'),
    ],
  ];
  test.each(cases)("%s", (_name, body, expected) => check("POST", A, body, expected));
});

describe("query parameters: url.ParseQuery then grpc-gateway's PopulateQueryParameters", () => {
  const L = "/v2/watchtower/client";
  const P = "/v2/watchtower/client/policy";
  const R = "/v2/watchtower/client/AAAA";
  const bad = (message: string): Expectation => ({ status: 400, message });
  const cases: [string, string, Expectation][] = [
    ["none", L, { got: { includeSessions: false, excludeExhaustedSessions: false } }],
    [
      "proto names",
      `${L}?include_sessions=true&exclude_exhausted_sessions=1`,
      { got: { includeSessions: true, excludeExhaustedSessions: true } },
    ],
    [
      "JSON names",
      `${L}?includeSessions=T&excludeExhaustedSessions=False`,
      { got: { includeSessions: true, excludeExhaustedSessions: false } },
    ],
    [
      "unknown parameters are ignored",
      `${L}?foo=bar&include_sessions=TRUE`,
      { got: { includeSessions: true, excludeExhaustedSessions: false } },
    ],
    [
      "GetTowerInfo",
      "/v2/watchtower/client/info/AAAA?include_sessions=t",
      { got: { pubkey: "000000", includeSessions: true, excludeExhaustedSessions: false } },
    ],
    [
      "not a bool",
      `${L}?include_sessions=yes`,
      bad('parsing field "include_sessions": strconv.ParseBool: parsing "yes": invalid syntax'),
    ],
    [
      "no value",
      `${L}?include_sessions`,
      bad('parsing field "include_sessions": strconv.ParseBool: parsing "": invalid syntax'),
    ],
    [
      "not UTF-8",
      `${L}?include_sessions=%e9`,
      bad('parsing field "include_sessions": strconv.ParseBool: parsing "\\xe9": invalid syntax'),
    ],
    [
      "twice",
      `${L}?include_sessions=true&include_sessions=false`,
      bad('too many values for field "include_sessions": true, false'),
    ],
    ["map syntax", `${L}?include_sessions[x]=true`, bad('too many values for field "include_sessions": x, true')],
    ["nested path", `${L}?include_sessions.x=true`, bad('invalid path: "include_sessions" is not a message')],
    ["semicolon", `${L}?a=1;b=2`, bad("invalid semicolon separator in query")],
    ["bad escape", `${L}?include_sessions=%zz`, bad('invalid URL escape "%zz"')],
    [
      "fixture: bad policy type",
      `${P}?policy_type=BOGUS`,
      bad('parsing field "policy_type": "BOGUS" is not a valid value'),
    ],
    ["policy by name", `${P}?policy_type=TAPROOT`, { got: { policyType: 2 } }],
    ["policy by JSON name and number", `${P}?policyType=%2B1`, { got: { policyType: 1 } }],
    ["policy number wraps to int32 as in Go", `${P}?policy_type=4294967298`, { got: { policyType: 2 } }],
    [
      "policy number out of the enum",
      `${P}?policy_type=3`,
      bad('parsing field "policy_type": "3" is not a valid value'),
    ],
    [
      "policy names are case-sensitive",
      `${P}?policy_type=anchor`,
      bad('parsing field "policy_type": "anchor" is not a valid value'),
    ],
    ["address, + is a space", `${R}?address=a+b%3A1`, { got: { pubkey: "000000", address: "a b:1" } }],
    ["the path parameter is filtered out of the query", `${R}?pubkey=%zz1`, bad('invalid URL escape "%zz"')],
    ["pubkey in the query is ignored", `${R}?pubkey=AQID`, { got: { pubkey: "000000", address: "" } }],
    [
      "address not UTF-8: gRPC cannot marshal it",
      `${R}?address=%ff`,
      { status: 500, message: "grpc: error while marshaling: string field contains invalid UTF-8" },
    ],
    ["Stats reads no query", "/v2/watchtower/client/stats?x;y=%zz", { got: {} }],
  ];
  test.each(cases)("%s", (_name, path, expected) =>
    check(path.includes("/AAAA") && !path.includes("/info/") ? "DELETE" : "GET", path, undefined, expected),
  );

  test("an error text that is not UTF-8 cannot be marshalled: grpc-gateway's fallback", async () => {
    const { reply, got } = await exchange("GET", `${L}?include_sessions=%ff&include_sessions=x`);
    expect(got).toBeUndefined();
    expect(reply.status).toBe(500);
    expect(reply.text).toBe('{"code": 13, "message": "failed to marshal error message"}');
  });
});
