import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// packages/lnd-sim/test -> the repository root; the shared fixtures sit beside it
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export function fixturePath(name: string): string {
  return resolve(repoRoot, "../shared/fixtures/lnd-v0.19.3-beta", name);
}

export interface CaptureExchangeError {
  readonly code: number;
  readonly details: string;
}

export interface Capture {
  readonly inputs: {
    readonly tower_pubkey: string;
    readonly session_ids: string[];
    readonly unknown_point: string;
    readonly uncompressed_of_first_session: string;
    readonly not_on_curve: string;
    readonly bad_prefix: string;
  };
  readonly lncli: ReadonlyArray<{ args: string[]; exit_code: number; stdout: string; stderr: string }>;
  readonly rest: ReadonlyArray<{
    method: string;
    path: string;
    request_body: string | null;
    status: number;
    content_type: string;
    body: unknown;
  }>;
  readonly grpc: ReadonlyArray<{
    method: string;
    macaroon: "admin" | "readonly" | "invoice" | "none";
    case: string;
    request: Record<string, unknown>;
    response?: unknown;
    error?: CaptureExchangeError;
  }>;
  readonly inactive_client: {
    readonly lncli: ReadonlyArray<{ args: string[]; exit_code: number; stdout: string; stderr: string }>;
    readonly rest: ReadonlyArray<{ method: string; path: string; status: number; body: unknown }>;
  };
  readonly macaroon_checks: { readonly cases: ReadonlyArray<{ macaroon: string; status: number; body?: { message: string } }> };
}

export function loadCapture(): Capture {
  return JSON.parse(readFileSync(fixturePath("capture.json"), "utf8")) as Capture;
}
