import { fixtureDir, loadCapture, type Capture } from "@wtclient/lnd-fixtures";

export { fixtureDir, type Capture };
export const capture: Capture = loadCapture();
