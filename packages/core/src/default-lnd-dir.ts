import os from "node:os";
import path from "node:path";

/**
 * btcutil's `AppDataDir(app, false)`: where a Go tool of the btcsuite family keeps its files.
 * Windows: `%LOCALAPPDATA%\App` (else `%APPDATA%\App`); macOS: `~/Library/Application Support/App`;
 * everything else: `~/.app`; `.` when nothing fits.
 */
export function appDataDir(
  app: string,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  const name = app.replace(/^\./, "");
  if (name === "") return ".";
  const upper = name[0]!.toUpperCase() + name.slice(1);
  const lower = name[0]!.toLowerCase() + name.slice(1);
  switch (platform) {
    case "win32": {
      // Windows XP had no LOCALAPPDATA; btcutil falls back to APPDATA
      const appData = env.LOCALAPPDATA || env.APPDATA;
      return appData ? path.win32.join(appData, upper) : ".";
    }
    case "darwin":
      return home ? path.posix.join(home, "Library", "Application Support", upper) : ".";
    default:
      return home ? path.posix.join(home, `.${lower}`) : ".";
  }
}

/** lnd's default directory (lncli's `--lnddir` default). */
export function defaultLndDir(
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  return appDataDir("lnd", platform, home, env);
}
