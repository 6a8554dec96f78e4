import { defineProject } from "vitest/config";

export default defineProject({
  // workspace packages resolve to their TypeScript sources through tsconfig.base.json's paths, not to dist
  resolve: { tsconfigPaths: true },
  // the failure-path tests spawn processes and wait for them to be reaped
  test: { name: "lnd-harness", include: ["test/**/*.test.ts"], environment: "node", testTimeout: 60000 },
});
