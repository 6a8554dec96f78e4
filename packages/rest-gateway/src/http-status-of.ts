import { Code } from "@connectrpc/connect";

const statusByCode: Record<number, number> = {
  0: 200,
  [Code.Canceled]: 499,
  [Code.Unknown]: 500,
  [Code.InvalidArgument]: 400,
  [Code.DeadlineExceeded]: 504,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.ResourceExhausted]: 429,
  [Code.FailedPrecondition]: 400,
  [Code.Aborted]: 409,
  [Code.OutOfRange]: 400,
  [Code.Unimplemented]: 501,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
  [Code.DataLoss]: 500,
  [Code.Unauthenticated]: 401,
};

/** grpc-gateway v2.16 `HTTPStatusFromCode` (spec §2.5); an unknown code is 500, as there. */
export function httpStatusOf(code: Code): number {
  return statusByCode[code] ?? 500;
}
