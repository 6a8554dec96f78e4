import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  target: "node20",
  // the published bin is self-contained: core is compiled in instead of resolved at run time
  noExternal: [/^@wtclient\//],
  // ...and compiled from its TypeScript sources, so building the bin does not wait for core's dist
  esbuildOptions(options) {
    options.conditions = ["@wtclient/source"];
  },
  // bundled CommonJS dependencies (macaroon -> tweetnacl) call require("crypto"), which ESM lacks: give each chunk one
  banner: { js: 'import { createRequire as __wtclientCreateRequire } from "node:module"; const require = __wtclientCreateRequire(import.meta.url);' },
  // dynamic imports (the lnd client, each transport) become chunks that load only when used
  splitting: true,
  clean: true,
  // no source maps: they would triple the published size, and users see error texts, not stack traces
  sourcemap: false,
});
