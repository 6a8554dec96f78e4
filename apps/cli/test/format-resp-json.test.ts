import { create, fromJson, type DescMessage, type JsonObject, type JsonValue } from "@bufbuild/protobuf";
import {
  AddTowerResponseSchema,
  DeactivateTowerResponseSchema,
  ListTowersResponseSchema,
  PolicyResponseSchema,
  PolicyType,
  RemoveTowerResponseSchema,
  StatsResponseSchema,
  TerminateSessionResponseSchema,
  TowerSchema,
} from "@wtclient/core";
import { bytesToBase64, hexToBytes } from "@wtclient/core/internal";
import { describe, expect, it } from "vitest";
import { formatRespJson } from "../src/format-resp-json.js";
import { capture } from "./capture.js";

const schemaOf: Record<string, DescMessage> = {
  towers: ListTowersResponseSchema,
  tower: TowerSchema,
  stats: StatsResponseSchema,
  policy: PolicyResponseSchema,
  "session terminate": TerminateSessionResponseSchema,
  deactivate: DeactivateTowerResponseSchema,
  add: AddTowerResponseSchema,
  remove: RemoveTowerResponseSchema,
};

/** lncli's hex -> protojson's base64, for the capture's two bytes fields, so fromJson can read it. */
function hexToB64(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(hexToB64);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      (k === "pubkey" || k === "id") && typeof v === "string" ? bytesToBase64(hexToBytes(v)) : hexToB64(v),
    ]),
  );
}

describe("formatRespJson", () => {
  const successes = capture.lncli.filter((run) => run.exit_code === 0);
  it.each(successes.map((run, i) => [i, run.args.slice(2).join(" "), run] as const))(
    "prints what lncli printed (#%i %s), up to protojson's whitespace jitter",
    (_, line, run) => {
      const command = Object.keys(schemaOf).find((c) => line === c || line.startsWith(`${c} `))!;
      const schema = schemaOf[command]!;
      const message = fromJson(schema, hexToB64(JSON.parse(run.stdout) as JsonObject));
      // lnd's protojson sometimes puts two spaces after a colon; lncli's layout is otherwise exact
      expect(formatRespJson(schema, message)).toBe(run.stdout.replace(/": {2}/g, '": '));
    },
  );

  it("prints every field of an empty message, enums by name, 4-space indent", () => {
    expect(formatRespJson(TowerSchema, create(TowerSchema))).toBe(
      [
        "{",
        '    "pubkey": "",',
        '    "addresses": [],',
        '    "active_session_candidate": false,',
        '    "num_sessions": 0,',
        '    "sessions": [],',
        '    "session_info": []',
        "}",
        "",
      ].join("\n"),
    );
    expect(formatRespJson(AddTowerResponseSchema, create(AddTowerResponseSchema))).toBe("{}\n");
  });

  it("prints bytes as lowercase hex at every depth (not base64)", () => {
    const id = new Uint8Array([0x02, 0xab, 0xff, 0x00]);
    const tower = create(TowerSchema, {
      pubkey: new Uint8Array([0x03, 0xfe]),
      sessions: [{ id }],
      sessionInfo: [{ policyType: PolicyType.TAPROOT, sessions: [{ id, maxBackups: 7 }] }],
    });
    const json = JSON.parse(
      formatRespJson(ListTowersResponseSchema, create(ListTowersResponseSchema, { towers: [tower] })),
    );
    expect(json.towers[0].pubkey).toBe("03fe");
    expect(json.towers[0].sessions[0].id).toBe("02abff00");
    expect(json.towers[0].session_info[0]).toEqual({
      active_session_candidate: false,
      num_sessions: 0,
      sessions: [
        {
          num_backups: 0,
          num_pending_backups: 0,
          max_backups: 7,
          sweep_sat_per_byte: 0,
          sweep_sat_per_vbyte: 0,
          id: "02abff00",
        },
      ],
      policy_type: "TAPROOT",
    });
  });
});
