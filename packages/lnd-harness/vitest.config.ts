import { defineProject } from "vitest/config";

export default defineProject({
  // resolve workspace packages to their TypeScript sources, not to dist (vitest 4 reads ssr.resolve here)
  ssr: { resolve: { conditions: ["@wtclient/source"] } },
  // the failure-path tests spawn processes and wait for them to be reaped
  test: { name: "lnd-harness", include: ["test/**/*.test.ts"], environment: "node", testTimeout: 60000 },
});
