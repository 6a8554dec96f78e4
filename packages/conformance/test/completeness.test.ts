import { WatchtowerClient, watchtowerMethodOf } from "@wtclient/core";
import { buildOpenApi } from "@wtclient/http";
import { describe, expect, it } from "vitest";
// apps/cli publishes only its bin, so its command table is read from its source
import { commands } from "../../../apps/cli/src/command-table.js";
import { loadDrivers } from "../src/load-drivers.js";
import { scenarios } from "../src/scenarios/index.js";

// every RPC of the generated descriptor must be reachable everywhere; a new RPC in the proto fails here
// with the list of what it still lacks (see CONTRIBUTING.md)
const openApi = buildOpenApi("test") as { paths: Record<string, Record<string, unknown>> };

function lacks(name: string, localName: string): string[] {
  const missing: string[] = [];
  const row = watchtowerMethodOf(name);
  const route = row?.rest;
  if (row === undefined) missing.push("a row in packages/core/src/watchtower-methods.ts");
  else if (!commands.some((c) => c.path.join(" ") === row.lncli.join(" ")))
    missing.push("a CLI command in apps/cli/src/command-table.ts");
  if (route !== undefined && openApi.paths[route.pattern]?.[route.method.toLowerCase()] === undefined) {
    missing.push("an HTTP route in wtclient-http's OpenAPI document (apps/http/src/build-openapi.ts)");
  }
  if (!scenarios.some((s) => s.rpc === localName)) missing.push("a scenario in packages/conformance/src/scenarios/");
  return missing;
}

describe("every WatchtowerClient RPC has a REST route, a CLI command, an HTTP route and a scenario", () => {
  it.each(WatchtowerClient.methods.map((m) => [m.name, m.localName] as const))("%s", (name, localName) => {
    const missing = lacks(name, localName);
    expect(missing, `${name} lacks: ${missing.join("; ")}`).toEqual([]);
  });

  it("has the eight drivers: library, CLI and HTTP, each over two transports, and the library through a SOCKS5 proxy", async () => {
    expect((await loadDrivers()).map((d) => d.name).sort()).toEqual([
      "cli/grpc",
      "cli/rest",
      "http/connect",
      "http/rest",
      "library/grpc",
      "library/grpc+socks",
      "library/rest",
      "library/rest+socks",
    ]);
  });
});
