import { defineProject } from "vitest/config";

export default defineProject({
  // resolve workspace packages to their TypeScript sources, not to dist (vitest 4 reads ssr.resolve here)
  ssr: { resolve: { conditions: ["@wtclient/source"] } },
  test: {
    name: "reliability",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // 10 000 runs per property over real HTTP, and crash loops that spawn the double, take tens of seconds here
    testTimeout: 120000,
    hookTimeout: 60000,
  },
});
