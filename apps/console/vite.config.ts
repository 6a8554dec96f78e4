import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const core = (file: string) => fileURLToPath(new URL(`../../packages/core/src/${file}`, import.meta.url));

export default defineConfig({
  // asset URLs relative to index.html, so the page works wherever the service mounts it
  base: "./",
  resolve: {
    alias: {
      // the repository's generated descriptor and messages, and the library's error catalogue: browser-safe
      // files of @wtclient/core, taken one by one (its index also loads Node's http2, fs and crypto)
      "@wtclient/gen": core("gen/wtclientrpc/wtclient_pb.ts"),
      "@wtclient/errors": core("wtclient-error.ts"),
      // the doctor's check ids, verdicts and titles (a file of types and one table)
      "@wtclient/doctor": core("doctor-check.ts"),
    },
  },
  // Preact's JSX runtime instead of React's
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // no inline polyfill script: the CSP allows scripts from files only
    modulePreload: false,
    // no source maps in the shipped assets (the service serves only html, js, css and images)
    sourcemap: false,
    reportCompressedSize: false,
  },
});
