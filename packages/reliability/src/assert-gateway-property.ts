import { Agent } from "node:http";
import fc from "fast-check";
import { checkGatewayReply, type ReplyKind } from "./check-gateway-reply.js";
import { propertyRuns } from "./property-runs.js";
import { NoAnswerError, sendHttp, type HttpRequest } from "./send-http.js";

/** Far beyond any answer of an in-memory service; only a gateway that never answers reaches it. */
const answerDeadlineMs = 10_000;

/**
 * Send `propertyRuns` random requests to the gateway at 127.0.0.1:port, one at a time, and check that
 * each one gets an answer lnd could give (checkGatewayReply) within the deadline. Returns how many
 * answers of each kind came back.
 */
export async function assertGatewayProperty(
  port: number,
  requests: fc.Arbitrary<HttpRequest>,
): Promise<Map<ReplyKind, number>> {
  const kinds = new Map<ReplyKind, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  // after a request that got no answer the server may be stuck: later runs (shrinking) pass without sending,
  // so that request stays the counterexample
  let stuck = false;
  const property = fc.asyncProperty(requests, async (req) => {
    if (stuck) return;
    let reply;
    try {
      reply = await sendHttp(agent, port, req, answerDeadlineMs);
    } catch (e) {
      if (e instanceof NoAnswerError) stuck = true;
      throw e;
    }
    const kind = checkGatewayReply(reply);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  });
  try {
    await fc.assert(property, propertyRuns);
  } finally {
    agent.destroy();
  }
  return kinds;
}
