// The published packages as a user gets them: `npm pack` every publishable workspace, install the tarballs into an
// empty project outside the repository (in os.tmpdir(), pinned tools from the registry), and there use them the way
// the READMEs say: the library from ES modules and CommonJS, the README's examples as written, tsc on every README's
// TypeScript under module nodenext and moduleResolution bundler, and the three bins. Node is the one on PATH, so CI
// can run this once per Node version. Ends with `tarballs: N passed, N failed`; exits 1 when a check failed.
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const here = fileURLToPath(new URL("./tarball-project/", import.meta.url));
const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const keep = process.argv.includes("--keep");
// children find this same node through PATH (bins start with `#!/usr/bin/env node`, npm too)
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NO_COLOR: "1" };

let passed = 0;
let failed = 0;
function check(name, problem) {
  if (problem === undefined || problem === "") {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL - ${name}: ${problem}`);
  }
}
function finish() {
  console.log(`tarballs: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/** Run a command to its end; the output and a problem text when it failed. */
function run(command, args, options = {}) {
  const r = spawnSync(command, args, {
    encoding: "utf8",
    env,
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  const problem =
    r.error !== undefined
      ? r.error.message
      : r.status !== 0
        ? `${[command, ...args].join(" ")} exited ${r.status ?? r.signal}:\n${output.trim().split("\n").slice(-25).join("\n")}`
        : undefined;
  return { output, stdout: r.stdout ?? "", problem };
}

// --- pack ------------------------------------------------------------------------------------------------------------

const workspaces = ["packages", "apps"].flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}`));
const publishable = workspaces
  .map((path) => ({ path, manifest: JSON.parse(readFileSync(join(root, path, "package.json"), "utf8")) }))
  .filter((w) => w.manifest.private !== true);
console.log(`node ${process.version}; publishable: ${publishable.map((w) => w.manifest.name).join(", ")}`);

const build = run("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  env: { ...env, TURBO_TELEMETRY_DISABLED: "1" },
});
check("build (turbo)", build.problem);
if (build.problem !== undefined) finish();

const work = mkdtempSync(join(tmpdir(), "wtclient-tarballs-"));
const tarballDir = join(work, "tarballs");
const project = join(work, "project");
mkdirSync(tarballDir);
mkdirSync(project);
const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (!keep) rmSync(work, { recursive: true, force: true });
});

const pack = run(
  "npm",
  ["pack", "--json", "--pack-destination", tarballDir, ...publishable.flatMap((w) => ["--workspace", w.path])],
  { cwd: root },
);
check("npm pack", pack.problem);
if (pack.problem !== undefined) finish();
const packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")));

// --- each tarball on its own ---------------------------------------------------------------------------------------

const license = readFileSync(join(root, "LICENSE"), "utf8");
const allowedConditions = new Set(["types", "import", "require", "default", "node"]);

/** Every file an `exports` map points at, and every condition it uses that a user's resolver may not know. */
function exportTargets(value, conditions = []) {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (!key.startsWith(".") && !allowedConditions.has(key)) conditions.push(key);
    return exportTargets(inner, conditions);
  });
}

/** Package names a file loads: static and dynamic imports, re-exports, require() calls (builtins left out). */
function importedPackages(source) {
  const names = new Set();
  for (const m of source.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"'./\s][^"'\s]*)["']/gm,
  )) {
    const specifier = m[1];
    // node: names are builtins even where this Node lacks them (node:sqlite, loaded only where it exists)
    if (specifier.startsWith("node:") || isBuiltin(specifier)) continue;
    names.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]);
  }
  return names;
}

const unpacked = join(work, "unpacked");
for (const tarball of packed) {
  const name = tarball.name;
  const files = new Set(tarball.files.map((f) => f.path));
  const dir = join(unpacked, name);
  mkdirSync(dir, { recursive: true });
  run("tar", ["-xzf", join(tarballDir, tarball.filename), "-C", dir, "--strip-components=1"]);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const workspace = publishable.find((w) => w.manifest.name === name).path;
  console.log(
    `  ${tarball.filename}: ${files.size} files, ${(tarball.size / 1024).toFixed(0)} kB packed, ${(tarball.unpackedSize / 1024).toFixed(0)} kB unpacked`,
  );

  check(
    `${name}: LICENSE (MIT) is the repository's`,
    !files.has("LICENSE")
      ? "no LICENSE in the tarball"
      : readFileSync(join(dir, "LICENSE"), "utf8") !== license
        ? "differs from the root LICENSE"
        : undefined,
  );
  check(`${name}: README.md`, files.has("README.md") ? undefined : "no README.md in the tarball");
  check(
    `${name}: repository`,
    manifest.repository?.type === "git" &&
      manifest.repository.url?.startsWith("git+https://") &&
      manifest.repository.directory === workspace
      ? undefined
      : `expected {type: "git", url: "git+https://...", directory: "${workspace}"}, got ${JSON.stringify(manifest.repository)}`,
  );

  const conditions = [];
  const targets = [
    ...exportTargets(manifest.exports ?? {}, conditions),
    ...[manifest.main, manifest.module, manifest.types].filter((t) => t !== undefined),
    ...Object.values(typeof manifest.bin === "string" ? { [name]: manifest.bin } : (manifest.bin ?? {})),
  ].map((t) => t.replace(/^\.\//, ""));
  const missing = targets.filter((t) => !files.has(t));
  check(
    `${name}: package.json points only at shipped files, with standard conditions`,
    [
      missing.length > 0 ? `not in the tarball: ${missing.join(", ")}` : "",
      conditions.length > 0 ? `unknown conditions: ${[...new Set(conditions)].join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; "),
  );
  check(
    `${name}: no TypeScript sources`,
    [...files].filter((f) => /(^|\/)src\//.test(f) || /(?<!\.d)\.[cm]?ts$/.test(f)).join(", "),
  );

  // what the shipped code loads must be declared; what is declared must be loaded (or be a peer of what is),
  // so a bundle never also installs what it bundled
  const code = [...files].filter((f) => /\.(c|m)?js$|\.d\.c?ts$/.test(f));
  const imported = new Set(code.flatMap((f) => [...importedPackages(readFileSync(join(dir, f), "utf8"))]));
  imported.delete(name);
  const declared = new Set(
    Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }),
  );
  tarball.imported = imported;
  tarball.declared = declared;
  check(
    `${name}: every package its code imports is a dependency`,
    [...imported].filter((d) => !declared.has(d)).join(", "),
  );
}

// --- the empty project -----------------------------------------------------------------------------------------------

writeFileSync(
  join(project, "package.json"),
  `${JSON.stringify({ name: "wtclient-tarball-check", private: true, type: "module" }, null, 2)}\n`,
);
writeFileSync(join(project, ".npmrc"), "save-exact=true\nengine-strict=true\n");
const tools = ["typescript", "@types/node"].map((t) => `${t}@${rootPackage.devDependencies[t]}`);
// the README tells rest-gateway users to install connect beside it
const connect = `@connectrpc/connect@${JSON.parse(readFileSync(join(root, "packages/core/package.json"), "utf8")).dependencies["@connectrpc/connect"]}`;
const install = run(
  "npm",
  ["install", "--no-audit", "--no-fund", ...packed.map((t) => join(tarballDir, t.filename)), connect, ...tools],
  { cwd: project },
);
check(
  "npm install of the tarballs into an empty project",
  install.problem ??
    (/npm warn/i.test(install.output) ? `npm warned:\n${install.output.match(/npm warn.*/gi).join("\n")}` : undefined),
);
if (install.problem !== undefined) finish();

const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
const fromElsewhere = Object.entries(lock.packages)
  .filter(([path]) => /(^|\/)node_modules\/@wtclient\/[^/]+$/.test(path))
  .filter(([, entry]) => !String(entry.resolved).startsWith("file:"))
  .map(([path, entry]) => `${path} from ${entry.resolved}`);
check("every @wtclient package comes from the tarballs, once", fromElsewhere.join(", "));
// one copy of what the packages share types and objects through (a second @bufbuild/protobuf breaks typing, notes P5)
const copies = (name) =>
  Object.entries(lock.packages)
    .filter(([path]) => path.endsWith(`node_modules/${name}`))
    .map(([path, entry]) => `${path}@${entry.version}`);
for (const shared of ["@bufbuild/protobuf", "@connectrpc/connect"]) {
  check(
    `one ${shared} in the project`,
    copies(shared).length === 1 ? undefined : `found ${copies(shared).join(", ") || "none"}`,
  );
}
const ls = run("npm", ["ls", "--all"], { cwd: project });
check("npm ls: no missing or invalid dependency", ls.problem);

// dependencies declared only to hold a transitive one at a version that installs on Node 20, each with its reason
const pins = {
  "@wtclient/http": {
    "light-my-request": "fastify 5 takes light-my-request ^6, whose 6.8 needs cookie 2 (engines node >=22)",
  },
};
for (const tarball of packed) {
  const pinned = pins[tarball.name] ?? {};
  const unused = [...tarball.declared].filter((d) => !tarball.imported.has(d) && pinned[d] === undefined);
  const peers = new Set(
    [...tarball.imported].flatMap((d) => {
      const file = join(project, "node_modules", d, "package.json");
      return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, "utf8")).peerDependencies ?? {}) : [];
    }),
  );
  check(
    `${tarball.name}: every dependency is imported (none bundled as well)`,
    unused.filter((d) => !peers.has(d)).join(", "),
  );
}

// --- the double, from its installed bin -----------------------------------------------------------------------------

const bin = (name) => join(project, "node_modules", ".bin", name);

/** Start a long-running bin; resolves with its child and the first stdout line `ready` accepts. */
function startBin(name, args, ready) {
  const child = spawn(bin(name), args, { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s: ${stderr}`)), 120_000);
    child.once("exit", (code) => reject(new Error(`${name} exited ${code} before it was ready: ${stderr}`)));
    const banner = [];
    createInterface({ input: child.stdout }).on("line", (line) => {
      banner.push(line);
      const value = ready(line, banner);
      if (value !== undefined) {
        clearTimeout(timer);
        resolve({ child, value });
      }
    });
  });
}

async function stopBin(child) {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  child.kill("SIGTERM");
  const code = await exited;
  children.delete(child);
  return code;
}

const lnddir = join(work, "lnd-sim");
let sim;
try {
  sim = await startBin(
    "wtclient-lnd-sim",
    ["--lnddir", lnddir, "--rpclisten", "127.0.0.1:0", "--restlisten", "127.0.0.1:0"],
    (_line, banner) => {
      const text = banner.join("\n");
      const rpc = /^rpclisten:\s+(\S+)/m.exec(text)?.[1];
      const rest = /^restlisten:\s+(\S+)/m.exec(text)?.[1];
      return rpc !== undefined && rest !== undefined ? { rpc, rest } : undefined;
    },
  );
  check("wtclient-lnd-sim starts from the installed bin", undefined);
} catch (e) {
  check("wtclient-lnd-sim starts from the installed bin", e.message);
  finish();
}
const { rpc, rest } = sim.value;

// --- the library, as ES module and as CommonJS ------------------------------------------------------------------------

for (const file of ["use-packages.mjs", "use-packages.cjs", "use-types.ts", "use-types-require.cts"])
  copyFileSync(join(here, file), join(project, file));
check(
  "ES module script (core over gRPC and REST, http, lnd-sim, rest-gateway)",
  run(process.execPath, ["use-packages.mjs", rpc, rest, lnddir], { cwd: project }).problem,
);
check(
  "CommonJS script (the same through require)",
  run(process.execPath, ["use-packages.cjs", rpc, rest, lnddir], { cwd: project }).problem,
);

// --- the READMEs' examples ----------------------------------------------------------------------------------------------

const readmes = [
  ["README.md", "readme"],
  ...publishable.map((w) => [`${w.path}/README.md`, `readme-${w.path.split("/")[1]}`]),
];
const blocksOf = (file, language) =>
  [...readFileSync(join(root, file), "utf8").matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map(
    (m) => m[1],
  );
const typeChecked = [];
for (const [file, prefix] of readmes) {
  blocksOf(file, "ts").forEach((block, i) => {
    writeFileSync(join(project, `${prefix}-${i + 1}.ts`), block);
    typeChecked.push(`${prefix}-${i + 1}.ts`);
  });
}
// the root README's library examples run as written, with only the double's lnddir and addresses swapped in
const asWritten = (text) =>
  text.replaceAll("localhost:10009", rpc).replaceAll("localhost:8080", rest).replaceAll("/tmp/lnd-sim", lnddir);
// examples through a SOCKS proxy (Tor) need one running: they are type-checked below, and run through danted by
// packages/conformance/test/readme-examples.test.ts
const needsProxy = (text) => /socksProxy|--socksproxy/.test(text);
blocksOf("README.md", "ts").forEach((block, i) => {
  if (needsProxy(block))
    return console.log(
      `note - README example ${i + 1} goes through a SOCKS proxy: type-checked here, run by the conformance README test`,
    );
  writeFileSync(join(project, `readme-${i + 1}.mjs`), asWritten(block));
  const result = run(process.execPath, [`readme-${i + 1}.mjs`], { cwd: project });
  const expected = block.includes("WtclientError")
    ? /^permission-denied - /m
    : block.includes("terminateSession")
      ? /^Successful termination of session: /
      : undefined;
  check(
    `README example ${i + 1} runs as written on node ${process.version}`,
    result.problem ??
      (expected !== undefined && !expected.test(result.output)
        ? `printed ${JSON.stringify(result.output)}`
        : undefined),
  );
});

const compilerOptions = { target: "ES2022", types: ["node"], strict: true, skipLibCheck: false, noEmit: true };
const configs = {
  nodenext: { ...compilerOptions, module: "nodenext", moduleResolution: "nodenext" },
  bundler: { ...compilerOptions, module: "esnext", moduleResolution: "bundler" },
};
for (const [kind, options] of Object.entries(configs)) {
  const files = [...typeChecked, "use-types.ts", ...(kind === "nodenext" ? ["use-types-require.cts"] : [])];
  writeFileSync(
    join(project, `tsconfig.${kind}.json`),
    `${JSON.stringify({ compilerOptions: options, files }, null, 2)}\n`,
  );
  check(
    `tsc --noEmit, ${kind}: ${files.length} files (every README's TypeScript, the types of every entry point)`,
    run(bin("tsc"), ["-p", `tsconfig.${kind}.json`], { cwd: project }).problem,
  );
}

// --- the bins -------------------------------------------------------------------------------------------------------------

const version = run(bin("wtclient"), ["--version"], { cwd: project });
check(
  "wtclient --version",
  version.problem ??
    (/^wtclient version \d+\.\d+\.\d+/.test(version.stdout) ? undefined : `printed ${JSON.stringify(version.stdout)}`),
);
// the README's CLI lines, verbatim but for the double's lnddir, reaching it through lncli's address variables (the
// --socksproxy ones, with the danted recipe around them, run in packages/reliability/test/readme-tor-recipe.test.ts)
const cliLines = blocksOf("README.md", "sh")
  .flatMap((block) => block.split("\n"))
  .filter((line) => /npx wtclient /.test(line) && !needsProxy(line));
for (const line of cliLines) {
  const result = run("bash", ["-c", asWritten(line)], {
    cwd: project,
    env: { ...env, LNCLI_RPCSERVER: rpc, LNCLI_RESTSERVER: rest },
  });
  check(`README: ${line.replace(/\s+#.*$/, "")}`, result.problem);
}
const simHelp = run(bin("wtclient-lnd-sim"), ["--help"], { cwd: project });
check(
  "wtclient-lnd-sim --help",
  simHelp.problem ?? (simHelp.stdout.includes("--lnddir") ? undefined : "no usage text"),
);
const httpHelp = run(bin("wtclient-http"), ["--help"], { cwd: project });
check(
  "wtclient-http --help",
  httpHelp.problem ?? (httpHelp.stdout.startsWith("wtclient-http") ? undefined : "no usage text"),
);
try {
  const http = await startBin("wtclient-http", ["--sim", "--insecure-no-auth", "--listen", "127.0.0.1:0"], (line) => {
    const entry = line.startsWith("{") ? JSON.parse(line) : {};
    return typeof entry.url === "string" && String(entry.msg).startsWith("listening on") ? entry.url : undefined;
  });
  const answer = await fetch(`${http.value}/v2/watchtower/client?include_sessions=true`);
  const body = await answer.json();
  const stopped = await stopBin(http.child);
  check(
    "wtclient-http --sim answers lnd's REST and stops on SIGTERM",
    answer.status !== 200 || !Array.isArray(body.towers)
      ? `GET towers: ${answer.status} ${JSON.stringify(body)}`
      : stopped !== 0
        ? `exited ${stopped} on SIGTERM`
        : undefined,
  );
} catch (e) {
  check("wtclient-http --sim answers lnd's REST and stops on SIGTERM", e.message);
}
const simStopped = await stopBin(sim.child);
check("wtclient-lnd-sim stops on SIGTERM", simStopped === 0 ? undefined : `exited ${simStopped}`);
if (keep) console.log(`kept ${work}`);
finish();
