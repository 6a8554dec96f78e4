import { cpSync, existsSync } from "node:fs";
import { defineConfig } from "tsup";

// the web console's built assets (apps/console, built first by turbo: turbo.json) ship inside this package
const consoleDist = "../console/dist";

// every package the service imports is a dependency, resolved at run time (the workspace ones included):
// nothing is bundled twice, and @wtclient/lnd-sim loads only for --sim (test/loads-lnd-sim.test.ts checks the build)
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    // the CommonJS build finds dist/console through import.meta.url too
    shims: true,
    async onSuccess() {
      if (!existsSync(`${consoleDist}/index.html`)) {
        throw new Error("apps/console/dist is missing: build the console first (`npx turbo run build` orders it)");
      }
      cpSync(consoleDist, "dist/console", { recursive: true });
    },
  },
  {
    // the bin: ESM only; tsup keeps src/cli.ts's shebang and marks the file executable
    entry: ["src/cli.ts"],
    format: ["esm"],
    sourcemap: true,
    target: "node20",
  },
]);
