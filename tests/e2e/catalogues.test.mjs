// The catalogues against English and the JavaScript engine the widget runs in: every key
// of en.json, the same placeholders, and for each message with plural forms exactly the
// categories Intl.PluralRules of that language uses (core's native test checks keys and
// placeholders too, but only an engine knows the plural rules). The loader's list of
// built-in languages matches the catalogues shipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support.mjs";

const DIR = join(ROOT, "www", "i18n");
const read = (code) => JSON.parse(readFileSync(join(DIR, `${code}.json`), "utf8"));
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = read("en");
const codes = readdirSync(DIR).map((f) => f.replace(/\.json$/, "")).sort();

test("the loader offers exactly the languages that have a catalogue", () => {
  const loader = readFileSync(join(ROOT, "www", "touchpoint.js"), "utf8");
  const builtIn = loader.match(/BUILT_IN = "([a-z ]+)"/)[1].split(" ");
  assert.equal(builtIn[0], "en", "English first: the fallback");
  assert.deepEqual([...builtIn].sort(), codes);
});

for (const code of codes.filter((c) => c !== "en")) {
  test(`${code}: every message, its placeholders and the plural forms Intl.PluralRules("${code}") uses`, () => {
    const catalogue = read(code);
    assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(english).sort(), "same keys as en.json");
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories.sort();
    for (const [key, en] of Object.entries(english)) {
      const value = catalogue[key];
      if (typeof en === "string") {
        assert.equal(typeof value, "string", `${key} is a text`);
        assert.deepEqual(placeholders(value), placeholders(en), `${key}: placeholders`);
        assert.ok(value.trim().length > 0, `${key}: not blank`);
        continue;
      }
      assert.deepEqual(Object.keys(value).sort(), categories, `${key}: the plural categories of ${code}`);
      for (const [category, form] of Object.entries(value)) {
        const wanted = placeholders(en.other).filter((p) => !(p === "n" && ["zero", "one", "two"].includes(category)));
        const found = placeholders(form);
        assert.ok(wanted.every((p) => found.includes(p)), `${key}.${category}: has ${wanted}`);
        assert.ok(found.every((p) => placeholders(en.other).includes(p)), `${key}.${category}: no unknown placeholder`);
      }
      // Each form reads with the count Intl gives that category.
      for (const n of [0, 1, 2, 3, 5, 11, 21, 100, 1000000]) {
        const form = value[new Intl.PluralRules(code).select(n)];
        assert.ok(form, `${key}: a form for ${n}`);
      }
    }
  });
}
