import { fromJson, toJson, type DescMessage } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { capture } from "../test/fixtures.js";
import { watchtowerMethods, type WatchtowerMethodName } from "./watchtower-methods.js";
import { WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";

/** The method a captured REST request was answered by, from the route table. */
function methodOf(method: string, path: string): WatchtowerMethodName | undefined {
  const bare = path.split("?")[0]!;
  for (const [name, { rest: route }] of Object.entries(watchtowerMethods)) {
    const re = new RegExp(`^${route.pattern.replace(/\{[a-z_]+\}/, "[^/]*")}$`);
    if (route.method === method && re.test(bare)) return name as WatchtowerMethodName;
  }
  return undefined;
}

const successes = capture.rest.filter((e) => e.status === 200);

describe("lnd's REST success bodies", () => {
  it.each(successes.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "%s parses strictly with the generated schema",
    (_n, e) => {
      const name = methodOf(e.method, e.path);
      expect(name).toBeDefined();
      const schema: DescMessage = WatchtowerClient.method[name!].output;
      // strict: no ignoreUnknownFields, so a field our proto lacks would fail here
      const msg = fromJson(schema, e.body as never);
      // and it writes back to the same JSON lnd sent (all fields, proto names)
      expect(toJson(schema, msg, { useProtoFieldName: true, alwaysEmitImplicit: true })).toEqual(e.body);
    },
  );
  it("covers every read route and the writes that succeed", () => {
    const names = new Set(successes.map((e) => methodOf(e.method, e.path)));
    for (const n of [
      "listTowers",
      "getTowerInfo",
      "stats",
      "policy",
      "terminateSession",
      "deactivateTower",
      "addTower",
      "removeTower",
    ]) {
      expect(names).toContain(n);
    }
  });
});
