import { describe, expect, it } from "vitest";
import { capture } from "../test/fixtures.js";
import { bytesToHex, hexToBytes } from "./bytes-codec.js";
import { parsePubKey, uncompressPubKey } from "./parse-pub-key.js";

const inputs = capture.inputs as unknown as {
  session_ids: [string, ...string[]];
  tower_pubkey: string;
  unknown_point: string;
  uncompressed_of_first_session: string;
};

describe("parsePubKey", () => {
  it("accepts every real session id and tower key of the capture", () => {
    for (const id of [...inputs.session_ids, inputs.tower_pubkey, inputs.unknown_point]) {
      expect(bytesToHex(parsePubKey(hexToBytes(id)).compressed)).toBe(id);
    }
  });
  it("normalises the uncompressed form to the compressed id, as lnd does", () => {
    const key = parsePubKey(hexToBytes(inputs.uncompressed_of_first_session));
    expect(bytesToHex(key.compressed)).toBe(inputs.session_ids[0]);
    expect(bytesToHex(uncompressPubKey(hexToBytes(inputs.session_ids[0]!)))).toBe(inputs.uncompressed_of_first_session);
  });
  it("accepts hybrid forms with the right oddness", () => {
    const u = hexToBytes(inputs.uncompressed_of_first_session);
    const odd = (u[64]! & 1) === 1;
    const hybrid = Uint8Array.from(u);
    hybrid[0] = odd ? 0x07 : 0x06;
    expect(bytesToHex(parsePubKey(hybrid).compressed)).toBe(inputs.session_ids[0]);
    hybrid[0] = odd ? 0x06 : 0x07;
    expect(() => parsePubKey(hybrid)).toThrow(
      `invalid public key: y oddness does not match specified value of ${!odd}`,
    );
  });

  // every key error text lnd gave in the capture, plus dcrd's other texts
  const grpcKeyErrors = capture.grpc
    .filter((e) => e.method === "TerminateSession" && e.error && /public key/.test(e.error.details))
    .map((e) => [(e.request as { session_id: { hex: string } }).session_id.hex, e.error!.details] as const);
  const lncliKeyErrors = capture.lncli
    .filter((e) => /public key/.test(e.stderr) && e.args.length === 5)
    .map((e) => [e.args[4]!, e.stderr.replace(/^\[lncli\] rpc error: code = Unknown desc = /, "").trim()] as const);
  it.each<readonly [string, string]>([
    ...grpcKeyErrors,
    ...lncliKeyErrors,
    ["02" + "ff".repeat(32), "invalid public key: x >= field prime"],
    ["04" + "ff".repeat(64), "invalid public key: x >= field prime"],
    ["04" + "01".repeat(32) + "ff".repeat(32), "invalid public key: y >= field prime"],
    ["04" + "01".repeat(64), `invalid public key: [${"01".repeat(32)},${"01".repeat(32)}] not on secp256k1 curve`],
    ["00" + "01".repeat(32), "invalid public key: unsupported format: 0"],
    ["01".repeat(34), "malformed public key: invalid length: 34"],
  ])("%s -> %s", (hex, text) => {
    expect(() => parsePubKey(hexToBytes(hex))).toThrow(text);
  });
  it("covers the capture's key errors", () => {
    expect(grpcKeyErrors.length).toBeGreaterThanOrEqual(4);
    expect(lncliKeyErrors.length).toBeGreaterThanOrEqual(3);
  });
});
