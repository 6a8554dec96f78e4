import {
  AddTowerResponseSchema,
  DeactivateTowerResponseSchema,
  ListTowersResponseSchema,
  PolicyResponseSchema,
  RemoveTowerResponseSchema,
  StatsResponseSchema,
  TerminateSessionResponseSchema,
  TowerSchema,
  type createWatchtowerClient,
} from "@wtclient/core";
import type { CommandRequest } from "./decode-command-args.js";
import { formatRespJson } from "./format-resp-json.js";

type WatchtowerClientApi = ReturnType<typeof createWatchtowerClient>;

/** Make the request's RPC and return lnd's answer as lncli prints it. */
export async function callWatchtower(client: WatchtowerClientApi, req: CommandRequest): Promise<string> {
  switch (req.name) {
    case "add":
      return formatRespJson(AddTowerResponseSchema, await client.addTower(req.pubkey, req.address));
    case "remove":
      return formatRespJson(RemoveTowerResponseSchema, await client.removeTower(req.pubkey, req.address));
    case "deactivate":
      return formatRespJson(DeactivateTowerResponseSchema, await client.deactivateTower(req.pubkey));
    case "towers":
      return formatRespJson(ListTowersResponseSchema, await client.listTowers(req));
    case "tower":
      return formatRespJson(TowerSchema, await client.getTowerInfo(req.pubkey, req));
    case "stats":
      return formatRespJson(StatsResponseSchema, await client.stats());
    case "policy":
      return formatRespJson(PolicyResponseSchema, await client.policy(req.policyType));
    case "session terminate":
      return formatRespJson(TerminateSessionResponseSchema, await client.terminateSession(req.sessionId));
  }
}
