import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One lncli run recorded against lnd v0.19.3-beta. */
export interface LncliRun {
  args: string[];
  exit_code: number;
  stdout: string;
  stderr: string;
}

export interface Capture {
  lncli: LncliRun[];
  inactive_client: { lncli: LncliRun[] };
  inputs: { tower_pubkey: string; session_ids: string[] };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The fixtures directory (tls.cert, macaroons, capture.json). */
export const fixtureDir = path.resolve(repoRoot, "../shared/fixtures/lnd-v0.19.3-beta");

export const capture = JSON.parse(readFileSync(path.join(fixtureDir, "capture.json"), "utf8")) as Capture;

/** lnd's text in lncli's stderr: `[lncli] <text>` -> `<text>`. */
export function lncliText(stderr: string): string {
  return stderr.replace(/^\[lncli\] /, "").replace(/\n$/, "");
}
