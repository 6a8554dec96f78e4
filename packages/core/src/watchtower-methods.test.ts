import { describe, expect, it } from "vitest";
import { WatchtowerClient } from "./gen/wtclientrpc/wtclient_pb.js";
import { laterReleaseOf, watchtowerMethodNames, watchtowerMethodOf, watchtowerMethods } from "./watchtower-methods.js";

describe("the method table", () => {
  it("has one row for every method of the generated descriptor, and no other", () => {
    expect(Object.keys(watchtowerMethods).sort()).toEqual(WatchtowerClient.methods.map((m) => m.localName).sort());
    expect(watchtowerMethodNames).toEqual(WatchtowerClient.methods.map((m) => m.localName));
    for (const method of WatchtowerClient.methods)
      expect(watchtowerMethodOf(method)).toBe(watchtowerMethodOf(method.name));
  });

  it("gives every method its own REST route and its own lncli words", () => {
    const routes = watchtowerMethodNames.map(
      (n) => `${watchtowerMethods[n].rest.method} ${watchtowerMethods[n].rest.pattern}`,
    );
    const words = watchtowerMethodNames.map((n) => watchtowerMethods[n].lncli.join(" "));
    expect(new Set(routes).size).toBe(watchtowerMethodNames.length);
    expect(new Set(words).size).toBe(watchtowerMethodNames.length);
  });

  it("knows no other service's methods", () => {
    expect(watchtowerMethodOf("NoSuchRpc")).toBeUndefined();
    expect(
      watchtowerMethodOf({
        ...WatchtowerClient.method.stats,
        parent: { ...WatchtowerClient, typeName: "other.Service" },
      }),
    ).toBeUndefined();
  });

  it("names the RPCs an lnd older than the service's later additions lacks", () => {
    const later = WatchtowerClient.methods.map((m) => m.name).filter((name) => laterReleaseOf(name) !== undefined);
    expect(later.sort()).toEqual(["DeactivateTower", "TerminateSession"]);
    expect(laterReleaseOf("TerminateSession")).toBe("0.18.0-beta");
  });
});
