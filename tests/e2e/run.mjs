// Runs the end-to-end suites (node --test, one file at a time) and then prints the
// cross-origin matrix: each flow with how its host page was served, and what its page
// owner would have seen go wrong (uncaught errors, console errors such as CORS refusals,
// Content-Security-Policy violations, axe-core findings where the flow ran axe).
// Exit code: the test run's. Arguments: test files (default: every *.test.mjs here).
//   node tests/e2e/run.mjs [tests/e2e/feedback.test.mjs …]
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "touchpoint-matrix-"));
const matrix = join(dir, "matrix.jsonl");
const files = process.argv.slice(2);

const code = await new Promise((resolve) => {
  const run = spawn(process.execPath, ["--test", "--test-concurrency=1", ...(files.length ? files : [here])], {
    stdio: "inherit",
    env: { ...process.env, TOUCHPOINT_E2E_MATRIX: matrix },
  });
  run.on("exit", (status) => resolve(status ?? 1));
});

const rows = existsSync(matrix)
  ? readFileSync(matrix, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line))
  : [];
rmSync(dir, { recursive: true, force: true });
if (rows.length) {
  const hosts = [...new Set(rows.map((r) => r.host))];
  console.log(`\nCross-origin matrix: ${rows.length} flows; hosts: ${hosts.map((h) => `${h} (${rows.filter((r) => r.host === h).length})`).join(", ")}`);
  const widths = [60, 38, 7, 8, 5, 5];
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" ");
  console.log(line(["flow", "host page", "thrown", "console", "CSP", "axe"]));
  for (const r of rows) {
    console.log(line([r.flow.slice(0, widths[0]), r.host, r.pageErrors, r.consoleErrors, r.csp, r.axe ?? "-"]));
  }
  const bad = rows.filter((r) => r.pageErrors || r.consoleErrors || r.csp || r.axe);
  console.log(bad.length ? `${bad.length} flow(s) with errors, violations or axe findings` : "every flow clean: nothing thrown, no console error, no CSP violation, axe clean where run");
}
process.exit(code);
