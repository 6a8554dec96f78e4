import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts", "src/index.ts"],
  format: ["esm"],
  target: "node20",
  // the bin is self-contained: the workspace packages are compiled in instead of resolved at run time
  noExternal: [/^@wtclient\//],
  // ...compiled from their TypeScript sources, so this build never picks up a stale dist of theirs
  esbuildOptions(options) {
    options.conditions = ["@wtclient/source"];
  },
  // lnd-sim and each lnd transport load through dynamic imports: separate chunks, loaded only when used
  splitting: true,
  clean: true,
  sourcemap: true,
});
