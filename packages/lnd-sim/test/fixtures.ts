export { fixturePath, loadCapture, loadLncliCases, type Capture, type LncliCases } from "@wtclient/lnd-fixtures";
