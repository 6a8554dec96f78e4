import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { hexToBytes } from "./bytes-codec.js";
import { ListTowersResponseSchema, PolicyType, StatsResponseSchema } from "./gen/wtclientrpc/wtclient_pb.js";
import { toLncliJson } from "./lncli-json.js";

const key = "02b01fa3c9e572abcb19675821d54e9b5bd7ab54d09050909c573387fc7195dcef";
const id = "0274ade1f10ab999ded8fbea16dc5d5f95c2d350114f567d7ec94c49715cfd25a9";

describe("toLncliJson", () => {
  it("writes every field with proto names, enums by name and bytes as hex, nested too", () => {
    const msg = create(ListTowersResponseSchema, {
      towers: [
        {
          pubkey: hexToBytes(key),
          addresses: ["127.0.0.1:9912"],
          sessionInfo: [
            { policyType: PolicyType.ANCHOR, numSessions: 1, sessions: [{ id: hexToBytes(id), maxBackups: 1024 }] },
          ],
        },
      ],
    });
    expect(toLncliJson(ListTowersResponseSchema, msg)).toEqual({
      towers: [
        {
          pubkey: key,
          addresses: ["127.0.0.1:9912"],
          active_session_candidate: false,
          num_sessions: 0,
          sessions: [],
          session_info: [
            {
              active_session_candidate: false,
              num_sessions: 1,
              sessions: [
                {
                  num_backups: 0,
                  num_pending_backups: 0,
                  max_backups: 1024,
                  sweep_sat_per_byte: 0,
                  sweep_sat_per_vbyte: 0,
                  id,
                },
              ],
              policy_type: "ANCHOR",
            },
          ],
        },
      ],
    });
  });
  it("writes zero values of a flat message", () => {
    expect(toLncliJson(StatsResponseSchema, create(StatsResponseSchema))).toEqual({
      num_backups: 0,
      num_pending_backups: 0,
      num_failed_backups: 0,
      num_sessions_acquired: 0,
      num_sessions_exhausted: 0,
    });
  });
});
