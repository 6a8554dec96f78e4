export { fixturePath, loadCapture, type Capture } from "@wtclient/lnd-fixtures";
