// @ts-check
// Lint rules for the whole repository (`npm run lint`). Formatting is prettier's job (`npm run format`), so
// eslint-config-prettier comes last and switches off every rule that would argue with it.
// typescript-eslint's recommended set without type information: the type-checked set took 4-5x the time and
// 1.9 GB of memory on the 2-core machine, and tsc (`npm run typecheck`) already checks the types.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores(["**/node_modules/", "**/dist/", "**/coverage/", "**/.turbo/", "**/gen/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // an underscore marks a parameter kept for its place in a signature; a rest sibling drops a key from a copy
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-throw-literal": "error",
    },
  },
  {
    // scripts, bins, configs and servers run on Node
    files: ["**/*.{js,mjs,cjs,ts,mts,cts,tsx}"],
    languageOptions: { globals: globals.node },
  },
  {
    // the web console's page runs in the browser
    files: ["apps/console/src/**"],
    languageOptions: { globals: globals.browser },
  },
  {
    // the tarball test loads the packages the way a CommonJS user does
    files: ["**/*.{cjs,cts}"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
