import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** One REST exchange recorded against a real lnd v0.19.3-beta. */
export interface RestExchange {
  readonly method: string;
  readonly path: string;
  readonly request_body: string | null;
  readonly status: number;
  readonly content_type: string;
  readonly body_text: string;
  readonly body: Record<string, unknown>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The `rest` entries of the shared lnd capture. */
export const restExchanges: readonly RestExchange[] = (
  JSON.parse(readFileSync(resolve(repoRoot, "../shared/fixtures/lnd-v0.19.3-beta/capture.json"), "utf8")) as { rest: RestExchange[] }
).rest;
