import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import type { Diagnosis } from "@wtclient/doctor";
import { WatchtowerClient } from "@wtclient/gen";

/** How the page signs its calls: a bearer token, a macaroon passed through to lnd, or nothing (--insecure-no-auth). */
export type Credential = { readonly kind: "token" | "macaroon"; readonly value: string } | { readonly kind: "none" };

/** GET /v1/whoami. */
export interface WhoAmI {
  readonly caller: string;
  readonly kind: "token" | "macaroon" | "anonymous";
  /** lnd: a pass-through macaroon, whose permissions lnd checks on each call */
  readonly scope: "read" | "write" | "lnd";
}

/** A session this service terminated, from its audit log. */
export interface TerminatedEntry {
  readonly sessionId: string;
  readonly at: string;
  readonly caller: string;
}

/** A refusal of the service's own endpoints, with the ways it accepts to sign in. */
export class SignInError extends ConnectError {
  constructor(
    message: string,
    code: Code,
    readonly signIn: readonly string[],
  ) {
    super(message, code);
  }
}

export interface ConsoleApi {
  /** The WatchtowerClient service over Connect (JSON) on this origin. */
  readonly rpc: Client<typeof WatchtowerClient>;
  whoami(): Promise<WhoAmI>;
  terminated(): Promise<TerminatedEntry[]>;
  /** GET /v1/doctor (read scope): the doctor's checks of lnd, run by the service; 200 healthy or not. */
  doctor(): Promise<Diagnosis>;
}

function headersOf(credential: Credential): Record<string, string> {
  if (credential.kind === "token") return { authorization: `Bearer ${credential.value}` };
  if (credential.kind === "macaroon") return { "grpc-metadata-macaroon": credential.value };
  return {};
}

/** The page's one way to the service: same origin, the credential on every request, nothing cached. */
export function createConsoleApi(credential: Credential, origin = window.location.origin): ConsoleApi {
  const headers = headersOf(credential);
  const sign: Interceptor = (next) => (req) => {
    for (const [name, value] of Object.entries(headers)) req.header.set(name, value);
    return next(req);
  };
  const transport = createConnectTransport({ baseUrl: origin, useBinaryFormat: false, interceptors: [sign] });

  async function getJson(path: string): Promise<unknown> {
    const res = await fetch(`${origin}${path}`, {
      headers: { ...headers, accept: "application/json" },
      cache: "no-store",
      credentials: "omit",
    });
    const body = (await res.json().catch(() => ({}))) as { code?: number; message?: string; sign_in?: string[] };
    if (!res.ok) {
      const code =
        typeof body.code === "number" && body.code >= 1 && body.code <= 16 ? (body.code as Code) : Code.Unknown;
      throw new SignInError(body.message ?? `${path} answered HTTP ${res.status}`, code, body.sign_in ?? []);
    }
    return body;
  }

  return {
    rpc: createClient(WatchtowerClient, transport),
    whoami: async () => (await getJson("/v1/whoami")) as WhoAmI,
    terminated: async () => {
      const body = (await getJson("/v1/audit/terminated")) as {
        sessions: { session_id: string; at: string; caller: string }[];
      };
      return body.sessions.map((s) => ({ sessionId: s.session_id, at: s.at, caller: s.caller }));
    },
    doctor: async () => (await getJson("/v1/doctor")) as Diagnosis,
  };
}
