// The npm package for bundlers, as a web team installs it: `npm pack` of pkg/, installed
// from the tarball into an empty project (offline), `scoreText` imported and run in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./support.mjs";

const npm = (args, cwd) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

test("npm pack of pkg/ installs offline from the tarball and its scoreText scores a text in Node", () => {
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-npm-"));
  try {
    const { name, version } = JSON.parse(readFileSync(join(ROOT, "pkg", "package.json"), "utf8"));
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir, join(ROOT, "pkg")], dir));
    const paths = packed.files.map((f) => f.path).sort();
    assert.deepEqual(
      paths.filter((p) => !p.startsWith("snippets/")),
      ["package.json", "touchpoint.d.ts", "touchpoint.js", "touchpoint_bg.wasm", "touchpoint_bg.wasm.d.ts"],
      "the module, its wasm and types; not the files built for serving",
    );
    assert.ok(paths.some((p) => p.startsWith("snippets/") && p.endsWith(".js")), "with the snippets the module imports");

    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "a-site", private: true, type: "module" }));
    npm(["install", "--offline", "--ignore-scripts", join(dir, packed.filename)], dir);
    writeFileSync(join(dir, "score.mjs"), `
      import { readFileSync } from "node:fs";
      import { initSync, scoreText } from "${name}";
      initSync({ module: readFileSync(new URL(import.meta.resolve("${name}/touchpoint_bg.wasm"))) });
      console.log(JSON.stringify(scoreText("The staff were wonderful, thank you so much!")));
    `);
    const score = JSON.parse(execFileSync(process.execPath, ["score.mjs"], { cwd: dir, encoding: "utf8" }));
    assert.equal(score.label, "positive");
    assert.ok(score.compound > 0.5, `compound ${score.compound}`);
    assert.ok(score.terms.some((term) => term.text === "wonderful"), JSON.stringify(score.terms));
    const installed = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
    assert.equal(installed.version, version);
    assert.equal(installed.types, "./touchpoint.d.ts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
