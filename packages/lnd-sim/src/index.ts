// user-facing API first
export { startLndSim } from "./start-lnd-sim.js";
export type { LndSim, LndSimOptions } from "./start-lnd-sim.js";
export type { Faults } from "./faults.js";
export type { ReceivedMetadata } from "./metadata-recorder.js";
export { captureSeed } from "./capture-seed.js";
export type { CaptureInputs } from "./capture-seed.js";
export { demoSeed, demoKey } from "./demo-seed.js";
export { ClientDb, LndError, defaultPolicy } from "./client-db.js";
export type { SimSeed, SimState, TowerState, SessionState, ClientPolicy, ClientStats } from "./client-db.js";
export { lndPaths, lndNetworks, isLndNetwork } from "./lnd-paths.js";
export type { LndNetwork, LndPaths } from "./lnd-paths.js";
export { towerClientKinds, towerClientsOf, policyTypeOf } from "./tower-clients.js";
export type { TowerClientKind } from "./tower-clients.js";
export { generateTlsPair } from "./tls-cert.js";
export type { TlsPair, TlsPairOptions } from "./tls-cert.js";
