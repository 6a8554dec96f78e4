import { demoKey } from "@wtclient/lnd-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  pathKey,
  request,
  startService,
  startSim,
  writeToken,
  type ServiceHandle,
  type SimHandle,
} from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

const alpha = demoKey("tower/alpha");
const beta = demoKey("tower/beta");
const fresh = demoKey("tower/fresh-for-rest-parity");
const session = demoKey("session/alpha/legacy");
const unknownSession = demoKey("session/none");

/** The same requests, in order, against the service and against the double's own REST listener. */
const steps: { name: string; method: string; path: string; body?: string }[] = [
  { name: "Stats", method: "GET", path: "/v2/watchtower/client/stats" },
  { name: "Policy (default)", method: "GET", path: "/v2/watchtower/client/policy" },
  { name: "Policy ANCHOR", method: "GET", path: "/v2/watchtower/client/policy?policy_type=ANCHOR" },
  { name: "Policy TAPROOT by number", method: "GET", path: "/v2/watchtower/client/policy?policy_type=2" },
  { name: "Policy bad enum", method: "GET", path: "/v2/watchtower/client/policy?policy_type=NOPE" },
  { name: "ListTowers", method: "GET", path: "/v2/watchtower/client" },
  {
    name: "ListTowers with sessions",
    method: "GET",
    path: "/v2/watchtower/client?include_sessions=true&exclude_exhausted_sessions=true",
  },
  { name: "GetTowerInfo", method: "GET", path: `/v2/watchtower/client/info/${pathKey(alpha)}?include_sessions=true` },
  { name: "GetTowerInfo unknown", method: "GET", path: `/v2/watchtower/client/info/${pathKey(fresh)}` },
  {
    name: "TerminateSession",
    method: "POST",
    path: `/v2/watchtower/client/sessions/terminate/${pathKey(session)}`,
    body: "{}",
  },
  {
    name: "TerminateSession again",
    method: "POST",
    path: `/v2/watchtower/client/sessions/terminate/${pathKey(session)}`,
  },
  {
    name: "TerminateSession unknown",
    method: "POST",
    path: `/v2/watchtower/client/sessions/terminate/${pathKey(unknownSession)}`,
  },
  { name: "TerminateSession hex id", method: "POST", path: `/v2/watchtower/client/sessions/terminate/${session}` },
  { name: "TerminateSession empty id", method: "POST", path: "/v2/watchtower/client/sessions/terminate/" },
  { name: "DeactivateTower", method: "POST", path: `/v2/watchtower/client/tower/deactivate/${pathKey(beta)}` },
  {
    name: "AddTower",
    method: "POST",
    path: "/v2/watchtower/client",
    body: JSON.stringify({ pubkey: Buffer.from(fresh, "hex").toString("base64"), address: "192.0.2.1" }),
  },
  { name: "AddTower unknown field", method: "POST", path: "/v2/watchtower/client", body: '{"foo":1}' },
  { name: "GetTowerInfo added", method: "GET", path: `/v2/watchtower/client/info/${pathKey(fresh)}` },
  {
    name: "RemoveTower address",
    method: "DELETE",
    path: `/v2/watchtower/client/${pathKey(fresh)}?address=192.0.2.1:9911`,
  },
  { name: "RemoveTower", method: "DELETE", path: `/v2/watchtower/client/${pathKey(fresh)}` },
  { name: "RemoveTower unknown", method: "DELETE", path: `/v2/watchtower/client/${pathKey(fresh)}` },
  { name: "ListTowers after", method: "GET", path: "/v2/watchtower/client?include_sessions=true" },
  { name: "Stats after", method: "GET", path: "/v2/watchtower/client/stats" },
  { name: "unknown path", method: "GET", path: "/v2/watchtower/nope" },
  { name: "wrong method", method: "GET", path: `/v2/watchtower/client/sessions/terminate/${pathKey(session)}` },
];

describe("REST through the service equals the double's own REST", () => {
  let viaService: SimHandle;
  let direct: SimHandle;
  let service: ServiceHandle;

  beforeAll(async () => {
    // two doubles with the same (default demo) state: one behind the service, one asked directly
    viaService = await startSim();
    direct = await startSim();
    service = await startService({ lnd: viaService.flags });
  });
  afterAll(async () => {
    await service?.[Symbol.asyncDispose]();
    await viaService?.[Symbol.asyncDispose]();
    await direct?.[Symbol.asyncDispose]();
    expectNoSecrets([viaService.adminHex, direct.adminHex, writeToken.token]);
  });

  it("answers every step like lnd's REST", async () => {
    const covered = new Set<string>();
    const statuses = new Set<number>();
    for (const step of steps) {
      const headers: Record<string, string> = step.body !== undefined ? { "content-type": "application/json" } : {};
      const ours = await request(service.url + step.path, {
        method: step.method,
        headers: { ...headers, ...bearer(writeToken.token) },
        ...(step.body !== undefined ? { body: step.body } : {}),
      });
      const theirs = await request(`https://${direct.sim.restAddress}${step.path}`, {
        method: step.method,
        headers: { ...headers, "Grpc-Metadata-macaroon": direct.adminHex },
        ...(step.body !== undefined ? { body: step.body } : {}),
        ca: direct.certPem,
      });
      expect({ step: step.name, status: ours.status, json: ours.json }).toEqual({
        step: step.name,
        status: theirs.status,
        json: theirs.json,
      });
      expect(ours.headers.get("content-type")).toBe(theirs.headers.get("content-type"));
      covered.add(step.name.split(" ")[0]!);
      statuses.add(ours.status);
    }
    // successes and each kind of lnd error were compared, not just one
    expect([...statuses].sort()).toEqual([200, 400, 404, 500, 501]);
    expect([...covered]).toEqual(
      expect.arrayContaining([
        "Stats",
        "Policy",
        "ListTowers",
        "GetTowerInfo",
        "TerminateSession",
        "DeactivateTower",
        "AddTower",
        "RemoveTower",
      ]),
    );
  });
});
