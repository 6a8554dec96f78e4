/** One lncli run recorded against lnd v0.19.3-beta. */
export interface LncliRun {
  readonly args: string[];
  readonly exit_code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One REST exchange recorded against lnd v0.19.3-beta. */
export interface RestExchange {
  readonly method: string;
  readonly path: string;
  readonly request_body: string | null;
  readonly status: number;
  readonly content_type: string;
  readonly body_text: string;
  readonly body: Record<string, unknown>;
}

/** One gRPC exchange; bytes are written as `{"hex": ...}`. */
export interface GrpcExchange {
  readonly method: string;
  readonly macaroon: "admin" | "readonly" | "invoice" | "none";
  readonly case: string;
  readonly request: Record<string, unknown>;
  readonly response?: unknown;
  readonly error?: { readonly code: number; readonly details: string };
}

export interface Capture {
  readonly lnd_version: string;
  readonly notes: string[];
  readonly inputs: {
    readonly tower_pubkey: string;
    readonly session_ids: string[];
    readonly unknown_point: string;
    readonly uncompressed_of_first_session: string;
    readonly not_on_curve: string;
    readonly bad_prefix: string;
  };
  readonly lncli: LncliRun[];
  readonly rest: RestExchange[];
  readonly grpc: GrpcExchange[];
  readonly inactive_client: { readonly lncli: LncliRun[]; readonly rest: RestExchange[] };
  readonly macaroon_checks: {
    readonly cases: ReadonlyArray<{ macaroon: string; status: number; body?: { code: number; message: string } }>;
  };
}

/** One lncli run of lncli-cases.json: the case it belongs to, the node, the macaroon lncli sent. */
export interface RecordedLncliRun extends LncliRun {
  readonly case: string;
  /** a run that only put the state of the next case in place */
  readonly setup?: true;
  readonly node: "client" | "inactive";
  readonly macaroon: "admin" | "readonly" | "invoice" | "none";
  /** set when an explicit --tlscertpath stood beside --lnddir (lncli uses <lnddir>/tls.cert anyway) */
  readonly tlscertpath?: string;
}

/** lncli-cases.json: a real lnd's answers to every case of the real-lncli parity test, in order. */
export interface LncliCases {
  readonly lnd_version: string;
  readonly recorded_by: string;
  readonly notes: string[];
  readonly inputs: {
    readonly tower_pubkey: string;
    readonly tower_addresses: string[];
    readonly sessions: ReadonlyArray<{ readonly id: string; readonly policy_type: "LEGACY" | "ANCHOR" | "TAPROOT" }>;
    readonly session: string;
    readonly unknown_key: string;
  };
  readonly runs: RecordedLncliRun[];
}

/** The folder holding capture.json, tls.cert and the admin/readonly/invoice macaroons. */
export declare const fixtureDir: string;
/** The absolute path of one fixture file, e.g. `fixturePath("tls.cert")`. */
export declare function fixturePath(name: string): string;
/** capture.json, parsed afresh on every call (callers may mutate their copy). */
export declare function loadCapture(): Capture;
/** lncli-cases.json, parsed afresh on every call. */
export declare function loadLncliCases(): LncliCases;
