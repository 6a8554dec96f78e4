/**
 * The run settings of every property: 10 000 runs from one fixed seed, so a run replays exactly.
 * On failure fast-check prints the counterexample with this seed and the path to replay it.
 */
export const propertyRuns = { numRuns: 10_000, seed: 20261126 } as const;
