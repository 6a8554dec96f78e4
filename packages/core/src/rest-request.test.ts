import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { hexToBytes } from "./bytes-codec.js";
import {
  AddTowerRequestSchema,
  GetTowerInfoRequestSchema,
  ListTowersRequestSchema,
  PolicyRequestSchema,
  PolicyType,
  RemoveTowerRequestSchema,
  TerminateSessionRequestSchema,
} from "./gen/wtclientrpc/wtclient_pb.js";
import { restRequestOf } from "./rest-request.js";
import { watchtowerMethods } from "./watchtower-methods.js";

const id = hexToBytes("031b25dc3cd22ff5f30cfdce55130c47cd1fcd428d7d105a6a36a7b5838ee7ae89");

describe("restRequestOf", () => {
  it("puts bytes in the path as URL-safe padded base64", () => {
    const r = restRequestOf(
      watchtowerMethods.terminateSession.rest,
      TerminateSessionRequestSchema,
      create(TerminateSessionRequestSchema, { sessionId: id }),
    );
    expect(r).toEqual({
      path: "/v2/watchtower/client/sessions/terminate/Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J",
    });
  });
  it("pads other lengths and percent-encodes the padding", () => {
    const r = restRequestOf(
      watchtowerMethods.terminateSession.rest,
      TerminateSessionRequestSchema,
      create(TerminateSessionRequestSchema, { sessionId: new Uint8Array(32).fill(1) }),
    );
    expect(r.path).toBe("/v2/watchtower/client/sessions/terminate/AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE%3D");
  });
  it("sends query parameters lnd reads, by proto name, only when set", () => {
    expect(
      restRequestOf(watchtowerMethods.listTowers.rest, ListTowersRequestSchema, create(ListTowersRequestSchema, {}))
        .path,
    ).toBe("/v2/watchtower/client");
    expect(
      restRequestOf(
        watchtowerMethods.listTowers.rest,
        ListTowersRequestSchema,
        create(ListTowersRequestSchema, { includeSessions: true, excludeExhaustedSessions: true }),
      ).path,
    ).toBe("/v2/watchtower/client?include_sessions=true&exclude_exhausted_sessions=true");
    expect(
      restRequestOf(
        watchtowerMethods.getTowerInfo.rest,
        GetTowerInfoRequestSchema,
        create(GetTowerInfoRequestSchema, { pubkey: id, includeSessions: true }),
      ).path,
    ).toBe("/v2/watchtower/client/info/Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J?include_sessions=true");
    expect(
      restRequestOf(
        watchtowerMethods.policy.rest,
        PolicyRequestSchema,
        create(PolicyRequestSchema, { policyType: PolicyType.TAPROOT }),
      ).path,
    ).toBe("/v2/watchtower/client/policy?policy_type=TAPROOT");
    expect(
      restRequestOf(
        watchtowerMethods.removeTower.rest,
        RemoveTowerRequestSchema,
        create(RemoveTowerRequestSchema, { pubkey: id, address: "127.0.0.1:9999" }),
      ).path,
    ).toBe("/v2/watchtower/client/Axsl3DzSL_XzDP3OVRMMR80fzUKNfRBaajantYOO566J?address=127.0.0.1%3A9999");
  });
  it("sends AddTower as a JSON body with std base64 bytes", () => {
    const r = restRequestOf(
      watchtowerMethods.addTower.rest,
      AddTowerRequestSchema,
      create(AddTowerRequestSchema, { pubkey: id, address: "127.0.0.1:9912" }),
    );
    expect(r.path).toBe("/v2/watchtower/client");
    expect(JSON.parse(r.body!)).toEqual({
      pubkey: "Axsl3DzSL/XzDP3OVRMMR80fzUKNfRBaajantYOO566J",
      address: "127.0.0.1:9912",
    });
  });
});
