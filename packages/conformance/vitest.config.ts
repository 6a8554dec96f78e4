import { defineProject } from "vitest/config";

export default defineProject({
  // workspace packages resolve to their TypeScript sources through tsconfig.base.json's paths, not to dist
  resolve: { tsconfigPaths: true },
  test: {
    name: "conformance",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // a failed toEqual prints both values whole, so CI's one FAILED line shows what differed (not "…(2)")
    chaiConfig: { truncateThreshold: 0 },
    // CLI drivers spawn real processes and fault scenarios wait on deadlines
    testTimeout: 60000,
    hookTimeout: 60000,
  },
});
