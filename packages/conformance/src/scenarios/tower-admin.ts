import { expect } from "vitest";
import type { Scenario } from "../scenario.js";
import type { World } from "../world.js";
import { emptyResponse, lndError, notActive, permissionDenied, value } from "./expect.js";

const find = async (w: World, pubkey: string) => (await w.refresh()).find((t) => t.pubkey === pubkey);

const deactivated = (pubkey: string) =>
  value((v) => expect(v).toEqual({ status: `Successful deactivation of tower: ${pubkey}` }));

export const towerAdminScenarios: Scenario[] = [
  {
    name: "AddTower: new tower",
    rpc: "addTower",
    mutates: true,
    input: (w) => ({ rpc: "addTower", pubkey: { hex: w.unknownKey, form: "hex" }, address: "127.0.0.1:9920" }),
    expect: () => emptyResponse,
    verify: async (w) => {
      const t = await find(w, w.unknownKey);
      expect(t?.addresses).toEqual(["127.0.0.1:9920"]);
      expect(t?.active).toBe(true);
    },
  },
  {
    name: "AddTower: re-add re-activates",
    rpc: "addTower",
    requires: ["tower"],
    mutates: true,
    prepare: async (w) => void (await w.admin.deactivateTower(w.tower!.pubkey)),
    input: (w) => ({ rpc: "addTower", pubkey: { hex: w.tower!.pubkey, form: "hex" }, address: w.tower!.addresses[0]! }),
    expect: () => emptyResponse,
    verify: async (w) => {
      const t = await find(w, w.tower!.pubkey);
      expect(t?.active).toBe(true);
      expect(t?.addresses).toEqual(w.tower!.addresses);
    },
  },
  {
    name: "AddTower: default port 9911",
    rpc: "addTower",
    mutates: true,
    input: (w) => ({ rpc: "addTower", pubkey: { hex: w.unknownKey, form: "hex" }, address: "127.0.0.1" }),
    expect: () => emptyResponse,
    verify: async (w) => expect((await find(w, w.unknownKey))?.addresses).toEqual(["127.0.0.1:9911"]),
  },
  {
    name: "AddTower: bad address",
    rpc: "addTower",
    input: (w) => ({ rpc: "addTower", pubkey: { hex: w.unknownKey, form: "hex" }, address: "udp://1.2.3.4:1" }),
    expect: () =>
      lndError(
        "invalid address udp://1.2.3.4:1: only TCP or unix socket addresses are supported: 1.2.3.4:1",
        "invalid-address",
      ),
  },
  {
    name: "AddTower: readonly macaroon",
    rpc: "addTower",
    context: { macaroon: "readonly" },
    input: (w) => ({ rpc: "addTower", pubkey: { hex: w.unknownKey, form: "hex" }, address: "127.0.0.1:9920" }),
    expect: () => permissionDenied,
  },
  {
    name: "RemoveTower: whole tower without sessions",
    rpc: "removeTower",
    mutates: true,
    prepare: async (w) => void (await w.admin.addTower(w.unknownKey, "127.0.0.1:9921")),
    input: (w) => ({ rpc: "removeTower", pubkey: { hex: w.unknownKey, form: "hex" } }),
    expect: () => emptyResponse,
    verify: async (w) => expect(await find(w, w.unknownKey)).toBeUndefined(),
  },
  {
    name: "RemoveTower: whole tower with sessions",
    rpc: "removeTower",
    requires: ["tower"],
    mutates: true,
    input: (w) => ({ rpc: "removeTower", pubkey: { hex: w.tower!.pubkey, form: "hex" } }),
    expect: () => emptyResponse,
    // lnd keeps a tower that has sessions, marked inactive
    verify: async (w) => {
      const t = await find(w, w.tower!.pubkey);
      expect(t).toBeDefined();
      expect(t?.active).toBe(false);
    },
  },
  {
    name: "RemoveTower: one address",
    rpc: "removeTower",
    requires: ["tower"],
    mutates: true,
    prepare: async (w) => void (await w.admin.addTower(w.tower!.pubkey, "127.0.0.1:9922")),
    input: (w) => ({ rpc: "removeTower", pubkey: { hex: w.tower!.pubkey, form: "hex" }, address: "127.0.0.1:9922" }),
    expect: () => emptyResponse,
    verify: async (w) => expect((await find(w, w.tower!.pubkey))?.addresses).toEqual(w.tower!.addresses),
  },
  {
    name: "RemoveTower: the last address",
    rpc: "removeTower",
    mutates: true,
    prepare: async (w) => void (await w.admin.addTower(w.unknownKey, "127.0.0.1:9923")),
    input: (w) => ({ rpc: "removeTower", pubkey: { hex: w.unknownKey, form: "hex" }, address: "127.0.0.1:9923" }),
    expect: () => lndError("cannot remove last tower address", "last-address"),
  },
  {
    name: "RemoveTower: unknown tower",
    rpc: "removeTower",
    input: (w) => ({ rpc: "removeTower", pubkey: { hex: w.unknownKey, form: "hex" } }),
    expect: () => lndError("tower not found", "tower-not-found"),
  },
  {
    name: "DeactivateTower: known tower",
    rpc: "deactivateTower",
    requires: ["tower"],
    mutates: true,
    input: (w) => ({ rpc: "deactivateTower", pubkey: { hex: w.tower!.pubkey, form: "hex" } }),
    expect: (w) => deactivated(w.tower!.pubkey),
    verify: async (w) => expect((await find(w, w.tower!.pubkey))?.active).toBe(false),
  },
  {
    name: "DeactivateTower: twice",
    rpc: "deactivateTower",
    requires: ["tower"],
    mutates: true,
    prepare: async (w) => void (await w.admin.deactivateTower(w.tower!.pubkey)),
    input: (w) => ({ rpc: "deactivateTower", pubkey: { hex: w.tower!.pubkey, form: "hex" } }),
    expect: (w) => deactivated(w.tower!.pubkey),
  },
  {
    name: "DeactivateTower: unknown tower",
    rpc: "deactivateTower",
    input: (w) => ({ rpc: "deactivateTower", pubkey: { hex: w.unknownKey, form: "hex" } }),
    expect: () => lndError("tower not found", "tower-not-found"),
  },
  {
    name: "DeactivateTower: readonly macaroon",
    rpc: "deactivateTower",
    requires: ["tower"],
    context: { macaroon: "readonly" },
    input: (w) => ({ rpc: "deactivateTower", pubkey: { hex: w.tower!.pubkey, form: "hex" } }),
    expect: () => permissionDenied,
  },
  {
    name: "AddTower: client not active",
    rpc: "addTower",
    requires: ["inactive-client"],
    input: (w) => ({ rpc: "addTower", pubkey: { hex: w.unknownKey, form: "hex" }, address: "127.0.0.1:9920" }),
    expect: () => notActive,
  },
  {
    name: "RemoveTower: client not active",
    rpc: "removeTower",
    requires: ["inactive-client"],
    input: (w) => ({ rpc: "removeTower", pubkey: { hex: w.unknownKey, form: "hex" } }),
    expect: () => notActive,
  },
  {
    name: "DeactivateTower: client not active",
    rpc: "deactivateTower",
    requires: ["inactive-client"],
    input: (w) => ({ rpc: "deactivateTower", pubkey: { hex: w.unknownKey, form: "hex" } }),
    expect: () => notActive,
  },
];
