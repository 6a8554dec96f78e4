import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/cli.ts", "src/index.ts"],
  format: ["esm"],
  target: "node20",
  // the bin is self-contained: the workspace packages are compiled in instead of resolved at run time
  noExternal: [/^@wtclient\//],
  // lnd-sim and each lnd transport load through dynamic imports: separate chunks, loaded only when used
  splitting: true,
  clean: true,
  sourcemap: true,
});
