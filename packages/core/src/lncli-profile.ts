import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Code } from "@connectrpc/connect";
import { appDataDir } from "./default-lnd-dir.js";
import { HexDecodeError, hexToBytes } from "./bytes-codec.js";
import { toMacaroonBytes } from "./macaroon-input.js";
import { WtclientError } from "./wtclient-error.js";

/** One macaroon of a profile's jar: `data` is hex, or `snacl:<key>:<ciphertext>` when encrypted. */
export interface LncliMacaroonEntry {
  name: string;
  data: string;
}

export interface LncliMacaroonJar {
  default?: string;
  /** seconds; lncli adds no time-before caveat when 0 or absent */
  timeout?: number;
  ip?: string;
  jar: LncliMacaroonEntry[];
}

/** One entry of lncli's profiles.json (`lncli profile add` writes them). */
export interface LncliProfile {
  name: string;
  /** the profiles.json it came from, for messages */
  file: string;
  rpcserver?: string;
  lnddir?: string;
  network?: string;
  noMacaroons: boolean;
  /** PEM text */
  tlsCert?: string;
  macaroons?: LncliMacaroonJar;
  /** gRPC metadata sent with every call (lncli stores its --metadata here) */
  metadata?: Record<string, string>;
}

/** lncli's profile file: `profiles.json` in btcutil.AppDataDir("lncli") (`~/.lncli` on Linux). */
export function lncliProfileFile(
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
  env: NodeJS.ProcessEnv = process.env,
): string {
  const dir = appDataDir("lncli", platform, home, env);
  return (platform === "win32" ? path.win32 : path.posix).join(dir, "profiles.json");
}

const profileHint = 'check lncli\'s profiles.json (`lncli profile list`), or pass --profile "" to ignore it';

function profileError(message: string): WtclientError {
  return new WtclientError(message, Code.InvalidArgument, "bad-request", profileHint);
}

function macaroonError(message: string): WtclientError {
  return new WtclientError(
    message,
    Code.InvalidArgument,
    "macaroon-invalid",
    "pass --macaroonpath to use a macaroon file instead",
  );
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function field<T extends "string" | "number" | "boolean">(obj: Json, key: string, type: T, where: string) {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== type) throw new TypeError(`${where}${key} must be a ${type}`);
  return v as T extends "string" ? string : T extends "number" ? number : boolean;
}

function toJar(v: unknown, where: string): LncliMacaroonJar | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new TypeError(`${where}macaroons must be an object`);
  const list = v.jar ?? [];
  if (!Array.isArray(list)) throw new TypeError(`${where}macaroons.jar must be an array`);
  const jar = list.map((e: unknown, i) => {
    const at = `${where}macaroons.jar[${i}].`;
    if (!isObject(e)) throw new TypeError(`${at.slice(0, -1)} must be an object`);
    return { name: field(e, "name", "string", at) ?? "", data: field(e, "data", "string", at) ?? "" };
  });
  const at = `${where}macaroons.`;
  return {
    default: field(v, "default", "string", at),
    timeout: field(v, "timeout", "number", at),
    ip: field(v, "ip", "string", at),
    jar,
  };
}

function toMetadata(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new TypeError(`${where}metadata must be an object of strings`);
  for (const key of Object.keys(v)) field(v, key, "string", `${where}metadata.`);
  return v as Record<string, string>;
}

function toProfile(v: unknown, i: number, file: string): LncliProfile {
  const where = `profiles[${i}].`;
  if (!isObject(v)) throw new TypeError(`profiles[${i}] must be an object`);
  return {
    name: field(v, "name", "string", where) ?? "",
    file,
    rpcserver: field(v, "rpcserver", "string", where) || undefined,
    lnddir: field(v, "lnddir", "string", where) || undefined,
    network: field(v, "network", "string", where) || undefined,
    noMacaroons: field(v, "no-macaroons", "boolean", where) ?? false,
    tlsCert: field(v, "tlscert", "string", where) || undefined,
    macaroons: toJar(v.macaroons, where),
    metadata: toMetadata(v.metadata, where),
  };
}

/** The file's default profile name and its profiles; undefined when the file does not exist. */
function readProfileFile(file: string): { default: string; profiles: LncliProfile[] } | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw profileError(`could not read profile file ${file}: ${(e as Error).message}`);
  }
  try {
    const json: unknown = JSON.parse(text);
    if (!isObject(json)) throw new TypeError("the file must hold a JSON object");
    const list = json.profiles ?? [];
    if (!Array.isArray(list)) throw new TypeError("profiles must be an array");
    return {
      default: field(json, "default", "string", "") ?? "",
      profiles: list.map((p: unknown, i) => toProfile(p, i, file)),
    };
  } catch (e) {
    throw profileError(`could not read profile file ${file}: ${(e as Error).message}`);
  }
}

/**
 * The profile lncli would use, or undefined when it would use its flags alone.
 * `name` is --profile / LNCLI_PROFILE: undefined when not given, "" to switch profiles off.
 */
export function loadLncliProfile(name: string | undefined, file: string): LncliProfile | undefined {
  const f = readProfileFile(file);
  // lncli's order of cases (cmd/commands/profile.go getGlobalOptions)
  if (f === undefined) {
    if (name === undefined) return undefined;
    throw profileError(`profile file ${file} does not exist`);
  }
  if (name === "") return undefined;
  const wanted = name ?? f.default;
  if (wanted === "") return undefined;
  const profile = f.profiles.find((p) => p.name === wanted);
  if (!profile) throw profileError(`profile '${wanted}' not found in file ${file}`);
  return profile;
}

/** A macaroon of a profile's jar (the default one, or `name`: lncli's --macfromjar), decoded and checked. */
export function profileMacaroon(profile: LncliProfile, name?: string): Uint8Array {
  const jar = profile.macaroons;
  if (!jar || jar.jar.length === 0) throw macaroonError(`profile '${profile.name}' has no macaroons`);
  const macName = name ?? jar.default ?? "";
  const entry = jar.jar.find((e) => e.name === macName);
  if (!entry) throw macaroonError(`macaroon with name '${macName}' not found in profile`);
  if (entry.data.trim() === "") throw macaroonError("could not load macaroon: macaroon data is empty");
  if (entry.data.startsWith("snacl:")) {
    throw macaroonError(
      `profile '${profile.name}' holds an encrypted macaroon (snacl:), which is not supported: pass --macaroonpath instead`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(entry.data);
  } catch (e) {
    if (e instanceof HexDecodeError)
      throw macaroonError(`could not load macaroon: unable to hex decode macaroon: ${e.message}`);
    throw e;
  }
  return toMacaroonBytes(bytes);
}
