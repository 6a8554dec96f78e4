import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertGatewayProperty,
  randomBodyRequest,
  randomPathRequest,
  randomQueryRequest,
  startGatewayProcess,
  type GatewayProcess,
} from "../src/index.js";

// the gateway runs in a child process: a request that hangs it cannot hang the test
let gateway: GatewayProcess;
beforeAll(async () => {
  gateway = await startGatewayProcess();
});
afterAll(async () => {
  await gateway?.close();
});

describe("the REST gateway answers every request as lnd would, never throwing, never hanging", () => {
  it("random paths and methods", async () => {
    const kinds = await assertGatewayProperty(gateway.port, randomPathRequest());
    expect(gateway.faults).toEqual([]);
    expect(gateway.alive()).toBe(true);
    // the generator reaches routes as well as 404s and refusals
    expect(kinds.get("ok")).toBeGreaterThan(50);
    expect(kinds.get("lnd-error")).toBeGreaterThan(5000);
  });

  it("random query strings on every route that reads one", async () => {
    const kinds = await assertGatewayProperty(gateway.port, randomQueryRequest());
    expect(gateway.faults).toEqual([]);
    expect(gateway.alive()).toBe(true);
    expect(kinds.get("ok")).toBeGreaterThan(1000);
    expect(kinds.get("lnd-error")).toBeGreaterThan(1000);
  });

  it("random AddTower bodies", async () => {
    const kinds = await assertGatewayProperty(gateway.port, randomBodyRequest());
    expect(gateway.faults).toEqual([]);
    expect(gateway.alive()).toBe(true);
    expect(kinds.get("ok")).toBeGreaterThan(100);
    expect(kinds.get("lnd-error")).toBeGreaterThan(1000);
  });
});
