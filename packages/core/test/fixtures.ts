import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The real-lnd fixtures in the shared folder beside the repository. */
export const fixtureDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../shared/fixtures/lnd-v0.19.3-beta");

export interface Capture {
  inputs: Record<string, string | string[]>;
  lncli: { args: string[]; exit_code: number; stdout: string; stderr: string }[];
  rest: { method: string; path: string; request_body: string | null; status: number; body: Record<string, unknown> }[];
  grpc: { method: string; macaroon: string; case: string; request: unknown; response?: unknown; error?: { code: number; details: string } }[];
  inactive_client: { lncli: Capture["lncli"]; rest: Capture["rest"] };
  macaroon_checks: { cases: { macaroon: string; status: number; body?: { code: number; message: string } }[] };
}

export const capture: Capture = JSON.parse(readFileSync(resolve(fixtureDir, "capture.json"), "utf8"));
