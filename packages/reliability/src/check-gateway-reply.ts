import { httpStatusOf } from "@wtclient/rest-gateway";
import type { HttpReply } from "./send-http.js";

/** What kind of answer the gateway gave. */
export type ReplyKind = "ok" | "lnd-error" | "marshal-fallback" | "request-refused";

/** grpc-gateway's answer when an error message is not UTF-8 (no `details`). */
const marshalFallback = `{"code": 13, "message": "failed to marshal error message"}`;

function fail(reply: HttpReply, why: string): never {
  throw new Error(
    `${why}: HTTP ${reply.status} ${JSON.stringify(reply.headers["content-type"] ?? "")} ${JSON.stringify(reply.text.slice(0, 300))}`,
  );
}

function parseJson(reply: HttpReply): unknown {
  try {
    return JSON.parse(reply.text);
  } catch {
    return fail(reply, "the body is not JSON");
  }
}

/**
 * Check that a reply is one lnd could give: 200 with a JSON object, an lnd error envelope
 * `{code, message, details: []}` whose HTTP status is grpc-gateway's for the code, or the plain-text
 * 400 of a request line Go's server refuses. The gateway's own catch-all (`internal error`) means it
 * threw something it did not expect, and fails the check.
 */
export function checkGatewayReply(reply: HttpReply): ReplyKind {
  const type = reply.headers["content-type"] ?? "";
  if (type.startsWith("text/plain")) {
    if (reply.status !== 400 || reply.text !== "400 Bad Request")
      fail(reply, "a plain-text answer other than Go's refusal");
    return "request-refused";
  }
  if (type !== "application/json") fail(reply, "not application/json");
  if (reply.status === 200) {
    const body = parseJson(reply);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      fail(reply, "a 200 whose body is not a JSON object");
    return "ok";
  }
  if (reply.status < 400 || reply.status > 599) fail(reply, "neither 200 nor 4xx/5xx");
  if (reply.text === marshalFallback) {
    if (reply.status !== 500) fail(reply, "the marshal fallback with a status other than 500");
    return "marshal-fallback";
  }
  const body = parseJson(reply) as Record<string, unknown>;
  const keys = typeof body === "object" && body !== null ? Object.keys(body).sort().join(",") : "";
  if (keys !== "code,details,message") fail(reply, "not an lnd error envelope {code, message, details}");
  const { code, message, details } = body as { code: unknown; message: unknown; details: unknown };
  if (!Number.isInteger(code) || (code as number) < 1 || (code as number) > 16)
    fail(reply, "code is not a gRPC code 1-16");
  if (typeof message !== "string" || message.trim() === "") fail(reply, "message is not a non-empty string");
  if (!Array.isArray(details) || details.length !== 0) fail(reply, "details is not []");
  if (reply.status !== httpStatusOf(code as number))
    fail(reply, `HTTP status is not grpc-gateway's ${httpStatusOf(code as number)} for code ${String(code)}`);
  if (message === "internal error")
    fail(reply, "the gateway's catch-all answer: it threw an exception it does not expect");
  return "lnd-error";
}
