// Type-checked by scripts/test-tarballs.mjs under module nodenext: the CommonJS entry points' types (.d.cts).
import core = require("@wtclient/core");
import http = require("@wtclient/http");
import sim = require("@wtclient/lnd-sim");
import gateway = require("@wtclient/rest-gateway");

export const names: string[] = [
  typeof core.terminateSession,
  typeof http.startHttpService,
  typeof sim.startLndSim,
  typeof gateway.createRestGateway,
];
// @ts-expect-error terminateSession needs a transport and an id
void core.terminateSession();
