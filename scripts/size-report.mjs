// Prints the bytes a visitor downloads: loader, stylesheet, JS glue and wasm,
// raw, gzip -9 and brotli -q 11, so a regression shows the day it happens.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const files = [
  ["loader", "www/touchpoint.js"],
  ["stylesheet", "www/touchpoint.css"],
  ["JS glue", "pkg/touchpoint.js"],
  ["wasm", "pkg/touchpoint_bg.wasm"],
];
const sizes = (buf) => [
  buf.length,
  gzipSync(buf, { level: 9 }).length,
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
];
const row = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(36) : String(c).padStart(10))).join("");
console.log(row(["size report (bytes)", "raw", "gzip -9", "brotli 11"]));
const total = [0, 0, 0];
for (const [name, path] of files) {
  if (!existsSync(path)) {
    console.log(row([`${name} (missing)`, "-", "-", "-"]));
    continue;
  }
  const s = sizes(readFileSync(path));
  s.forEach((v, i) => (total[i] += v));
  console.log(row([`${name} (${path})`, ...s]));
}
console.log(row(["total", ...total]));
