// Preloaded with `node --import` where GNU time is missing: writes this process's peak RSS (KiB) at exit.
import { writeFileSync } from "node:fs";

process.on("exit", () => writeFileSync(process.env.WTCLIENT_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
