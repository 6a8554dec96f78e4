import { defineConfig } from "tsup";

// every package the service imports is a dependency, resolved at run time (the workspace ones included):
// nothing is bundled twice, and @wtclient/lnd-sim loads only for --sim and --tls-self-signed
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
