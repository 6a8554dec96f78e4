import { describe, expect, it } from "vitest";
import { appDataDir, defaultLndDir } from "./default-lnd-dir.js";

describe("defaultLndDir", () => {
  it.each([
    ["linux", "/home/u", {}, "/home/u/.lnd"],
    ["freebsd", "/home/u", {}, "/home/u/.lnd"],
    ["darwin", "/Users/u", {}, "/Users/u/Library/Application Support/Lnd"],
    [
      "win32",
      "C:\\Users\\u",
      { LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local", APPDATA: "C:\\Roaming" },
      "C:\\Users\\u\\AppData\\Local\\Lnd",
    ],
    ["win32", "C:\\Users\\u", { APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "C:\\Users\\u\\AppData\\Roaming\\Lnd"],
    ["win32", "C:\\Users\\u", {}, "."],
    ["linux", "", {}, "."],
  ] as const)("%s home=%s -> %s", (platform, home, env, want) => {
    expect(defaultLndDir(platform, home, env)).toBe(want);
  });

  it("uses the same rule for lncli's own directory", () => {
    expect(appDataDir("lncli", "linux", "/home/u", {})).toBe("/home/u/.lncli");
    expect(appDataDir("lncli", "darwin", "/Users/u", {})).toBe("/Users/u/Library/Application Support/Lncli");
    expect(appDataDir(".lncli", "linux", "/home/u", {})).toBe("/home/u/.lncli");
  });
});
