import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`../../packages/core/src/${file}`, import.meta.url));

export default defineProject({
  // workspace packages resolve to their TypeScript sources through the tsconfig paths, not to dist
  resolve: {
    tsconfigPaths: true,
    alias: {
      "@wtclient/gen": core("gen/wtclientrpc/wtclient_pb.ts"),
      "@wtclient/errors": core("wtclient-error.ts"),
      "@wtclient/doctor": core("doctor-check.ts"),
    },
  },
  // the browser tests start real processes and a real Chromium on a slow, shared machine
  test: {
    name: "console",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
