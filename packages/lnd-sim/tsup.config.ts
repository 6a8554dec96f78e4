import { defineConfig } from "tsup";

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
    // bundle the workspace packages from their sources so the bin runs without building them first,
    // and keep every other package external (core's lazily loaded transports stay unbundled and unloaded)
    noExternal: [/^@wtclient\//],
    external: [/^(?!@wtclient\/)[^./]/],
    esbuildOptions(options) {
      options.conditions = ["@wtclient/source"];
    },
  },
]);
