import { describe, expect, it } from "vitest";
import { checkGatewayReply, type HttpReply } from "../src/index.js";

const json = { "content-type": "application/json" };
const reply = (status: number, text: string, headers: HttpReply["headers"] = json): HttpReply => ({
  status,
  headers,
  text,
});

describe("checkGatewayReply", () => {
  it.each([
    ["a 200 object", reply(200, "{}"), "ok"],
    ["lnd's 404", reply(404, '{"code":5,"message":"Not Found","details":[]}'), "lnd-error"],
    [
      "lnd's 501 for another method",
      reply(501, '{"code":12,"message":"Method Not Allowed","details":[]}'),
      "lnd-error",
    ],
    [
      "Go's refusal of a request line",
      reply(400, "400 Bad Request", { "content-type": "text/plain; charset=utf-8" }),
      "request-refused",
    ],
    [
      "the marshal fallback",
      reply(500, '{"code": 13, "message": "failed to marshal error message"}'),
      "marshal-fallback",
    ],
  ] as const)("accepts %s", (_, r, kind) => {
    expect(checkGatewayReply(r)).toBe(kind);
  });

  it.each([
    ["the gateway's catch-all", reply(500, '{"code":2,"message":"internal error","details":[]}'), /catch-all/],
    [
      "a status that does not match the code",
      reply(500, '{"code":3,"message":"bad","details":[]}'),
      /grpc-gateway's 400/,
    ],
    ["a missing details field", reply(400, '{"code":3,"message":"bad"}'), /envelope/],
    ["an empty message", reply(400, '{"code":3,"message":" ","details":[]}'), /non-empty/],
    ["a code out of range", reply(500, '{"code":17,"message":"x","details":[]}'), /gRPC code/],
    ["a body that is not JSON", reply(404, "Not Found"), /not JSON/],
    ["Node's bare 400", reply(400, "", {}), /application\/json/],
    ["a redirect", reply(301, '{"code":5,"message":"x","details":[]}'), /4xx\/5xx/],
    ["a 200 array", reply(200, "[]"), /JSON object/],
  ] as const)("refuses %s", (_, r, why) => {
    expect(() => checkGatewayReply(r)).toThrow(why);
  });
});
