import { describe, expect, it } from "vitest";
import { parseAddressString } from "../src/parse-address-string.js";

describe("parseAddressString (lncfg.ParseAddressString with port 9911)", () => {
  it.each([
    ["127.0.0.1:9912", "127.0.0.1:9912"],
    ["1.2.3.4", "1.2.3.4:9911"],
    ["localhost", "127.0.0.1:9911"],
    ["localhost:1234", "127.0.0.1:1234"],
    ["::1", "[::1]:9911"],
    ["[::1]", "[::1]:9911"],
    ["[2001:db8:0:0::7]:9911", "[2001:db8::7]:9911"],
    ["[::ffff:1.2.3.4]:5", "1.2.3.4:5"],
    ["tcp://1.2.3.4:1", "1.2.3.4:1"],
    ["tcp://1.2.3.4", "1.2.3.4:9911"],
    ["tcp4:1.2.3.4:7", "1.2.3.4:7"],
    ["unix:///tmp/tower.sock", "/tmp/tower.sock"],
    ["8080", "127.0.0.1:8080"],
    ["", ":9911"],
    ["tower.example.com", "tower.example.com:9911"],
    [`${"a".repeat(56)}.onion`, `${"a".repeat(56)}.onion:9911`],
    [`${"b".repeat(56)}.onion:10`, `${"b".repeat(56)}.onion:10`],
  ])("%j -> %j", (input, expected) => {
    expect(parseAddressString(input)).toBe(expected);
  });

  it.each([
    ["udp://1.2.3.4:1", "only TCP or unix socket addresses are supported: 1.2.3.4:1"],
    ["ip:1.2.3.4", "only TCP or unix socket addresses are supported: 1.2.3.4"],
    ["1.2.3.4:70000", "address 70000: invalid port"],
    ["1.2.3.4:http", "lookup tcp/http: unknown port"],
  ])("%j fails with lnd's text", (input, message) => {
    expect(() => parseAddressString(input)).toThrow(message);
  });
});
