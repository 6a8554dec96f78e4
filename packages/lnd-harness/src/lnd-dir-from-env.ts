import { accessSync, constants } from "node:fs";
import { join, resolve } from "node:path";

/** The environment variable that names a folder holding a real `lnd` and `lncli`. */
export const lndDirVariable = "WTCLIENT_LND_DIR";

/** The one line a real-lnd test prints when it is skipped. */
export const lndSkipMessage = `set ${lndDirVariable}=<a folder holding lnd and lncli> to run against a real lnd`;

/**
 * The folder named by WTCLIENT_LND_DIR, or undefined when it is unset. A folder without an executable
 * `lnd` and `lncli` is a mistake worth stopping for, not a reason to skip.
 */
export function lndDirFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env[lndDirVariable];
  if (dir === undefined || dir === "") return undefined;
  for (const bin of ["lnd", "lncli"]) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
    } catch {
      throw new Error(
        `${lndDirVariable}=${dir} holds no executable ${bin}: point it at a folder holding lnd and lncli`,
      );
    }
  }
  return resolve(dir);
}
