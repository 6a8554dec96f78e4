import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "socks-fixtures", include: ["src/**/*.test.ts"], environment: "node", testTimeout: 20000 },
});
