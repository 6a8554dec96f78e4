import { expect } from "vitest";
import { allLogLines } from "./harness.js";

/** No log line of this test file holds any of the secrets (or a long piece of one), nor any private key. */
export function expectNoSecrets(secrets: readonly string[]): void {
  expect(allLogLines.length).toBeGreaterThan(0);
  const text = allLogLines.join("\n");
  for (const secret of secrets) {
    // a 32-character slice is enough to give a secret away
    for (let i = 0; i + 32 <= secret.length; i += 16) expect(text).not.toContain(secret.slice(i, i + 32));
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/PRIVATE KEY/);
}
