// The npm package for bundlers, as a web team installs it: `npm pack` of pkg/, installed
// from the tarball into an empty project (offline), `scoreText` imported and run in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./support.mjs";

const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

test("npm pack of pkg/ installs offline from the tarball and its scoreText scores a text in its language in Node", () => {
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-npm-"));
  try {
    const { name, version } = JSON.parse(readFileSync(join(ROOT, "pkg", "package.json"), "utf8"));
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir, join(ROOT, "pkg")], dir));
    const paths = packed.files.map((f) => f.path).sort();
    // Every language's lexicon, English's too: the wasm carries none of them.
    const others = readdirSync(join(ROOT, "sentiment", "data", "lexicons")).filter((f) => f.endsWith(".bin"));
    const lexicons = ["en.bin", ...others].map((f) => `lexicons/${f}`);
    assert.ok(lexicons.includes("lexicons/de.bin"), lexicons.join());
    assert.deepEqual(
      paths.filter((p) => !p.startsWith("snippets/")),
      ["global.d.ts", ...lexicons, "package.json", "touchpoint.d.ts", "touchpoint.js", "touchpoint_bg.wasm", "touchpoint_bg.wasm.d.ts"].sort(),
      "the module, its wasm, its lexicons and types (and window.Touchpoint's); not the files built for serving",
    );
    assert.ok(paths.some((p) => p.startsWith("snippets/") && p.endsWith(".js")), "with the snippets the module imports");

    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "a-site", private: true, type: "module" }));
    npm(["install", "--offline", "--ignore-scripts", join(dir, packed.filename)], dir);
    writeFileSync(join(dir, "score.mjs"), `
      import { readFileSync } from "node:fs";
      import { initSync, scoreText } from "${name}";
      initSync({ module: readFileSync(new URL(import.meta.resolve("${name}/touchpoint_bg.wasm"))) });
      console.log(JSON.stringify([
        scoreText("The staff were wonderful, thank you so much!"),
        scoreText("Das war ein sehr schlechter Service"),
        scoreText("Det här var en riktigt dålig service", { lang: "sv" }),
        scoreText("ok ok"),
        scoreText("Das war ein sehr schlechter Service", { lang: "en" }),
        scoreText("I was on hold for an hour and then they hung up."),
        scoreText("👍👍 :)"),
        // What a bundler resolves for loadLexicon outside Node: the exports map's ./lexicons/*.
        readFileSync(new URL(import.meta.resolve("${name}/lexicons/en.bin"))).length,
        scoreText("😀 Très bon accueil, mais 👎 service épouvantable 😡", { lang: "fr" }),
        (() => { try { return scoreText(42); } catch (e) { return e.message; } })(),
      ]));
    `);
    const [score, german, swedish, short, forced, onHold, emoji, enBytes, french, notText] = JSON.parse(execFileSync(process.execPath, ["score.mjs"], { cwd: dir, encoding: "utf8" }));
    assert.equal(score.label, "positive");
    assert.ok(score.compound > 0.5, `compound ${score.compound}`);
    assert.ok(score.terms.some((term) => term.text === "wonderful"), JSON.stringify(score.terms));
    assert.deepEqual([score.lang, score.status], ["en", "scored"]);
    // German, identified from the text and scored with the lexicon the package read from its own file.
    assert.deepEqual([german.lang, german.status, german.label], ["de", "scored", "negative"], JSON.stringify(german));
    assert.ok(german.compound < -0.3 && german.terms.some((t) => t.text === "schlechter"), JSON.stringify(german));
    assert.deepEqual(swedish, { lang: "sv", status: "unscored_language", compound: null, pos: null, neu: null, neg: null, label: null, terms: [] });
    assert.deepEqual([short.status, short.compound], ["low_confidence", null], JSON.stringify(short));
    assert.equal(forced.lang, "en", "a forced language is used as given");
    // English read from the package's own lexicons/en.bin: the numbers `touchpoint score` gives.
    assert.deepEqual([onHold.lang, onHold.status, onHold.compound], ["en", "scored", -0.6705], JSON.stringify(onHold));
    assert.deepEqual(onHold.terms, [{ text: "on hold", weight: -1.5 }, { text: "hung up", weight: -2 }]);
    assert.deepEqual([emoji.lang, emoji.status, emoji.compound], [null, "scored", 0.8225], JSON.stringify(emoji));
    assert.equal(enBytes, readFileSync(join(ROOT, "pkg", "lexicons", "en.bin")).length, "lexicons/* exported");
    // Terms are the caller's own text, sliced where they are, emoji (two UTF-16 units) and accents before them.
    assert.deepEqual(french.terms.map((t) => t.text), ["😀", "bon", "👎", "épouvantable", "😡"], JSON.stringify(french));
    assert.ok(french.terms.every((t) => typeof t.weight === "number" && t.weight !== 0), JSON.stringify(french));
    assert.equal(notText, "scoreText: the text must be a string");
    const installed = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
    assert.equal(installed.version, version);
    assert.equal(installed.types, "./touchpoint.d.ts");
    assert.deepEqual(installed.exports["./global"], { types: "./global.d.ts" }, "window.Touchpoint's types");
    assert.match(readFileSync(join(dir, "node_modules", name, "global.d.ts"), "utf8"), /interface Window \{\s+[^}]*Touchpoint\?: TouchpointApi/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("window.Touchpoint's types (touchpoint-widget/global) accept the API as README shows it and refuse misuse (tsc --strict)", () => {
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-types-"));
  try {
    writeFileSync(join(dir, "global.d.ts"), readFileSync(join(ROOT, "pkg", "global.d.ts")));
    writeFileSync(join(dir, "page.ts"), `
      /// <reference path="./global.d.ts" />
      const tp = window.Touchpoint;
      if (tp && "on" in tp) {
        tp.track("checkout-complete");
        tp.open();
        tp.open({ topic: "returns" });
        tp.close();
        const seen: Array<string | number | null> = [];
        tp.on("ready", (d) => seen.push(d.language));
        tp.on("touchpoint:open", (d) => seen.push(d.topic));
        const onSubmitted = (d: { id: string; score: number | null }) => seen.push(d.id, d.score);
        tp.on("submitted", onSubmitted);
        tp.off("submitted", onSubmitted);
        tp.on("contact", (d) => seen.push(d.channel, d.reply_by));
        // @ts-expect-error: no such event
        tp.on("opened", () => {});
        // @ts-expect-error: a submitted event carries no comment
        tp.on("submitted", (d) => seen.push(d.comment));
        // @ts-expect-error: open takes an options object
        tp.open("returns");
      } else {
        window.Touchpoint = { q: ["checkout-complete", ["open", { topic: "returns" }], ["on", "ready", () => {}]] };
      }
      export {};
    `);
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const args = ["--strict", "--noEmit", "--target", "es2020", "--lib", "es2020,dom", "--module", "esnext", "page.ts"];
    const out = execFileSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    assert.equal(out, "", "no type error, and every @ts-expect-error met one");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
