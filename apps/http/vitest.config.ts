import { defineProject } from "vitest/config";

export default defineProject({
  // resolve workspace packages to their TypeScript sources, not to dist (vitest 4 reads ssr.resolve here)
  ssr: { resolve: { conditions: ["@wtclient/source"] } },
  test: { name: "http", include: ["src/**/*.test.ts", "test/**/*.test.ts"], environment: "node", testTimeout: 20000 },
});
