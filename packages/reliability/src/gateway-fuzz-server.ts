// Entry of the child process that serves the gateway to the fuzz tests (start it with startGatewayProcess).
// On stdout: `listening <port>` once, then one `fault <json>` line for everything the gateway should never do.
import { createEchoClient } from "./echo-watchtower-client.js";
import { startGatewayServer, type GatewayFault } from "./start-gateway-server.js";

const report = (fault: GatewayFault): void => void process.stdout.write(`fault ${JSON.stringify(fault)}\n`);
process.on("uncaughtException", (e) => report({ method: "", url: "", error: `uncaught: ${String(e)}` }));
process.on("unhandledRejection", (e) => report({ method: "", url: "", error: `unhandled rejection: ${String(e)}` }));

const server = await startGatewayServer(createEchoClient().client, report);
process.stdout.write(`listening ${server.port}\n`);
// the parent closes stdin to stop this process
process.stdin.resume();
process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
