import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBinaryMacaroon } from "@wtclient/core/internal";
import { decodeMacaroonId, encodeMacaroonId } from "../src/macaroon-id.js";
import { adminOps, invoiceOps, readonlyOps } from "../src/lnd-permissions.js";
import { fixturePath } from "./fixtures.js";

describe("parseBinaryMacaroon", () => {
  it.each([
    ["admin", adminOps],
    ["readonly", readonlyOps],
    ["invoice", invoiceOps],
  ])("reads a real lnd %s.macaroon: v2, location lnd, Version3 id with lnd's ops", (name, ops) => {
    const mac = parseBinaryMacaroon(new Uint8Array(readFileSync(fixturePath(`${name}.macaroon`))));
    expect(mac.version).toBe(2);
    expect(mac.location).toBe("lnd");
    expect(mac.identifier[0]).toBe(3);
    expect(mac.caveats).toEqual([]);
    expect(mac.signature).toHaveLength(32);
    const id = decodeMacaroonId(mac.identifier);
    expect(id.storageId).toBe("0");
    expect(id.nonce).toHaveLength(16);
    expect(id.ops).toEqual(ops);
    // the double's encoder writes the same bytes for the same content
    expect(encodeMacaroonId(id)).toEqual(mac.identifier);
  });

  it.each([
    ["", "empty macaroon data"],
    ["0201", "unmarshal v2: varint value extends past end of buffer"],
    ["02", "unmarshal v2: section extends past end of buffer"],
    ["00112233", "cannot determine data format of binary-encoded macaroon"],
    ["020103", "unmarshal v2: field data extends past end of buffer"],
    ["0202016901016c00", "unmarshal v2: fields out of order"],
    ["0201016c00", "unmarshal v2: invalid macaroon header"],
    ["0202016900000601aa", "unmarshal v2: signature has unexpected length"],
    ["0202016900000201aa", "unmarshal v2: unexpected field found instead of signature"],
    ["30303030", "unmarshal v1: packet too short"],
  ])("%j fails like go-macaroon: %s", (hex, message) => {
    expect(() => parseBinaryMacaroon(new Uint8Array(Buffer.from(hex, "hex")))).toThrow(message);
  });

  it("reads first- and third-party caveats", () => {
    // v2: location, id "i", EOS; caveat "c1" EOS; caveat with location "l", id "c2", vid "v" EOS; EOS; signature
    const hex =
      "02" +
      "01016c" +
      "020169" +
      "00" +
      "02026331" +
      "00" +
      "01016c" +
      "02026332" +
      "040176" +
      "00" +
      "00" +
      "0620" +
      "ab".repeat(32);
    const mac = parseBinaryMacaroon(new Uint8Array(Buffer.from(hex, "hex")));
    expect(mac.caveats.map((c) => Buffer.from(c.id).toString())).toEqual(["c1", "c2"]);
    expect(mac.caveats[1]?.location).toBe("l");
    expect(Buffer.from(mac.caveats[1]!.verificationId!).toString()).toBe("v");
  });
});
