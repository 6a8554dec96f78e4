import { cpSync, existsSync } from "node:fs";
import { defineConfig } from "tsup";

// the web console's built assets (apps/console, built first by turbo) ship inside this package
const consoleDist = "../console/dist";

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
  async onSuccess() {
    if (!existsSync(`${consoleDist}/index.html`)) {
      throw new Error("apps/console/dist is missing: build the console first (`npx turbo run build` orders it)");
    }
    cpSync(consoleDist, "dist/console", { recursive: true });
  },
});
