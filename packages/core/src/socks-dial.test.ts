import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { parseSocksProxy, socksFailure, splitHostPort } from "./socks-dial.js";

const proxy = parseSocksProxy("127.0.0.1:9050");

describe("splitHostPort", () => {
  it.each([
    ["127.0.0.1:9050", { host: "127.0.0.1", port: 9050 }],
    ["tor.internal:9150", { host: "tor.internal", port: 9150 }],
    ["[::1]:9050", { host: "::1", port: 9050 }],
    ["::1:9050", undefined],
    ["host", undefined],
    ["host:", undefined],
    ["host:99999", undefined],
  ])("%s", (text, want) => expect(splitHostPort(text)).toEqual(want));
});

describe("socksFailure: what the SOCKS client raised, as a reason and a hint", () => {
  const cases: [string, string, string, Code][] = [
    [
      "connect ECONNREFUSED 127.0.0.1:9050",
      "proxy-unreachable",
      "cannot reach the SOCKS proxy 127.0.0.1:9050: connect ECONNREFUSED 127.0.0.1:9050",
      Code.Unavailable,
    ],
    [
      "Socks5 proxy rejected connection - NotAllowed",
      "proxy-refused",
      "SOCKS proxy 127.0.0.1:9050 refused to connect to x.onion:10009: connection not allowed by ruleset",
      Code.Unavailable,
    ],
    [
      "Socks5 proxy rejected connection - HostUnreachable",
      "proxy-target-unreachable",
      "SOCKS proxy 127.0.0.1:9050 could not reach x.onion:10009: host unreachable",
      Code.Unavailable,
    ],
    [
      "Socks5 proxy rejected connection - ConnectionRefused",
      "proxy-target-unreachable",
      "SOCKS proxy 127.0.0.1:9050 could not reach x.onion:10009: connection refused",
      Code.Unavailable,
    ],
    // Tor's onion-service replies (0xF0-0xF7) have no name in the client
    [
      "Socks5 proxy rejected connection - undefined",
      "proxy-target-unreachable",
      "SOCKS proxy 127.0.0.1:9050 could not reach x.onion:10009: an error of Tor's onion-service range",
      Code.Unavailable,
    ],
    [
      "Socket closed",
      "proxy-refused",
      "SOCKS proxy 127.0.0.1:9050 refused the connection: Socket closed",
      Code.Unavailable,
    ],
    [
      "Received invalid Socks5 initial handshake (no accepted authentication type)",
      "proxy-refused",
      "SOCKS proxy 127.0.0.1:9050 refused the connection: Received invalid Socks5 initial handshake (no accepted authentication type)",
      Code.Unavailable,
    ],
    [
      "Proxy connection timed out",
      "proxy-timeout",
      "SOCKS proxy 127.0.0.1:9050 did not connect to x.onion:10009 in 30 s",
      Code.DeadlineExceeded,
    ],
  ];
  it.each(cases)("%s", (raised, reason, message, code) => {
    const err = socksFailure(new Error(raised), proxy, "x.onion:10009", 30_000);
    expect({ reason: err.reason, message: err.rawMessage, code: Code[err.code] }).toEqual({
      reason,
      message,
      code: Code[code],
    });
    expect(err.hint.length).toBeGreaterThan(10);
  });

  it("the hint of a proxy that is down asks whether Tor runs there", () => {
    expect(socksFailure(new Error("connect ECONNREFUSED 127.0.0.1:9050"), proxy, "h:1").hint).toBe(
      "is Tor running at 127.0.0.1:9050? check --socksproxy",
    );
  });
});
