import { describe, expect, it } from "vitest";
import { encodeGrpcMessage } from "../src/go-grpc-message.js";

describe("encodeGrpcMessage (grpc-go's grpc-message encoding)", () => {
  it.each([
    ["invalid public key: unsupported format: 5", "invalid public key: unsupported format: 5"],
    ['caveat "ipaddr 1.2.3.4" not satisfied: x', 'caveat "ipaddr 1.2.3.4" not satisfied: x'],
    ["100% done", "100%25 done"],
    ["line\nbreak", "line%0Abreak"],
    ["café", "caf%C3%A9"],
  ])("%j -> %j", (message, encoded) => {
    expect(encodeGrpcMessage(message)).toBe(encoded);
    expect(decodeURIComponent(encoded)).toBe(message);
  });
});
