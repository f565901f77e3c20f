// Shortens the names under which the wasm imports wasm-bindgen's JS shims
// (`__wbg_setattribute_3c9f4ab1e4e5a9f2` becomes `a`), in the wasm's import section and
// in the glue's import object alike. The names carry a 16-hex-digit hash each that no
// compressor can shrink: shortening them saved 2,184 B brotli on the wasm (194,406 ->
// 192,222, measured 2026-12-01) and more on the glue. Only the glue's own module
// ("./touchpoint_bg.js") is renamed; snippet modules keep their export names.
//
//   node scripts/minify-imports.mjs DIR/touchpoint_bg.wasm DIR/touchpoint.js
//
// Refuses (exit 1) rather than guess when the glue does not look as expected.
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
const GLUE_MODULE = "./touchpoint_bg.js";
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

function uleb(buf, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}
function leb(n) {
  const bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    bytes.push(byte);
  } while (n);
  return Buffer.from(bytes);
}
/** a, b, … z, A … Z, aa, ab …: short, and valid unquoted keys in an object literal. */
function shortName(i) {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let name = "";
  do {
    name = letters[i % 52] + name;
    i = Math.floor(i / 52) - 1;
  } while (i >= 0);
  return name;
}
/** Skips an import's description (function, table, memory, global or tag type). */
function skipDescription(at) {
  const kind = wasm[at++];
  const limits = () => {
    let flags;
    [flags, at] = uleb(wasm, at);
    [, at] = uleb(wasm, at);
    if (flags & 1) [, at] = uleb(wasm, at);
  };
  if (kind === 0) [, at] = uleb(wasm, at);
  else if (kind === 1) (at++, limits());
  else if (kind === 2) limits();
  else if (kind === 3) at += 2;
  else if (kind === 4) (at++, ([, at] = uleb(wasm, at)));
  else throw new Error(`unknown import kind ${kind}`);
  return at;
}

const renamed = new Map();
const parts = [wasm.subarray(0, 8)];
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = uleb(wasm, at + 1);
  const end = start + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let [count, pos] = uleb(wasm, start);
  const body = [leb(count)];
  for (let i = 0; i < count; i++) {
    let length;
    [length, pos] = uleb(wasm, pos);
    const module = wasm.subarray(pos, pos + length).toString();
    const moduleBytes = wasm.subarray(pos - leb(length).length, pos + length);
    pos += length;
    [length, pos] = uleb(wasm, pos);
    let field = wasm.subarray(pos, pos + length).toString();
    pos += length;
    const descEnd = skipDescription(pos);
    if (module === GLUE_MODULE) {
      if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
      field = renamed.get(field);
    }
    const fieldBytes = Buffer.from(field);
    body.push(moduleBytes, leb(fieldBytes.length), fieldBytes, wasm.subarray(pos, descEnd));
    pos = descEnd;
  }
  const section = Buffer.concat(body);
  parts.push(Buffer.from([2]), leb(section.length), section);
  at = end;
}

// In the glue, each import is one key of the object `import0` (8 spaces in, `name: function(`
// or `name: value,`), defined once and never named again.
for (const [long, short] of renamed) {
  const key = new RegExp(`^(        )${long.replace(/\$/g, "\\$")}(: )`, "m");
  const uses = glue.split(long).length - 1;
  if (uses !== 1 || !key.test(glue)) {
    console.error(`minify-imports: \`${long}\` is named ${uses} times in ${gluePath}, expected once as a key of import0`);
    process.exit(1);
  }
  glue = glue.replace(key, `$1${short}$2`);
}
writeFileSync(wasmPath, Buffer.concat(parts));
writeFileSync(gluePath, glue);
console.log(`minify-imports: ${renamed.size} imports of ${GLUE_MODULE} renamed`);
