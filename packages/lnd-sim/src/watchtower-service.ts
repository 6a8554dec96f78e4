import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  AddTowerResponseSchema,
  DeactivateTowerResponseSchema,
  ListTowersResponseSchema,
  PolicyResponseSchema,
  PolicyType,
  RemoveTowerResponseSchema,
  StatsResponseSchema,
  TerminateSessionResponseSchema,
  type WatchtowerClient,
} from "@wtclient/core";
import { bytesToHex, parsePubKey } from "@wtclient/core/internal";
import { LndError, type ClientDb } from "./client-db.js";
import type { Faults } from "./faults.js";
import { AddressError, parseAddressString } from "./parse-address-string.js";
import { towerMessage } from "./tower-message.js";
import type { TowerClientKind } from "./tower-clients.js";

export interface WatchtowerServiceOptions {
  readonly db: ClientDb;
  /** read per call: `active` and `unackedSessions` */
  readonly faults: Faults;
  /** the tower clients this lnd runs (3 before v0.21, 4 since) */
  readonly clients: readonly TowerClientKind[];
}

/** lnd's errors travel as plain Go errors: gRPC Unknown with the text as message. */
function lndError(message: string): ConnectError {
  return new ConnectError(message, Code.Unknown);
}

/** btcec.ParsePubKey, then the compressed hex form lnd keys towers and sessions by. */
function parseKey(bytes: Uint8Array): string {
  try {
    return bytesToHex(parsePubKey(bytes).compressed);
  } catch (e) {
    throw lndError((e as Error).message);
  }
}

/** lncfg.ParseAddressString; a failure becomes `<prefix> <address>: <err>`. */
function parseAddress(address: string, prefix: string): string {
  try {
    return parseAddressString(address);
  } catch (e) {
    if (e instanceof AddressError) throw lndError(`${prefix} ${address}: ${e.message}`);
    throw e;
  }
}

/** Run a database step, turning lnd's error texts into gRPC errors. */
function db<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof LndError) throw lndError(e.message);
    throw e;
  }
}

/** The WatchtowerClient sub-server over the double's database, with lnd's order of checks and texts. */
export function createWatchtowerService(options: WatchtowerServiceOptions): ServiceImpl<typeof WatchtowerClient> {
  const { faults, clients } = options;
  // lnd's handlers check `isActive` before looking at the request at all
  const active = (): void => {
    if (!faults.active) throw lndError("watchtower client not active");
  };
  const unacked = (id: string): boolean => faults.unackedSessions.some((x) => x.toLowerCase() === id);
  return {
    addTower(req) {
      active();
      const pubkey = parseKey(req.pubkey);
      const address = parseAddress(req.address, "invalid address");
      db(() => options.db.addTower(pubkey, address));
      return create(AddTowerResponseSchema);
    },
    removeTower(req) {
      active();
      const pubkey = parseKey(req.pubkey);
      const address = req.address === "" ? undefined : parseAddress(req.address, "unable to parse tower address");
      db(() => options.db.removeTower(pubkey, address, unacked));
      return create(RemoveTowerResponseSchema);
    },
    deactivateTower(req) {
      active();
      const pubkey = parseKey(req.pubkey);
      db(() => options.db.deactivateTower(pubkey));
      // %x of the request bytes, not of the normalised key
      return create(DeactivateTowerResponseSchema, {
        status: `Successful deactivation of tower: ${bytesToHex(req.pubkey)}`,
      });
    },
    terminateSession(req) {
      active();
      const id = parseKey(req.sessionId);
      db(() => options.db.terminateSession(id, unacked(id)));
      return create(TerminateSessionResponseSchema, { status: `Successful termination of session: ${id}` });
    },
    listTowers(req) {
      active();
      return create(ListTowersResponseSchema, {
        towers: options.db.towers().map((t) => towerMessage(t, clients, req)),
      });
    },
    getTowerInfo(req) {
      active();
      const pubkey = parseKey(req.pubkey);
      return towerMessage(
        db(() => options.db.tower(pubkey)),
        clients,
        req,
      );
    },
    stats() {
      active();
      return create(StatsResponseSchema, { ...options.db.stats });
    },
    policy(req) {
      active();
      if (![PolicyType.LEGACY, PolicyType.ANCHOR, PolicyType.TAPROOT].includes(req.policyType)) {
        throw lndError(`unknown policy type: ${req.policyType}`);
      }
      const { maxUpdates, sweepSatPerVbyte } = options.db.policy;
      return create(PolicyResponseSchema, { maxUpdates, sweepSatPerVbyte, sweepSatPerByte: sweepSatPerVbyte });
    },
  };
}
