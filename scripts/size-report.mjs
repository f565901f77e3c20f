// Prints the bytes a visitor downloads: loader, stylesheet, JS glue and wasm as served
// (built by scripts/build-dist.mjs, located through pkg/manifest.json), raw, gzip -9 and
// brotli -q 11, each with its change against the committed baseline
// (scripts/size-baseline.json), so a regression shows the day it happens. Fails
// (exit 1) when the loader is over its budget (2.5 KB brotli), or when the wasm grows more
// than 1 KB brotli over the baseline: either find the bytes, or move the baseline in a
// commit that says why:
//
//   node scripts/size-report.mjs --write-baseline "why the widget may grow"
//
// Studio (pkg/studio/, scripts/build-studio.sh) is reported after the widget, against its own
// budget: its first load (the wasm, JS and CSS its page names) at most 250 KB brotli.
// `--studio` prints Studio's part alone.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const BASELINE = new URL("size-baseline.json", import.meta.url);
/** How much the wasm may grow, in brotli bytes, before the report fails. */
const ALLOWED_GROWTH = 1024;
/** The loader's budget, in brotli bytes: it is on every page of every site, before any interaction. */
const LOADER_BUDGET = 2560;
const LOADER = "pkg/root/touchpoint.js";
/** Studio's first load budget, in brotli bytes (issue 12). */
const STUDIO_BUDGET = 250 * 1000;
const STUDIO_PAGE = "pkg/studio/index.html";
if (process.argv[2] === "--studio") {
  studioReport();
  process.exit();
}

const MANIFEST = "pkg/manifest.json";
const manifest = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, "utf8")) : { assets: {} };
/** A content-hashed file's path, and the key it has in the baseline (its name with the hash as <hash>). */
const served = (key) => {
  const path = manifest.assets[key]?.[0];
  return path ? [path, path.replace(/\.[0-9a-f]{10}\./, ".<hash>.")] : [`(${key}: run scripts/build-dist.mjs)`, key];
};
// [name, path, baseline key]
const files = [
  ["loader", LOADER, LOADER],
  ["stylesheet", ...served("css")],
  ["JS glue", ...served("glue")],
  ["wasm", "pkg/touchpoint_bg.wasm", "pkg/touchpoint_bg.wasm"],
];
const sizes = (buf) => [
  buf.length,
  gzipSync(buf, { level: 9 }).length,
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
];

const baseline = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, "utf8")) : { files: {} };
const measured = {};
for (const [, path, key] of files) if (existsSync(path)) measured[key] = sizes(readFileSync(path));

const args = process.argv.slice(2);
if (args[0] === "--write-baseline") {
  if (!args[1]) throw new Error("say why the baseline moves: --write-baseline \"reason\"");
  const json = JSON.stringify({ why: args[1], files: measured }, null, 2).replace(/\[\s+([\d,\s]+?)\s+\]/g, (_, n) => `[${n.split(/,\s*/).join(", ")}]`);
  writeFileSync(BASELINE, json + "\n");
  console.log(`baseline written: ${args[1]}`);
}

const signed = (n) => (n > 0 ? `+${n}` : String(n));
const cell = (value, before) => (before === undefined ? String(value) : `${value} (${signed(value - before)})`);
const row = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(46) : String(c).padStart(17))).join("");
console.log(row(["size report (bytes, vs baseline)", "raw", "gzip -9", "brotli 11"]));
const total = [0, 0, 0];
const totalBefore = [0, 0, 0];
for (const [name, path, key] of files) {
  const now = measured[key];
  if (!now) {
    console.log(row([`${name} (missing)`, "-", "-", "-"]));
    continue;
  }
  const before = baseline.files[key];
  now.forEach((v, i) => {
    total[i] += v;
    totalBefore[i] += before?.[i] ?? v;
  });
  console.log(row([`${name} (${path})`, ...now.map((v, i) => cell(v, before?.[i]))]));
}
console.log(row(["total", ...total.map((v, i) => cell(v, totalBefore[i]))]));

// Language catalogues: one is fetched per non-English visitor, with their index (not gated).
const catalogues = Object.entries(manifest.assets).filter(([key]) => key.startsWith("i18n/"));
if (catalogues.length) {
  const each = catalogues.map(([key, [path]]) => [key.slice(5), sizes(readFileSync(path))]);
  each.sort((a, b) => a[1][2] - b[1][2]);
  const [smallest, largest] = [each[0], each[each.length - 1]];
  console.log(row([`language catalogue, smallest (${smallest[0]})`, ...smallest[1]]));
  console.log(row([`language catalogue, largest (${largest[0]}; ${each.length} in all)`, ...largest[1]]));
  console.log(row(["their index (fetched with the catalogue)", ...sizes(readFileSync(manifest.assets.i18n[0]))]));
}
// The sentiment lexicons, English's included: each fetched on demand, when the panel opens
// in its language or a comment in it is written (not gated; the wasm carries only the emoji
// and emoticons).
for (const [key, [path]] of Object.entries(manifest.assets).filter(([key]) => key.startsWith("lexicon/"))) {
  console.log(row([`sentiment lexicon ${key.slice("lexicon/".length)} (on demand)`, ...sizes(readFileSync(path))]));
}

const loader = measured[LOADER];
if (loader) {
  const verdict = loader[2] > LOADER_BUDGET ? "FAIL: over" : "within";
  console.log(`\nloader: ${loader[2]} B brotli, ${verdict} its budget of ${LOADER_BUDGET} B.`);
  if (loader[2] > LOADER_BUDGET) process.exitCode = 1;
}
const wasm = measured["pkg/touchpoint_bg.wasm"];
const allowed = baseline.files["pkg/touchpoint_bg.wasm"];
if (wasm && allowed) {
  const growth = wasm[2] - allowed[2];
  if (growth > ALLOWED_GROWTH) {
    console.log(`FAIL: the wasm grew ${growth} B brotli over the baseline (${allowed[2]}), more than ${ALLOWED_GROWTH}.`);
    console.log(`Find the bytes, or move the baseline in a commit that says why (see the top of this script).`);
    process.exit(1);
  }
  console.log(`wasm: ${signed(growth)} B brotli against the baseline (${allowed[2]}; the gate allows +${ALLOWED_GROWTH}).`);
}

if (existsSync(STUDIO_PAGE)) {
  console.log();
  studioReport();
}

/** Studio's first load, brotli, in bytes: the files `pkg/studio/index.html` names. */
function studioReport() {
  const page = readFileSync(STUDIO_PAGE, "utf8");
  const names = [...new Set(page.match(/studio(_bg)?\.[0-9a-f]{10}\.(js|wasm|css)/g) ?? [])];
  const rows = names.map((name) => {
    const bytes = readFileSync(`pkg/studio/${name}`);
    return [name, bytes.length, gzipSync(bytes, { level: 9 }).length, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  });
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(46) : String(c).padStart(17))).join("");
  console.log(line(["Studio first load (bytes)", "raw", "gzip -9", "brotli 11"]));
  const total = [0, 0, 0];
  for (const [name, ...sizes] of rows) {
    sizes.forEach((v, i) => (total[i] += v));
    console.log(line([`pkg/studio/${name}`, ...sizes]));
  }
  console.log(line(["total", ...total]));
  const over = total[2] > STUDIO_BUDGET;
  console.log(`Studio: ${total[2]} B brotli, ${over ? "FAIL: over" : "within"} its budget of ${STUDIO_BUDGET} B.`);
  if (over || rows.length < 3) process.exitCode = 1;
}
