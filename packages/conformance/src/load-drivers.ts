import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Driver } from "./driver.js";

/** Every driver in src/drivers: adding a frontend is adding one file there that default-exports a Driver. */
export async function loadDrivers(): Promise<Driver[]> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "drivers");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  const drivers: Driver[] = [];
  for (const f of files)
    drivers.push(((await import(pathToFileURL(join(dir, f)).href)) as { default: Driver }).default);
  return drivers;
}
