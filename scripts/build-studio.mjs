// Turns wasm-bindgen's output for Studio (RAW: studio.js, studio_bg.wasm) and
// studio/static/ into what the collector serves at /studio/ (OUT):
//
//   index.html                 the app's page (revalidated on every visit), naming:
//   studio.<hash>.js           the glue, minified, starting the app when imported
//   studio_bg.<hash>.wasm      the app (preloaded by the page, so it downloads beside the glue)
//   studio.<hash>.css          the stylesheet (light and dark)
//   preview.html               the live preview's frame (same origin), naming:
//   preview.<hash>.js          the script that prepares the frame's clock, zone and
//                              languages before the real widget from /pkg/ loads
//   *.br, *.gz                 precompressed copies of the hashed files
//
//   node scripts/build-studio.mjs RAW OUT
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { buildSync, transformSync } from "esbuild";

const [raw, out] = process.argv.slice(2);
if (!raw || !out) throw new Error("usage: node scripts/build-studio.mjs RAW OUT");
const STATIC = "studio/static";
mkdirSync(out, { recursive: true });

const tag = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 10);
const minified = { minify: true, legalComments: "none" };

/** Writes `bytes` as `<stem>.<hash><ext>` with .br and .gz beside it; returns the name. */
function hashed(stem, ext, bytes) {
  const name = `${stem}.${tag(bytes)}${ext}`;
  writeFileSync(`${out}/${name}`, bytes);
  writeFileSync(`${out}/${name}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${out}/${name}.gz`, gzipSync(bytes, { level: 9 }));
  return name;
}

const wasm = hashed("studio_bg", ".wasm", readFileSync(`${raw}/studio_bg.wasm`));
// The glue finds its wasm next to itself (new URL(…, import.meta.url)): give it the hashed
// name, and start the app when the module is imported.
const glueSource = readFileSync(`${raw}/studio.js`, "utf8");
if (!glueSource.includes("'studio_bg.wasm'")) throw new Error("studio.js: no 'studio_bg.wasm' to rename");
writeFileSync(`${raw}/studio.js`, glueSource.replace("'studio_bg.wasm'", JSON.stringify(wasm)));
writeFileSync(`${raw}/boot.js`, 'import init from "./studio.js";\ninit();\n');
const glue = buildSync({ entryPoints: [`${raw}/boot.js`], bundle: true, format: "esm", write: false, ...minified })
  .outputFiles[0].contents;
const js = hashed("studio", ".js", Buffer.from(glue));
const css = hashed("studio", ".css", Buffer.from(transformSync(readFileSync(`${STATIC}/studio.css`, "utf8"), { loader: "css", ...minified }).code));
const preview = hashed("preview", ".js", Buffer.from(transformSync(readFileSync(`${STATIC}/preview.js`, "utf8"), minified).code));

const page = (file, names) =>
  Object.entries(names).reduce((html, [from, to]) => {
    if (!html.includes(from)) throw new Error(`${file}: does not name ${from}`);
    return html.replaceAll(from, to);
  }, readFileSync(`${STATIC}/${file}`, "utf8"));
writeFileSync(`${out}/index.html`, page("index.html", { "studio.js": js, "studio_bg.wasm": wasm, "studio.css": css }));
writeFileSync(`${out}/preview.html`, page("preview.html", { "preview.js": preview }));
console.log(`built pkg/studio/: ${[js, wasm, css, preview].join(", ")}`);
