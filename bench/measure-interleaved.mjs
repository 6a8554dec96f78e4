import { measureProcess } from "./measure-process.mjs";

/**
 * Run each command once untimed (warms the file cache, and shows whether it works at all), then `runs` rounds of
 * all of them, rotating who goes first so no command always follows the same one. `commands` maps a name to
 * `{ args, options }` for measureProcess. Returns every measurement by name, or the first command that failed its
 * untimed run; a failure in a timed round throws.
 */
export async function measureInterleaved(commands, runs) {
  for (const [name, { args, options }] of Object.entries(commands)) {
    const first = await measureProcess(args, options);
    if (first.code !== 0) return { failed: { name, code: first.code, stderr: first.stderr } };
  }
  const order = Object.keys(commands);
  const samples = Object.fromEntries(order.map((n) => [n, []]));
  for (let run = 0; run < runs; run++) {
    for (const name of [...order.slice(run % order.length), ...order.slice(0, run % order.length)]) {
      const r = await measureProcess(commands[name].args, commands[name].options);
      if (r.code !== 0) throw new Error(`${name} exited with ${r.code} on run ${run}: ${r.stderr}`);
      samples[name].push(r);
    }
  }
  return { samples };
}
