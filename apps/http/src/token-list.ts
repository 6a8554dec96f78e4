/** One configured bearer token: only the SHA-256 of the token is ever stored. */
export interface TokenEntry {
  /** Names the caller in audit lines and metrics; not secret. */
  readonly id: string;
  /** read: ListTowers, GetTowerInfo, Stats, Policy; write: every RPC. */
  readonly scope: "read" | "write";
  /** Lowercase hex of SHA-256(token). */
  readonly sha256: string;
}

/**
 * Read the --tokens file's JSON: an array of {"id","scope","sha256"}. Every mistake is reported by
 * its position; the entries themselves never appear in a message (a hash is not the token, but a
 * misplaced token might be pasted into the sha256 field).
 */
export function parseTokenList(json: unknown): { tokens: TokenEntry[]; errors: string[] } {
  if (!Array.isArray(json)) return { tokens: [], errors: ['expected a JSON array of {"id","scope","sha256"} objects'] };
  const tokens: TokenEntry[] = [];
  const errors: string[] = [];
  json.forEach((item: unknown, i) => {
    const where = `entry ${i}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      errors.push(`${where}: expected an object {"id","scope","sha256"}`);
      return;
    }
    const { id, scope, sha256, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) errors.push(`${where}: unknown field ${extra.map((k) => `"${k}"`).join(", ")}`);
    if (typeof id !== "string" || !/^[A-Za-z0-9._@-]{1,64}$/.test(id)) {
      errors.push(`${where}: "id" must be 1-64 characters of letters, digits, . _ @ -`);
    }
    if (scope !== "read" && scope !== "write") errors.push(`${where}: "scope" must be "read" or "write"`);
    if (typeof sha256 !== "string" || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
      errors.push(`${where}: "sha256" must be the 64 hex characters of the token's SHA-256 (not the token itself)`);
    }
    if (typeof id === "string" && (scope === "read" || scope === "write") && typeof sha256 === "string") {
      tokens.push({ id, scope, sha256: sha256.toLowerCase() });
    }
  });
  return errors.length > 0 ? { tokens: [], errors } : { tokens, errors };
}
