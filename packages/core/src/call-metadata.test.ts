import { describe, expect, it } from "vitest";
import { metadataEntries, parseMetadataFlags } from "./call-metadata.js";

describe("parseMetadataFlags (lncli's --metadata)", () => {
  it("keeps an empty value; the key is checked when sent", () => {
    expect(parseMetadataFlags(["k:", ":v"])).toEqual({ k: "", "": "v" });
  });
});

describe("metadataEntries (grpc-go's checks before a call)", () => {
  it("lowercases keys as gRPC sends them", () => {
    expect(metadataEntries({ "X-Request-Id": "1", "a.b_c": "x y" })).toEqual([
      ["x-request-id", "1"],
      ["a.b_c", "x y"],
    ]);
    expect(metadataEntries(undefined)).toEqual([]);
  });

  it.each([
    [{ "": "v" }, "there is an empty key in the header"],
    [{ "a b": "v" }, 'header key "a b" contains illegal characters not in [0-9a-z-_.]'],
    [{ x: "é" }, 'header key "x" contains value with non-printable ASCII characters'],
    [{ x: "a\nb" }, 'header key "x" contains value with non-printable ASCII characters'],
    [{ "grpc-timeout": "1S" }, 'metadata key "grpc-timeout" is reserved by gRPC'],
    [{ Macaroon: "00" }, "the macaroon is not metadata: pass it with --macaroonpath"],
  ])("refuses %j: %s", (metadata, message) => {
    expect(() => metadataEntries(metadata)).toThrow(message);
  });
});
