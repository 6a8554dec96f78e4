import { writeFileSync } from "node:fs";

export type Cell =
  | { readonly status: "pass" }
  | { readonly status: "fail"; readonly why: string }
  | { readonly status: "skip"; readonly why: string };

/** The scenario x driver results of one run, written for print-matrix.mjs. */
export class Matrix {
  private readonly rows = new Map<string, Map<string, Cell>>();

  /** `title` names the target in the printout; rows keep the order of `scenarios` whatever order they run in */
  constructor(
    readonly title: string,
    readonly drivers: readonly string[],
    scenarios: readonly string[],
  ) {
    for (const s of scenarios) this.rows.set(s, new Map());
  }

  set(scenario: string, driver: string, cell: Cell): void {
    let row = this.rows.get(scenario);
    if (row === undefined) this.rows.set(scenario, (row = new Map()));
    row.set(driver, cell);
  }

  write(file: string): void {
    const rows = [...this.rows].map(([scenario, cells]) => ({ scenario, cells: Object.fromEntries(cells) }));
    writeFileSync(file, JSON.stringify({ title: this.title, drivers: this.drivers, rows }, null, 2));
  }
}
