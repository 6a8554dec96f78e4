import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  target: "node20",
  // the published bin is self-contained and its package depends on nothing: core and everything it imports are
  // compiled in (core from its TypeScript sources, through tsconfig paths, so this build never waits for core's dist)
  noExternal: [/./],
  // bundled CommonJS dependencies (socks and its helpers) call require("net") and the like, which ESM lacks: give each chunk one
  banner: {
    js: 'import { createRequire as __wtclientCreateRequire } from "node:module"; const require = __wtclientCreateRequire(import.meta.url);',
  },
  // dynamic imports (the lnd client, each transport, the HTTPS client, socks) become chunks that load only when used
  splitting: true,
  clean: true,
  // no source maps: they would triple the published size, and users see error texts, not stack traces
  sourcemap: false,
});
