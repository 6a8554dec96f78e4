#!/usr/bin/env node
import * as nodeModule from "node:module";
import { runCli } from "./run-cli.js";

// Node >= 22.1 keeps V8's compiled code of the chunks a command loads (the lnd client) in the OS temp
// directory, so later calls skip compiling them; older Node has no such API and compiles each time
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
// everything is closed by now; should a socket linger anyway, do not let it hold the shell
setTimeout(() => process.exit(code), 2000).unref();
