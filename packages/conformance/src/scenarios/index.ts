import type { Scenario } from "../scenario.js";
import { terminateSessionScenarios } from "./terminate-session.js";
import { towerAdminScenarios } from "./tower-admin.js";
import { towerScenarios } from "./towers.js";

/** Every scenario, each written once and run through every driver. */
export const scenarios: readonly Scenario[] = [...terminateSessionScenarios, ...towerScenarios, ...towerAdminScenarios];
