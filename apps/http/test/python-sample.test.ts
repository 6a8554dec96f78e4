import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { demoKey } from "@wtclient/lnd-sim";
import { describe, expect, it } from "vitest";
import { startService, startSim } from "./harness.js";
import { expectNoSecrets } from "./no-secrets.js";

/**
 * lnd's documented Python REST sample for TerminateSession (api.lightning.community), made runnable:
 * the macaroon as hex in Grpc-Metadata-macaroon, `json={}`, verify= the service's cert.
 * Falls back to the standard library when `requests` is not installed.
 */
const sample = `
import base64, codecs, json, ssl, sys
base_url, cert_path, macaroon_path, session_hex = sys.argv[1:5]
session_id = base64.urlsafe_b64encode(bytes.fromhex(session_hex)).decode()
url = base_url + '/v2/watchtower/client/sessions/terminate/' + session_id
macaroon = codecs.encode(open(macaroon_path, 'rb').read(), 'hex')
headers = {'Grpc-Metadata-macaroon': macaroon}
try:
    import requests
    r = requests.post(url, headers=headers, json={}, verify=cert_path)
    print(json.dumps({'client': 'requests', 'status': r.status_code, 'body': r.json()}))
except ImportError:
    import urllib.request, urllib.error
    req = urllib.request.Request(url, data=b'{}', method='POST', headers={'Grpc-Metadata-macaroon': macaroon.decode(), 'Content-Type': 'application/json'})
    ctx = ssl.create_default_context(cafile=cert_path)
    try:
        with urllib.request.urlopen(req, context=ctx) as res:
            print(json.dumps({'client': 'urllib', 'status': res.status, 'body': json.loads(res.read())}))
    except urllib.error.HTTPError as e:
        print(json.dumps({'client': 'urllib', 'status': e.code, 'body': json.loads(e.read())}))
`;

const python = spawnSync("python3", ["--version"]).status === 0 ? "python3" : undefined;

function runPython(args: string[]): Promise<{ client: string; status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    // async: the service answers from this same process
    execFile("python3", ["-c", sample, ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`python3 failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as { client: string; status: number; body: unknown });
    });
  });
}

describe("lnd's Python sample against the service", () => {
  it.skipIf(python === undefined)(
    "terminates a session with a pass-through macaroon over TLS (skipped when python3 is missing)",
    async () => {
      await using lnd = await startSim();
      await using service = await startService({
        lnd: lnd.flags,
        tokens: [],
        passthroughMacaroon: true,
        tlsSelfSigned: true,
      });
      const dir = await mkdtemp(path.join(os.tmpdir(), "wtclient-http-py-"));
      try {
        const certPath = path.join(dir, "service.cert");
        await writeFile(certPath, service.service.tlsCert!);
        const session = demoKey("session/alpha/legacy");
        const ok = await runPython([service.url, certPath, lnd.sim.macaroonPaths.admin, session]);
        expect(ok).toMatchObject({ status: 200, body: { status: `Successful termination of session: ${session}` } });
        const denied = await runPython([service.url, certPath, lnd.sim.macaroonPaths.readonly, session]);
        expect(denied).toMatchObject({ status: 500, body: { code: 2, message: "permission denied", details: [] } });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expectNoSecrets([lnd.adminHex, lnd.readonlyHex]);
    },
  );
});
