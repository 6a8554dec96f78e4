#!/usr/bin/env node
// A committed entry point, so that npm links the bin at install time, before the first build.
try {
  await import("../dist/cli.js");
} catch (e) {
  if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("dist/cli.js")) throw e;
  console.error("wtclient-lnd-sim is not built yet: run `npm run build` at the repository root");
  process.exit(1);
}
