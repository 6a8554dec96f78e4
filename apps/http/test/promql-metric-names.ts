// PromQL words that are not metric names: operators, modifiers, and the aggregations (`sum by (x) (...)`)
const keywords = new Set([
  ..."and or unless by without on ignoring group_left group_right bool offset inf nan".split(" "),
  ..."sum min max avg group stddev stdvar count count_values bottomk topk quantile".split(" "),
]);

/**
 * The metric names a PromQL expression reads: identifiers that are neither functions (followed by `(`),
 * keywords, label names (inside `{}` or the parentheses of by/on/without/ignoring) nor strings.
 */
export function metricNamesOf(expr: string): string[] {
  const text = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "$1");
  const names = new Set<string>();
  for (const m of text.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = m[0];
    const after = text.slice(m.index + word.length).trimStart();
    if (after.startsWith("(") || keywords.has(word.toLowerCase())) continue;
    // the exponent of a number such as 1e3
    if (/[0-9.]/.test(text[m.index - 1] ?? "")) continue;
    names.add(word);
  }
  return [...names];
}
