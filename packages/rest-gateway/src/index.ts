export { createRestGateway } from "./create-rest-gateway.js";
export type { RestGatewayOptions, RestHandler } from "./create-rest-gateway.js";
export { matchRestRoute } from "./match-rest-route.js";
export type { RestRouteMatch } from "./match-rest-route.js";
export { writeLndError } from "./write-lnd-error.js";
export { httpStatusOf } from "./http-status-of.js";
