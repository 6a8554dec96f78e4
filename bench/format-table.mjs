/** The rows as one fixed-width text table, or as a Markdown table (`markdown: true`). */
export function formatTable(rows, { markdown = false } = {}) {
  const header = ["comparison", "baseline", "wtclient", "unit", "ratio", "target", "result"];
  const cells = rows.map((r) => [
    r.name,
    show(r.baseline),
    show(r.value),
    r.unit,
    show(r.ratio),
    r.target ?? "(info)",
    r.note ?? (r.pass === null ? "info" : r.pass ? "pass" : "short"),
  ]);
  if (markdown) {
    const line = (c) => `| ${c.join(" | ")} |`;
    return [line(header), line(header.map(() => "---")), ...cells.map(line)].join("\n");
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // the name column is left-aligned, the numbers right-aligned
  const line = (c) =>
    c
      .map((x, i) => (i === 0 || i === 6 ? x.padEnd(widths[i]) : x.padStart(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

function show(x) {
  return x === null ? "-" : String(x);
}
