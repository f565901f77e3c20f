// The release gate's peer: npm multilang-sentiment's figures (3-class macro-F1 and
// accuracy, its own category as the prediction) on every non-English development
// set in ../shared/data/sentiment-ml and evaluation set in sentiment/data/eval.
// Writes sentiment/data/eval/peers.tsv, which sentiment/tests/sentiment_gate.rs
// reads; prints the same figures.
//
// node bench/sentiment/peers.mjs   (after `npm ci` in bench/sentiment)

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const multilang = require('multilang-sentiment');
const version = require('multilang-sentiment/package.json').version;

const dev = join(here, '../../../shared/data/sentiment-ml');
const evalDir = join(here, '../../sentiment/data/eval');
// Touchpoint's code → multilang-sentiment's.
const sets = [
  ['de', dev], ['fr', dev], ['es', dev], ['pt', dev], ['it', dev], ['ar', dev], ['nb', dev, 'no'],
  ['sv', evalDir], ['da', evalDir], ['nl', evalDir], ['fi', evalDir], ['pl', evalDir],
];

export function load(file) {
  return readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter(Boolean).map((line) => {
    const at = line.indexOf('\t');
    return { gold: Number(line.slice(0, at)), text: line.slice(at + 1) };
  });
}

export function figures(gold, predicted) {
  let f1 = 0;
  for (const c of [-1, 0, 1]) {
    const tp = gold.filter((g, i) => g === c && predicted[i] === c).length;
    const fp = predicted.filter((p, i) => p === c && gold[i] !== c).length;
    const fn = gold.filter((g, i) => g === c && predicted[i] !== c).length;
    f1 += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  const accuracy = gold.filter((g, i) => g === predicted[i]).length / gold.length;
  return { macroF1: f1 / 3, accuracy };
}

const category = { positive: 1, neutral: 0, negative: -1 };
const rows = [];
console.log(`multilang-sentiment ${version}: 3-class macro-F1 / accuracy per set`);
for (const [lang, dir, code = lang] of sets) {
  const file = join(dir, `${lang}.tsv`);
  if (!existsSync(file)) {
    console.log(`${lang}: ${file} missing, skipped`);
    continue;
  }
  const items = load(file);
  const predicted = items.map((it) => category[multilang(it.text, code).category] ?? 0);
  const { macroF1, accuracy } = figures(items.map((i) => i.gold), predicted);
  const kind = dir === dev ? 'dev' : 'eval';
  console.log(`  ${lang} (${kind}, ${items.length} texts): macro-F1 ${macroF1.toFixed(3)}, accuracy ${accuracy.toFixed(3)}`);
  rows.push([lang, kind, items.length, macroF1.toFixed(4), accuracy.toFixed(4)].join('\t'));
}
if (process.argv[2] !== '--print') {
  const header = `# multilang-sentiment ${version} on each set (bench/sentiment/peers.mjs)\nlang\tset\ttexts\tmacro_f1\taccuracy\n`;
  writeFileSync(join(evalDir, 'peers.tsv'), header + rows.join('\n') + '\n');
}
