import { fixtureDir, loadCapture, type Capture, type LncliRun } from "@wtclient/lnd-fixtures";

export { fixtureDir, type Capture, type LncliRun };

export const capture: Capture = loadCapture();

/** lnd's text in lncli's stderr: `[lncli] <text>` -> `<text>`. */
export function lncliText(stderr: string): string {
  return stderr.replace(/^\[lncli\] /, "").replace(/\n$/, "");
}
