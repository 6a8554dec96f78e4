import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`../../packages/core/src/${file}`, import.meta.url));

export default defineProject({
  // resolve workspace packages to their TypeScript sources, not to dist (vitest 4 reads ssr.resolve here)
  ssr: { resolve: { conditions: ["@wtclient/source"] } },
  resolve: { alias: { "@wtclient/gen": core("gen/wtclientrpc/wtclient_pb.ts"), "@wtclient/errors": core("wtclient-error.ts") } },
  // the browser tests start real processes and a real Chromium on a slow, shared machine
  test: { name: "console", include: ["src/**/*.test.ts", "test/**/*.test.ts"], environment: "node", testTimeout: 120_000, hookTimeout: 120_000 },
});
