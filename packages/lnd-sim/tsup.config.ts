import { defineConfig } from "tsup";

// every package the double imports is a dependency, resolved at run time (core and rest-gateway included)
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
  },
  {
    // the bin: ESM only; tsup keeps src/cli.ts's shebang and marks the file executable
    entry: ["src/cli.ts"],
    format: ["esm"],
    sourcemap: true,
    target: "node20",
  },
]);
