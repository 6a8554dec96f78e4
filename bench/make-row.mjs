/**
 * One line of the results: wtclient's `value` against the `baseline` in `unit`, ratio = value / baseline,
 * and a target on the ratio such as "<= 1.0", ">= 0.9" or "< 1.1" (null: reported, not judged).
 */
export function makeRow(name, unit, baseline, value, target) {
  const ratio = value / baseline;
  return {
    name,
    baseline: round(baseline),
    value: round(value),
    unit,
    ratio: round(ratio),
    target,
    pass: judge(ratio, target),
  };
}

/** A row that could not be measured; `note` says why. */
export function missingRow(name, unit, target, reason) {
  return { name, baseline: null, value: null, unit, ratio: null, target, pass: null, note: `missing: ${reason}` };
}

function judge(ratio, target) {
  if (target === null) return null;
  if (!Number.isFinite(ratio)) return false;
  const [op, limit] = target.split(" ");
  const bound = Number(limit);
  return { "<=": ratio <= bound, "<": ratio < bound, ">=": ratio >= bound, ">": ratio > bound }[op] ?? false;
}

// three significant digits are more than this machine's noise allows
function round(x) {
  return Number.isFinite(x) ? Number(x.toPrecision(3)) : null;
}
