import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

/** Where the build puts the console's assets: `dist/console`, beside the service's own code. */
export const defaultConsoleDir = fileURLToPath(new URL("./console/", import.meta.url));

/**
 * The console's policy: its own scripts, styles and images only, no inline code, no framing, and
 * calls to this origin only (connect-src), so a page of this service cannot talk to anyone else.
 */
export const consoleCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = {
  "content-security-policy": consoleCsp,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  /** Vite names hashed files by content: they never change under the same name. */
  readonly immutable: boolean;
}

/** Every servable file under `dir`, by URL path; undefined when the console was not built there. */
export function loadConsoleAssets(dir: string): Map<string, Asset> | undefined {
  let index: Buffer;
  try {
    index = readFileSync(path.join(dir, "index.html"));
  } catch {
    return undefined;
  }
  const assets = new Map<string, Asset>([["/", { body: index, type: contentTypes[".html"]!, immutable: false }]]);
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = path.posix.join(sub, name);
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else {
        const type = contentTypes[path.extname(name)];
        // only known kinds of files are served (no source maps, no stray files)
        if (type !== undefined && rel !== "index.html")
          assets.set(`/${rel}`, {
            body: readFileSync(path.join(dir, rel)),
            type,
            immutable: rel.startsWith("assets/"),
          });
      }
    }
  };
  walk("");
  return assets;
}

/**
 * The console at `/` and its files, from memory (read once at start), with the CSP above. Only
 * the files found at start exist: no path from the URL ever reaches the file system.
 */
export function serveConsole(app: FastifyInstance, assets: Map<string, Asset> | undefined): void {
  if (assets === undefined) {
    app.get("/", async (_request, reply) =>
      reply
        .code(404)
        .type("text/plain; charset=utf-8")
        .send(
          "The web console is not built into this copy of wtclient-http: run `npm run build` in the repository (apps/console), or start with --no-console.\n",
        ),
    );
    return;
  }
  for (const [urlPath, asset] of assets) {
    app.get(urlPath, async (_request, reply) =>
      reply
        .headers(securityHeaders)
        .header("cache-control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache")
        .type(asset.type)
        .send(asset.body),
    );
  }
}
