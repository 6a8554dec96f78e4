import { loadCapture, type RestExchange } from "@wtclient/lnd-fixtures";

export type { RestExchange };

/** The `rest` entries of the recorded lnd capture. */
export const restExchanges: readonly RestExchange[] = loadCapture().rest;
