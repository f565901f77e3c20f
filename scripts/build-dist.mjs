// Turns pkg/ (wasm-bindgen's output) and the loader's source into what is served and
// what is packed, all inside pkg/:
//
//   pkg/root/touchpoint.js            the loader, served at <base>/touchpoint.js (short-lived,
//                                     revalidated: a site's tag picks up new builds)
//   pkg/root/touchpoint.<hash>.js     the same bytes under a content-hashed name, for a tag
//                                     pinned with integrity="sha384-…" (`touchpoint embed`)
//   pkg/i18n/<lang>.<hash>.json       each language's catalogue (www/i18n/, minified)
//   pkg/lexicons/<lang>.<hash>.bin    each language's sentiment lexicon (sentiment/data/lexicons/),
//                                     fetched by the widget on demand; also as lexicons/<lang>.bin
//                                     for the npm package
//   pkg/i18n.<hash>.json              their index: language -> [name, SRI hash] (lexicons as
//                                     `lexicon/<lang>`), pinned in the loader like the files above
//   pkg/touchpoint.<hash>.css         the stylesheet (minified)
//   pkg/touchpoint.<hash>.js          the glue with its snippets in one module (minified)
//   pkg/touchpoint_bg.<hash>.wasm     the wasm
//   *.br, *.gz                        precompressed copies of the above, which the collector
//                                     serves to browsers that accept them
//   pkg/root/touchpoint.d.ts          the types of window.Touchpoint (www/touchpoint.d.ts),
//                                     also in the npm package as global.d.ts
//   pkg/manifest.json                 the names and SRI hashes, for `touchpoint embed`
//   pkg/package.json                  the npm package: the readable glue, wasm and types
//
// Content-hashed files never change under their name, so they are cached for a year;
// the loader carries the SRI hash of each and the browser refuses anything else.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { buildSync, transformSync } from "esbuild";

const PKG = "pkg";
const LOADER = "www/touchpoint.js";
const STYLESHEET = "www/touchpoint.css";
const CATALOGUES = "www/i18n";
const TYPES = "www/touchpoint.d.ts";
const LEXICONS = "sentiment/data/lexicons";
const ENGLISH_LEXICON = "sentiment/data/sentiment/lexicon.bin";

/** First 10 hex digits of the SHA-256: the name of a content-hashed file. */
const tag = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 10);
/** The Subresource Integrity value of `bytes`: the loader's, in the tag `touchpoint embed` prints. */
const integrity = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");
/**
 * The SRI value of a file the loader fetches: SHA-256, which pins as surely (SRI takes both)
 * and is 16 bytes of incompressible digest shorter than SHA-384 per file, on every page of
 * every site (75 B brotli of the loader's 2,560 B budget for its four).
 */
const pin = (bytes) => "sha256-" + createHash("sha256").update(bytes).digest("base64");

/** Compressed copies are kept in target/ by content: brotli -q 11 of the wasm takes seconds. */
const COMPRESSED = "target/dist-cache";
const compressors = {
  br: (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gz: (bytes) => gzipSync(bytes, { level: 9 }),
};

/** Writes `bytes` to `path`, and beside it `path.br` and `path.gz`. */
function write(path, bytes) {
  writeFileSync(path, bytes);
  mkdirSync(COMPRESSED, { recursive: true });
  const sha = createHash("sha256").update(bytes).digest("hex");
  for (const [ext, compress] of Object.entries(compressors)) {
    const kept = `${COMPRESSED}/${sha}.${ext}`;
    if (existsSync(kept)) utimesSync(kept, new Date(), new Date());
    else writeFileSync(kept, compress(bytes));
    copyFileSync(kept, `${path}.${ext}`);
  }
}

/** Keeps the 160 most recently used compressed copies (a few builds' worth: some 40 files each). */
function pruneCompressed() {
  const files = readdirSync(COMPRESSED).map((name) => [`${COMPRESSED}/${name}`, statSync(`${COMPRESSED}/${name}`).mtimeMs]);
  files.sort((a, b) => b[1] - a[1]).slice(160).forEach(([path]) => rmSync(path));
}

/** Writes `bytes` as `<stem>.<hash><ext>` in pkg/; returns [name relative to pkg/, its pin]. */
function hashed(stem, ext, bytes) {
  const name = `${stem}.${tag(bytes)}${ext}`;
  write(`${PKG}/${name}`, bytes);
  return [name, pin(bytes)];
}

// wasm-bindgen's import object names the snippet module twice (the same module): not a bug here.
const minified = { minify: true, legalComments: "none", logOverride: { "duplicate-object-key": "silent" } };

// The glue and the snippet modules it imports, as one module: one request, one hash to pin
// (a module's own imports cannot carry integrity).
const glue = buildSync({ entryPoints: [`${PKG}/touchpoint.js`], bundle: true, format: "esm", write: false, ...minified })
  .outputFiles[0].contents;
const css = transformSync(readFileSync(STYLESHEET, "utf8"), { loader: "css", ...minified }).code;

// The language catalogues (English is compiled into the wasm): each content-hashed and
// pinned in an index, itself content-hashed and pinned in the loader, so SRI covers them
// without the loader carrying fourteen hashes.
rmSync(`${PKG}/i18n`, { recursive: true, force: true });
mkdirSync(`${PKG}/i18n`);
const catalogues = {};
for (const file of readdirSync(CATALOGUES).filter((f) => f.endsWith(".json") && f !== "en.json").sort()) {
  const lang = file.slice(0, -".json".length);
  const json = JSON.stringify(JSON.parse(readFileSync(`${CATALOGUES}/${file}`, "utf8")));
  catalogues[lang] = hashed(`i18n/${lang}`, ".json", Buffer.from(json));
}
// The sentiment scorer's lexicons, English's included (the wasm carries only the emoji and
// emoticons; each language's words load on demand, src/browser/lexicons.rs): content-hashed
// and pinned in the same index as `lexicon/<lang>`. The npm package reads them from
// `lexicons/<lang>.bin` (readLexicon in src/js/snippets.js).
rmSync(`${PKG}/lexicons`, { recursive: true, force: true });
mkdirSync(`${PKG}/lexicons`);
const lexicons = readdirSync(LEXICONS).filter((f) => f.endsWith(".bin")).map((f) => [f.slice(0, -".bin".length), `${LEXICONS}/${f}`]);
for (const [lang, path] of [["en", ENGLISH_LEXICON], ...lexicons].sort()) {
  const bytes = readFileSync(path);
  catalogues[`lexicon/${lang}`] = hashed(`lexicons/${lang}`, ".bin", bytes);
  writeFileSync(`${PKG}/lexicons/${lang}.bin`, bytes);
}
const index = Object.fromEntries(Object.entries(catalogues).map(([lang, [name, sri]]) => [lang, [`pkg/${name}`, sri]]));

const assets = {
  css: hashed("touchpoint", ".css", Buffer.from(css)),
  glue: hashed("touchpoint", ".js", Buffer.from(glue)),
  wasm: hashed("touchpoint_bg", ".wasm", readFileSync(`${PKG}/touchpoint_bg.wasm`)),
  i18n: hashed("i18n", ".json", Buffer.from(JSON.stringify(index))),
};

// The loader, built against those: their names as seen from <base>/touchpoint.js.
const source = readFileSync(LOADER, "utf8");
const literal = /var ASSETS = \{[^\n]*\};/g;
if ((source.match(literal) ?? []).length !== 1) throw new Error(`${LOADER}: expected one \`var ASSETS = {…};\` line`);
const seen = Object.fromEntries(Object.entries(assets).map(([key, [name, sri]]) => [key, [`pkg/${name}`, sri]]));
const pinnedCatalogues = Object.fromEntries(
  Object.entries(index).map(([key, asset]) => [key.startsWith("lexicon/") ? key : `i18n/${key}`, asset]),
);
const loader = Buffer.from(transformSync(source.replace(literal, `var ASSETS = ${JSON.stringify(seen)};`), minified).code);

rmSync(`${PKG}/root`, { recursive: true, force: true });
mkdirSync(`${PKG}/root`);
const pinned = `touchpoint.${tag(loader)}.js`;
write(`${PKG}/root/touchpoint.js`, loader);
write(`${PKG}/root/${pinned}`, loader);
// The types of window.Touchpoint: beside the loader, and in the npm package as `./global`.
copyFileSync(TYPES, `${PKG}/root/touchpoint.d.ts`);
copyFileSync(TYPES, `${PKG}/global.d.ts`);

const version = readFileSync("Cargo.toml", "utf8").match(/\[package\]\nname = "touchpoint"\nversion = "([^"]+)"/)?.[1];
if (!version) throw new Error("Cargo.toml: no version for the touchpoint package");

writeFileSync(
  `${PKG}/manifest.json`,
  JSON.stringify({ version, loader: { stable: "root/touchpoint.js", pinned: `root/${pinned}`, integrity: integrity(loader) }, assets: { ...seen, ...pinnedCatalogues } }, null, 2) + "\n",
);

// For bundlers: the readable glue (which resolves its wasm with new URL(…, import.meta.url)),
// the wasm and the types; `scoreText` works without the widget.
writeFileSync(
  `${PKG}/package.json`,
  JSON.stringify(
    {
      name: "touchpoint-widget",
      version,
      description: "Touchpoint's widget as a module: scoreText (on-device sentiment) and the widget's wasm",
      license: "MIT OR Apache-2.0",
      type: "module",
      module: "./touchpoint.js",
      types: "./touchpoint.d.ts",
      exports: {
        ".": { types: "./touchpoint.d.ts", default: "./touchpoint.js" },
        "./touchpoint_bg.wasm": "./touchpoint_bg.wasm",
        "./global": { types: "./global.d.ts" },
        // The lexicons' bytes for `loadLexicon` outside Node (a bundler's asset import).
        "./lexicons/*": "./lexicons/*",
      },
      files: ["touchpoint.js", "touchpoint.d.ts", "touchpoint_bg.wasm", "touchpoint_bg.wasm.d.ts", "global.d.ts", "snippets/", "lexicons/??.bin"],
      sideEffects: ["./snippets/*"],
    },
    null,
    2,
  ) + "\n",
);
pruneCompressed();
console.log(`built pkg/root/touchpoint.js (pinned copy ${pinned}) against ${Object.values(assets).map(([n]) => n).join(", ")}`);
