import { defineProject } from "vitest/config";

export default defineProject({
  // workspace packages resolve to their TypeScript sources through tsconfig.base.json's paths, not to dist
  resolve: { tsconfigPaths: true },
  test: {
    name: "reliability",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // a failed toEqual prints both values whole, so CI's one FAILED line shows what differed (not "…(2)")
    chaiConfig: { truncateThreshold: 0 },
    // 10 000 runs per property over real HTTP, and crash loops that spawn the double, take tens of seconds here
    testTimeout: 120000,
    hookTimeout: 60000,
  },
});
