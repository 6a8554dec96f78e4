/**
 * Types for the parts of the npm package `macaroon` 3.0.4 (CommonJS, untyped) that wtclient uses.
 * Written from its macaroon.js and README.
 */
declare module "macaroon" {
  /** A caveat as the library reports it; third-party caveats also carry a location and a verification id. */
  export interface MacaroonCaveat {
    readonly identifier: Uint8Array;
    readonly location?: string;
    readonly vid?: Uint8Array;
  }

  /** The library's Macaroon class (not exported by the module itself; obtained from importMacaroon/newMacaroon). */
  export interface Macaroon {
    /** A fresh copy of the caveat list on every read. */
    readonly caveats: MacaroonCaveat[];
    readonly location: string;
    readonly identifier: Uint8Array;
    readonly signature: Uint8Array;
    /** Append a first-party caveat; the signature becomes HMAC-SHA256(old signature, caveat id). Mutates. */
    addFirstPartyCaveat(caveatId: string | Uint8Array): void;
    /** Binary form in the version the macaroon was created with or imported from (v2 for lnd's). */
    exportBinary(): Uint8Array;
    /**
     * Throws unless the signature chain matches the root key and `check` accepts every first-party
     * caveat (`check` returns an error text, or null when the condition holds).
     */
    verify(rootKey: Uint8Array, check: (condition: string) => string | null, discharges?: Macaroon[]): void;
    clone(): Macaroon;
  }

  export interface NewMacaroonParams {
    identifier: string | Uint8Array;
    location?: string;
    rootKey: string | Uint8Array;
    /** 1 or 2; defaults to 2 */
    version?: 1 | 2;
  }

  /** Bytes are a binary macaroon; a string is base64 (any flavour) of a binary or JSON macaroon. Throws on bad input. */
  export function importMacaroon(obj: string | Uint8Array): Macaroon;
  export function newMacaroon(params: NewMacaroonParams): Macaroon;
  /** URL-safe base64 without padding. */
  export function bytesToBase64(bytes: Uint8Array): string;
  /** Decodes standard or URL-safe base64, padded or not. */
  export function base64ToBytes(s: string): Uint8Array;
}
