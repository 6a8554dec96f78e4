import { defineProject } from "vitest/config";

export default defineProject({
  // resolve workspace packages to their TypeScript sources, not to dist (vitest 4 reads ssr.resolve here)
  ssr: { resolve: { conditions: ["@wtclient/source"] } },
  test: {
    name: "conformance",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // CLI drivers spawn real processes and fault scenarios wait on deadlines
    testTimeout: 60000,
    hookTimeout: 60000,
  },
});
