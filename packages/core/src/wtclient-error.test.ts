import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { capture } from "../test/fixtures.js";
import { WtclientError, type WtclientReason } from "./wtclient-error.js";

// the reason each lnd text of the capture must map to
const expected: [RegExp, WtclientReason][] = [
  [/^client session not found$/, "session-not-found"],
  [/^tower not found$/, "tower-not-found"],
  [/^watchtower client not active$/, "client-not-active"],
  [/^(invalid|malformed) public key/, "invalid-key"],
  [/^permission denied$/, "permission-denied"],
  [/^expected 1 macaroon, got 0$/, "macaroon-missing"],
  [/macaroon has expired/, "macaroon-expired"],
  [/^(encoding\/hex|verification failed|unmarshal v2|cannot determine data format|caveat)/, "macaroon-invalid"],
  [/^cannot remove last tower address$/, "last-address"],
  [/^invalid address /, "invalid-address"],
  [
    /^(type mismatch|parsing field|proto:|invalid character|unknown policy type|Not Found|Method Not Allowed)/,
    "bad-request",
  ],
];

function reasonFor(message: string): WtclientReason {
  const hit = expected.find(([re]) => re.test(message));
  if (!hit) throw new Error(`no expectation for ${message}`);
  return hit[1];
}

const restErrors = [
  ...capture.rest,
  ...capture.inactive_client.rest,
  ...capture.macaroon_checks.cases.map((c) => ({
    status: c.status,
    body: c.body as Record<string, unknown> | undefined,
  })),
].filter((e) => e.status !== 200) as { status: number; body: { code: number; message: string } }[];

const grpcErrors = capture.grpc.filter((e) => e.error).map((e) => e.error!);

describe("WtclientError.from", () => {
  it.each(restErrors.map((e) => [e.body.message, e.body] as const))("REST envelope %s", (_m, body) => {
    const err = WtclientError.from(body, { host: "localhost:8080", method: "Stats" });
    expect(err.code).toBe(body.code);
    expect(err.rawMessage).toBe(body.message);
    expect(err.reason).toBe(reasonFor(body.message));
    expect(err.hint.length).toBeGreaterThan(10);
  });
  it.each(grpcErrors.map((e) => [e.details, e] as const))("gRPC error %s", (_m, e) => {
    const err = WtclientError.from(new ConnectError(e.details, e.code as Code));
    expect(err.code).toBe(Code.Unknown);
    expect(err.rawMessage).toBe(e.details);
    expect(err.reason).toBe(reasonFor(e.details));
  });
  it("has cases from every part of the capture", () => {
    expect(restErrors.length).toBeGreaterThanOrEqual(20);
    expect(grpcErrors.length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ["client-not-active", new ConnectError("watchtower client not active", Code.Unknown), /wtclient\.active=1/],
    [
      "lnd-too-old",
      new ConnectError("unknown service wtclientrpc.WatchtowerClient", Code.Unimplemented),
      /TerminateSession needs lnd 0\.18 or newer/,
    ],
    [
      "unreachable",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      /is lnd running at 10\.0\.0\.1:10009\?/,
    ],
    [
      "certificate-mismatch",
      Object.assign(
        new Error(
          "Hostname/IP does not match certificate's altnames: IP: 10.0.0.1 is not in the cert's list: 127.0.0.1",
        ),
        { code: "ERR_TLS_CERT_ALTNAME_INVALID" },
      ),
      /the cert does not name 10\.0\.0\.1: use --servername or lnd's tlsextraip/,
    ],
    [
      "certificate-mismatch",
      Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }),
      /not the pinned tls\.cert/,
    ],
    [
      "deadline-exceeded",
      new ConnectError("the operation timed out", Code.DeadlineExceeded),
      /did not answer in time \(2 s\)/,
    ],
  ] as const)("%s gets a hint that says what to do", (reason, error, hint) => {
    const err = WtclientError.from(error, { host: "10.0.0.1:10009", method: "TerminateSession", timeoutMs: 2000 });
    expect(err.reason).toBe(reason);
    expect(err.hint).toMatch(hint);
  });

  // Node 24's texts, built here so every Node version runs the case (Node 20 and 22 add no advice)
  it.each([
    ["self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"],
    ["unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"],
  ])("a pinned-cert mismatch drops Node's --use-system-ca advice: %s", (text, code) => {
    const advice = "; if the root CA is installed locally, try running Node.js with --use-system-ca";
    const tlsError = Object.assign(new Error(text + advice), { code });
    const wrapped = new ConnectError(text + advice, Code.Unavailable, undefined, undefined, tlsError);
    for (const err of [
      WtclientError.from(tlsError, { host: "127.0.0.1:10009" }),
      WtclientError.from(wrapped),
      WtclientError.from(new ConnectError(text + advice, Code.Internal)),
    ]) {
      expect({ reason: err.reason, hint: err.hint, rawMessage: err.rawMessage.replace(`${code}: `, "") }).toEqual({
        reason: "certificate-mismatch",
        hint: "the server's certificate is not the pinned tls.cert: copy lnd's current tls.cert (--tlscertpath)",
        rawMessage: text,
      });
      expect(err.message).not.toMatch(/use-system-ca/);
    }
  });

  it("finds the network error inside a connect error", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const err = WtclientError.from(
      new ConnectError("connect ECONNREFUSED 127.0.0.1:1", Code.Unavailable, undefined, undefined, cause),
    );
    expect(err.reason).toBe("unreachable");
    expect(err.code).toBe(Code.Unavailable);
  });

  it("reports the root cause of an HTTP/2 stream failure, and its code", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const cancelled = Object.assign(
      new Error("The pending stream has been canceled (caused by: connect ECONNREFUSED 127.0.0.1:1)"),
      {
        code: "ERR_HTTP2_STREAM_CANCEL",
        cause: refused,
      },
    );
    const err = WtclientError.from(cancelled);
    expect([err.code, err.rawMessage, err.reason]).toEqual([
      Code.Unavailable,
      "connect ECONNREFUSED 127.0.0.1:1",
      "unreachable",
    ]);
    const reset = WtclientError.from(
      Object.assign(new Error("Stream closed with error code NGHTTP2_REFUSED_STREAM"), {
        code: "ERR_HTTP2_STREAM_ERROR",
      }),
    );
    expect([reset.code, reset.reason]).toEqual([Code.Unavailable, "unreachable"]);
  });

  it("is still a ConnectError for connect's own checks, and keeps its identity", () => {
    const err = WtclientError.of("tower not found", Code.Unknown);
    expect(err instanceof ConnectError).toBe(true);
    expect(err instanceof WtclientError).toBe(true);
    expect(new ConnectError("x") instanceof WtclientError).toBe(false);
    expect(ConnectError.from(err)).toBe(err);
    expect(WtclientError.from(err)).toBe(err);
  });

  it("never carries a macaroon in its message", () => {
    const mac = "0201036c6e6402f801030a10" + "ab".repeat(120);
    const err = WtclientError.from(new Error(`bad macaroon ${mac}`));
    expect(err.message).not.toContain(mac.slice(0, 100));
    expect(err.message).toContain("<redacted>");
  });
});
