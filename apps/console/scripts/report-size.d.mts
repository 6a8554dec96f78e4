/** The console's JavaScript budget, gzipped. */
export declare const JS_BUDGET_BYTES: number;
/** Bytes of every built file, raw and gzipped, by path under dist/. */
export declare function measureDist(dist: string): { path: string; bytes: number; gzip: number }[];
