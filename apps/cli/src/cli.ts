#!/usr/bin/env node
import { runCli } from "./run-cli.js";

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
// everything is closed by now; should a socket linger anyway, do not let it hold the shell
setTimeout(() => process.exit(code), 2000).unref();
