// Runs the wasm availability benchmark in Node and prints it in the native figure's words,
// checking that Intl and the native tz database computed the same answers.
//   node bench/availability/run.mjs <wasm-bindgen web glue> "<native benchmark line>"
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [glue, native = ""] = process.argv.slice(2);
// The `--target web` glue (ES module), instantiated synchronously from the file beside it.
const { initSync, benchAvailability } = await import(pathToFileURL(resolve(glue)).href);
initSync({ module: readFileSync(resolve(glue).replace(/\.js$/, "_bg.wasm")) });

// The same workload as core/examples/availability_bench.rs.
const CHANNELS = 50, INSTANTS = 10_000, ROUNDS = 5;
const YEAR_START = 1_735_689_600n; // 2025-01-01T00:00:00Z
const SEED = 0x5eed2025n;

const r = JSON.parse(benchAvailability(CHANNELS, INSTANTS, YEAR_START, SEED, ROUNDS));
if (r.failed > 0) throw new Error(`${r.failed} availabilities failed (a zone Intl does not know?)`);
console.log(
  `availability (wasm in Node ${process.versions.node}, Intl.DateTimeFormat, ICU ${process.versions.icu}, ` +
    `tz ${process.versions.tz}): ${CHANNELS} channels x ${INSTANTS} instants = ${r.computed} computations ` +
    `in ${r.best_ms.toFixed(1)} ms (best of ${ROUNDS}), ${((r.best_ms * 1e3) / r.computed).toFixed(2)} µs and ` +
    `${r.lookups_per_computation.toFixed(1)} offset look-ups each; ${r.open} open, ${r.with_reply_by} with reply-by, ` +
    `checksum ${r.checksum}`,
);
const nativeChecksum = native.match(/checksum (0x[0-9a-f]+)/)?.[1];
if (nativeChecksum) {
  const agree = nativeChecksum === r.checksum;
  console.log(agree ? "native and wasm agree on every instant (same checksum)" : `checksums differ: native ${nativeChecksum}, wasm ${r.checksum}`);
  if (!agree) process.exitCode = 1;
}
