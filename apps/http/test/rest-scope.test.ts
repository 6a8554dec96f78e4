import { create } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createClient,
  createContextValues,
  type HandlerContext,
  type ServiceImpl,
} from "@connectrpc/connect";
import { StatsResponseSchema, WatchtowerClient } from "@wtclient/core";
import { describe, expect, it } from "vitest";
import { createAuthInterceptor, principalKey } from "../src/auth-interceptor.js";
import { createAuthenticator } from "../src/authenticator.js";
import { createDirectTransport } from "../src/direct-transport.js";
import { createRestScopeInterceptor, restRouteKey, restScopeKey } from "../src/rest-scope.js";
import { bearer, readToken, writeToken } from "./harness.js";

/** The REST path's in-process client: scope, then auth, then a Stats that remembers its context. */
function restClient() {
  const contexts: HandlerContext[] = [];
  const impl = {
    stats: async (_req: unknown, ctx: HandlerContext) => {
      contexts.push(ctx);
      return create(StatsResponseSchema, { numBackups: 1 });
    },
  } as unknown as ServiceImpl<typeof WatchtowerClient>;
  const auth = createAuthenticator({
    tokens: [readToken.entry, writeToken.entry],
    passthroughMacaroon: false,
    insecureNoAuth: false,
  });
  let hashed = 0;
  const counting = {
    ...auth,
    authenticate: (header: Parameters<typeof auth.authenticate>[0]) => (hashed++, auth.authenticate(header)),
  };
  const client = createClient(
    WatchtowerClient,
    createDirectTransport(WatchtowerClient, impl, [createRestScopeInterceptor(), createAuthInterceptor(counting)]),
  );
  return { client, contexts, auth, hashed: () => hashed };
}

describe("the REST scope of an in-process call", () => {
  it("acts as the caller the front door authenticated, without authenticating again, and drops credential headers", async () => {
    const { client, contexts, auth, hashed } = restClient();
    const principal = auth.authenticate((name) => bearer(readToken.token)[name as "authorization"]);
    const contextValues = createContextValues().set(restScopeKey, {
      principal,
      route: "GET /v2/watchtower/client/stats",
    });
    // a Grpc-Metadata-macaroon the gateway turned into a call header never stands in for credentials
    await client.stats(
      {},
      { contextValues, headers: { macaroon: "00", authorization: bearer(writeToken.token).authorization } },
    );
    expect(hashed()).toBe(0);
    const ctx = contexts[0]!;
    expect(ctx.values.get(principalKey)).toBe(principal);
    expect(ctx.values.get(restRouteKey)).toBe("GET /v2/watchtower/client/stats");
    expect(ctx.requestHeader.get("macaroon")).toBeNull();
    expect(ctx.requestHeader.get("authorization")).toBeNull();
  });

  it("refuses a call that carries no scope, whatever its headers say", async () => {
    const { client, contexts } = restClient();
    const call = client.stats({}, { headers: bearer(writeToken.token) });
    await expect(call).rejects.toBeInstanceOf(ConnectError);
    await expect(call).rejects.toMatchObject({
      code: Code.Unauthenticated,
      rawMessage: "a REST call without an authenticated caller",
    });
    expect(contexts).toHaveLength(0);
  });
});
