import { defineProject } from "vitest/config";

export default defineProject({
  // workspace packages resolve to their TypeScript sources through tsconfig.base.json's paths, not to dist
  resolve: { tsconfigPaths: true },
  test: {
    name: "lnd-sim",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20000,
  },
});
