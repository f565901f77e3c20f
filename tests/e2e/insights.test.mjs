// Insights in Studio, through the real collector and SQLite: a site seeded with
// `touchpoint seed-demo`, an editor signed in. The headline numbers are the API's for the
// same range; a stage filter changes them to the API's filtered figures; a bar activated
// from the keyboard lists exactly the responses behind it; the CSV export linked from the
// page holds exactly the filtered responses; goals saved in Studio come back as goal lines;
// axe-core finds nothing in light or dark, with and without the drill-down open.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, ROOT, startCollector, launchBrowser, watchedPage } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

const PASSWORD = "correct horse battery";
const DAY = 86_400_000;

/** Console errors Studio provokes on purpose: "no session yet" (401) and "no draft yet" (404). */
const expected = ({ text, url }) => /status of (401|404)/.test(text) && /\/v1\/(session|sites\/[^/]+\/draft)/.test(url);

async function axe(page) {
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

/** What the dashboard asks for "Last 30 days": whole UTC days up to the end of today. */
function last30() {
  const today = Math.floor(Date.now() / DAY) * DAY;
  return `from=${new Date(today - 29 * DAY).toISOString()}&to=${new Date(today + DAY).toISOString()}`;
}

/** A same-origin GET from the signed-in page (the session's cookie), as JSON or text. */
const api = (page, path, as = "json") => page.evaluate(async ([p, a]) => (await fetch(p))[a](), [path, as]);
const number = (text) => Number(text.replace(/[^0-9.-]/g, ""));
/** `x` as the dashboard shows it (Intl, which rounds halves away from zero: -43.75 is -43.8), read back. */
const shown = (x, digits, style = "decimal") =>
  number(new Intl.NumberFormat("en-US", { style, maximumFractionDigits: digits }).format(x));

test("Insights: headline numbers, a filter, drill-down, export and goals match the API; axe clean light and dark", async () => {
  const collector = await startCollector();
  const db = ["--db", collector.db];
  execFileSync(BINARY, ["site", "add", "northwind", "--origin", "https://www.northwind.example", ...db], { stdio: "ignore" });
  execFileSync(BINARY, ["seed-demo", "--site", "northwind", "--count", "1500", ...db], { stdio: "ignore" });
  execFileSync(BINARY, ["user", "add", "ed@northwind.example", "--role", "editor", "--site", "northwind", ...db], {
    input: `${PASSWORD}\n`,
    stdio: ["pipe", "ignore", "ignore"],
  });
  const watched = await watchedPage(browser, { viewport: { width: 1400, height: 1000 }, locale: "en-US" });
  const { page } = watched;
  try {
    await page.goto(`${collector.url}/studio/`);
    await page.getByLabel("Email").fill("ed@northwind.example");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sites", exact: true }).waitFor();
    await page.goto(`${collector.url}/studio/#/sites/northwind/insights`);
    const responses = page.locator('[data-metric="responses"]');
    await responses.waitFor();

    // Headline numbers: the API's for the same range.
    const range = `site=northwind&${last30()}`;
    const all = await api(page, `/v1/insights?${range}`);
    assert.ok(all.responses > 50, `the seeded month has responses (${all.responses})`);
    assert.equal(number(await responses.textContent()), all.responses);
    assert.equal(number(await page.locator('[data-metric="nps_score"]').textContent()), shown(all.nps.score, 1));
    assert.equal(number(await page.locator('[data-metric="csat_satisfied_share"]').textContent()), shown(all.csat.satisfied_share, 1, "percent"));
    assert.deepEqual(await axe(page), [], "axe, light, dashboard");

    // A filter: stage = buy.
    const buy = await api(page, `/v1/insights?${range}&stage=buy`);
    await page.getByLabel("Stage").selectOption("buy");
    await page.waitForFunction((n) => document.querySelector('[data-metric="responses"]')?.textContent.replace(/\D/g, "") === String(n), buy.responses);
    assert.ok(buy.responses < all.responses);
    assert.equal(number(await page.locator('[data-metric="ces_mean"]').textContent()), shown(buy.ces.mean, 2));

    // The export linked from the page: exactly the filtered responses.
    const href = await page.getByRole("link", { name: "CSV (one row per answer)" }).getAttribute("href");
    const csv = await api(page, href, "text");
    const lines = csv.trim().split("\n");
    assert.match(lines[0], /^submission_id,received_at,/);
    const ids = new Set(lines.slice(1).map((l) => l.split(",")[0]));
    assert.equal(ids.size, buy.responses, "the CSV holds each filtered response");
    assert.ok(lines.slice(1).every((l) => l.includes(",checkout,buy,")), "and only those");

    // Drill-down from the keyboard: the effort question's bar for 7.
    await page.getByLabel("Stage").selectOption("");
    await page.waitForFunction((n) => document.querySelector('[data-metric="responses"]')?.textContent.replace(/\D/g, "") === String(n), all.responses);
    const bar = page.getByRole("figure", { name: /^effort/ }).getByRole("button", { name: /^7 / });
    await bar.focus();
    await page.keyboard.press("Enter");
    const behind = await api(page, `/v1/insights/responses?${range}&question=effort&value=7&limit=1`);
    await page.locator("#drill-total").filter({ hasText: `${behind.total} responses` }).waitFor();
    const rows = await page.locator("#drill tbody tr").count();
    assert.equal(rows, Math.min(25, behind.total));
    assert.ok((await page.locator("#drill tbody").textContent()).includes("effort: 7"));
    assert.deepEqual(await axe(page), [], "axe, light, drill-down open");

    // Goals: saved by the editor, shown as lines and on the cards.
    await page.getByLabel("CSAT (satisfied) (%)").fill("85");
    await page.getByLabel("Promises kept (%)").fill("95");
    await page.getByRole("button", { name: "Save goals" }).click();
    await page.getByText("Goals saved.").waitFor();
    const goals = await api(page, "/v1/sites/northwind/goals");
    assert.deepEqual(goals.goals, { csat_satisfied_share: 0.85, kept_share: 0.95 });
    await page.locator("line.goal").first().waitFor({ state: "attached" });
    assert.equal(await page.locator("line.goal").count(), 2);
    await page.getByText("Goal ≥ 85%", { exact: true }).waitFor();

    await page.emulateMedia({ colorScheme: "dark" });
    assert.deepEqual(await axe(page), [], "axe, dark, drill-down open");
    await page.getByRole("button", { name: "Close" }).click();
    assert.deepEqual(await axe(page), [], "axe, dark, dashboard");
    watched.finish("Studio insights", "collector", { expected });
  } finally {
    await watched.context.close();
    await collector.stop();
  }
});
