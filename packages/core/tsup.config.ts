import { defineConfig } from "tsup";

export default defineConfig({
  // the public API and the plumbing the other packages share; splitting keeps one copy of each module
  // (one WtclientError class) under both entries, in CommonJS too
  entry: ["src/index.ts", "src/internal.ts"],
  splitting: true,
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
