export { startDanted, findDanted, dantedMissing } from "./start-danted.js";
export type { Danted, DantedOptions } from "./start-danted.js";
export { startSocksFront } from "./start-socks-front.js";
export type { SocksFront, SocksRequest, SocksDecision } from "./start-socks-front.js";
export { freePort } from "./free-port.js";
