import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fixtureDir } from "../test/fixtures.js";
import { hexToBytes } from "./bytes-codec.js";
import { describeMacaroon } from "./macaroon-caveats.js";
import { macaroonHeaderSource } from "./lnd-transport.js";

const admin = readFileSync(`${fixtureDir}/admin.macaroon`);
const caveatsOf = (hex: string | undefined) => describeMacaroon(hexToBytes(hex!)).caveats;

describe("macaroonHeaderSource", () => {
  afterEach(() => vi.useRealTimers());

  it("sends no macaroon when none is given", () => {
    expect(macaroonHeaderSource({ host: "h:1", cert: "" })()).toBeUndefined();
  });
  it("sends the macaroon as it is with a timeout of 0", () => {
    expect(macaroonHeaderSource({ host: "h:1", cert: "", macaroon: admin, macaroonTimeoutSeconds: 0 })()).toBe(
      admin.toString("hex"),
    );
  });
  it("adds time-before now+timeout, reuses it for a quarter of the timeout (at most 15 s), then renews it", () => {
    vi.useFakeTimers({ now: new Date("2026-11-26T23:00:00.000Z") });
    const source = macaroonHeaderSource({
      host: "h:1",
      cert: "",
      macaroon: admin,
      macaroonTimeoutSeconds: 60,
      macaroonIp: "127.0.0.1",
    });
    const first = source();
    expect(caveatsOf(first)).toEqual(["time-before 2026-11-26T23:01:00.000Z", "ipaddr 127.0.0.1"]);
    vi.setSystemTime(new Date("2026-11-26T23:00:14.999Z"));
    expect(source()).toBe(first);
    vi.setSystemTime(new Date("2026-11-26T23:00:15.000Z"));
    expect(caveatsOf(source())).toEqual(["time-before 2026-11-26T23:01:15.000Z", "ipaddr 127.0.0.1"]);
  });
  it("renews short timeouts sooner", () => {
    vi.useFakeTimers({ now: new Date("2026-11-26T23:00:00.000Z") });
    const source = macaroonHeaderSource({ host: "h:1", cert: "", macaroon: admin, macaroonTimeoutSeconds: 4 });
    const first = source();
    vi.setSystemTime(new Date("2026-11-26T23:00:01.000Z"));
    expect(source()).not.toBe(first);
  });
});
