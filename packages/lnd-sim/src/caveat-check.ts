import { BlockList, isIP } from "node:net";

/** What a first-party caveat is checked against. */
export interface CaveatContext {
  /** the caller's IP address as lnd's gRPC server sees it */
  readonly peerIp: string;
  readonly now: Date;
}

/** IPv4-mapped IPv6 addresses compare equal to their IPv4 form, as Go's net.IP.Equal does. */
function normaliseIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

function sameIp(a: string, b: string): boolean {
  const x = normaliseIp(a);
  const y = normaliseIp(b);
  if (isIP(x) === 0 || isIP(y) === 0) return false;
  const list = new BlockList();
  list.addAddress(x, isIP(x) === 4 ? "ipv4" : "ipv6");
  return list.check(y, isIP(y) === 4 ? "ipv4" : "ipv6");
}

function inRange(cidr: string, ip: string): boolean | undefined {
  const [net, bits, extra] = cidr.split("/");
  const family = isIP(net ?? "");
  const prefix = Number(bits);
  if (extra !== undefined || family === 0 || !/^\d+$/.test(bits ?? "") || prefix > (family === 4 ? 32 : 128))
    return undefined;
  const peer = normaliseIp(ip);
  if (isIP(peer) === 0) return false;
  const list = new BlockList();
  list.addSubnet(net!, prefix, family === 4 ? "ipv4" : "ipv6");
  return list.check(peer, isIP(peer) === 4 ? "ipv4" : "ipv6");
}

type Check = (arg: string, ctx: CaveatContext) => string | undefined;

// The conditions lnd registers with its bakery checker: the bakery's std `time-before` and lnd's own.
const checks: Record<string, Check> = {
  "time-before": (arg, ctx) => {
    const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(arg) ? Date.parse(arg) : NaN;
    if (Number.isNaN(t))
      return `parsing time "${arg}" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse "${arg}" as "2006"`;
    return ctx.now.getTime() < t ? undefined : "macaroon has expired";
  },
  ipaddr: (arg, ctx) => (sameIp(arg, ctx.peerIp) ? undefined : "macaroon locked to different IP address"),
  iprange: (arg, ctx) => {
    const ok = inRange(arg, ctx.peerIp);
    if (ok === undefined) return `invalid CIDR address: ${arg}`;
    return ok ? undefined : "macaroon locked to different IP range";
  },
  // accepted by lnd only when an RPC middleware registered the custom caveat; the double runs none
  "lnd-custom": (arg) =>
    `cannot accept macaroon with custom caveat '${arg.split(" ")[0] ?? ""}', no middleware registered to handle it`,
};

/**
 * Check one first-party caveat like the bakery's `CheckFirstPartyCaveat` with lnd's checkers.
 * Returns the error text, or undefined when the condition holds.
 */
export function checkFirstPartyCaveat(caveat: string, ctx: CaveatContext): string | undefined {
  if (caveat === "") return 'cannot parse caveat "": empty caveat';
  const space = caveat.indexOf(" ");
  if (space === 0) return `cannot parse caveat ${JSON.stringify(caveat)}: caveat starts with space character`;
  const condition = space < 0 ? caveat : caveat.slice(0, space);
  const arg = space < 0 ? "" : caveat.slice(space + 1);
  const check = Object.hasOwn(checks, condition) ? checks[condition] : undefined;
  const failure = check === undefined ? "caveat not recognized" : check(arg, ctx);
  return failure === undefined ? undefined : `caveat ${JSON.stringify(caveat)} not satisfied: ${failure}`;
}
