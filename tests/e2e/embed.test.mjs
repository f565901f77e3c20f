// The widget as other sites embed it: in the visitor's language (Norwegian, Arabic right to
// left), in the site's theme, unmoved by hostile host CSS, and driven through the JS API
// from a page on another origin. Host pages are served by route interception; everything
// the widget fetches and posts goes to the real collector (a page on another origin
// reaches it through a CDN in front of it that adds the CORS headers static assets carry).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCollector, launchBrowser, watchedPage, axeViolations, waitUntil, ROOT } from "./support.mjs";

const SHOP = "http://shop.test";
const CDN = "http://cdn.test";
let browser, collector;
before(async () => {
  // The collector accepts posts for northwind from the shop's origin (and its own).
  const sites = join(mkdtempSync(join(tmpdir(), "touchpoint-sites-")), "sites.json");
  writeFileSync(sites, JSON.stringify({ sites: { northwind: { origins: [SHOP] } } }));
  process.env.TOUCHPOINT_SITES = sites;
  [browser, collector] = await Promise.all([launchBrowser(), startCollector()]);
});
after(async () => {
  delete process.env.TOUCHPOINT_SITES;
  await browser?.close();
  await collector?.stop();
});

/** Tuesday 2026-03-10 10:00 in Oslo: every channel of the demo company is open. */
const TUESDAY_MORNING = Date.parse("2026-03-10T09:00:00Z");
const DEMO = JSON.parse(readFileSync(join(ROOT, "www", "touchpoint.config.json"), "utf8"));

function page(head, body = "<main><h1>Shop</h1></main>", tag = `<script async src="/touchpoint.js" data-config="/touchpoint.config.json"></script>`) {
  return `<!doctype html><html ${head}><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title>${tag}</head><body>${body}</body></html>`;
}

/** Serves `html` at `url` on the collector's origin, and `config` (if given) as its configuration. */
async function host(context, path, html, config) {
  await context.route(collector.url + path, (r) => r.fulfill({ contentType: "text/html", body: html }));
  if (config) {
    await context.route(collector.url + "/touchpoint.config.json", (r) =>
      r.fulfill({ contentType: "application/json", body: JSON.stringify(config) }));
  }
}

const widget = (p) => p.locator("[data-touchpoint]");

test("a visitor with locale nb-NO sees Norwegian, and a Norwegian comment is posted unscored", async () => {
  const { context, page: p, pageErrors, consoleErrors } = await watchedPage(browser, { locale: "nb-NO", timezoneId: "Europe/Oslo" });
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    // A page that does not say its language: the visitor's browser decides.
    await host(context, "/nb/", page(""));
    await p.goto(collector.url + "/nb/");
    const launcher = widget(p).locator(".tp-launcher");
    await launcher.filter({ hasText: "Kontakt og tilbakemelding" }).waitFor();
    await launcher.click();
    await p.getByRole("heading", { name: "Hvordan kan vi hjelpe?" }).waitFor();
    assert.equal(await widget(p).locator(".tp").getAttribute("lang"), "nb");
    await p.locator("[data-channel=chat] .tp-channel-promise", { hasText: "Svarer vanligvis innen 1 min" }).waitFor();
    assert.deepEqual(await p.locator("[data-channel=email] .tp-channel-promise").allTextContents(), ["Svarer vanligvis innen 4 timer"]);
    assert.deepEqual(await axeViolations(p), [], "axe-core: no WCAG A/AA violation in Norwegian");

    await p.getByRole("radio", { name: "4 Fornøyd" }).check();
    await p.getByLabel("What could we do better?").fill("Dette var veldig dårlig service");
    await p.getByRole("button", { name: "Send tilbakemelding" }).click();
    await p.getByRole("status").getByText("Takk!").waitFor();
    const [row] = await collector.responsesWhen(1, { clock: p.clock });
    assert.deepEqual(row.sentiment, { unscored: "language", lang: "nb" }, "not scored as English, not counted neutral");
    assert.equal(row.score, 0.5, "the touchpoint scores by its rating alone");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test("an Arabic page gets the widget right to left: launcher mirrored, scales in reading order, arrow keys as APG says, axe clean", async () => {
  const { context, page: p, pageErrors } = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    await host(context, "/ar/", page(`lang="ar" dir="rtl"`));
    await p.goto(collector.url + "/ar/");
    const launcher = widget(p).locator(".tp-launcher");
    await launcher.filter({ hasText: "تواصل معنا" }).waitFor();
    await widget(p).locator(".tp").waitFor();
    const box = await launcher.boundingBox();
    assert.ok(box.x < 200, `the launcher sits bottom left in a right-to-left language (x = ${box.x})`);
    await launcher.click();
    await p.getByRole("heading", { name: "كيف يمكننا مساعدتك؟" }).waitFor();
    assert.equal(await widget(p).locator(".tp").getAttribute("dir"), "rtl");
    // CSAT 1..5 in reading order: right to left.
    const xs = [];
    for (const v of [1, 2, 3, 4, 5]) xs.push((await widget(p).locator(`label[for=tp-csat-${v}]`).boundingBox()).x);
    assert.deepEqual([...xs].sort((a, b) => b - a), xs, `1 rightmost, 5 leftmost: ${xs}`);
    // Real keys: in RTL the Left arrow moves to the next point (visually left).
    await widget(p).locator("#tp-csat-1").check();
    await widget(p).locator("#tp-csat-1").focus();
    await p.keyboard.press("ArrowLeft");
    assert.equal(await widget(p).locator("input[name=tp-csat]:checked").getAttribute("value"), "2");
    await p.keyboard.press("ArrowRight");
    assert.equal(await widget(p).locator("input[name=tp-csat]:checked").getAttribute("value"), "1");
    assert.deepEqual(await axeViolations(p), [], "axe-core: no WCAG A/AA violation right to left");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

/** Parses `rgb(r, g, b)` and returns WCAG's contrast ratio of two such colours. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b2] = c.match(/\d+/g).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

const looks = (p) => widget(p).locator(".tp-launcher").evaluate((el) => {
  const s = getComputedStyle(el);
  return { background: s.backgroundColor, color: s.color, radius: getComputedStyle(el.closest(".tp-root") ?? el).getPropertyValue("--tp-radius").trim() };
});

test("the theme applies before the wasm arrives and after: accent, text on it at AA, corner, radius, label", async () => {
  const config = { ...DEMO, languages: ["en", "nb"], language: "nb",
    theme: { accent: "#0b6e4f", position: "bottom_left", radius: 4, launcher_icon: "help", color_scheme: "dark",
      launcher_label: { en: "Talk to us", nb: "Snakk med oss" } } };
  // Every text of a two-language site must exist in both: the demo's plain strings serve both.
  const { context, page: p, pageErrors, consoleErrors } = await watchedPage(browser, { locale: "en-GB" });
  try {
    await host(context, "/themed/", page(`lang="en"`), config);
    // Hold the wasm back: first the loader's placeholder must already wear the theme.
    let release;
    const held = new Promise((r) => (release = r));
    await context.route(collector.url + "/pkg/touchpoint_bg.wasm", async (r) => { await held; await r.continue(); });
    await p.goto(collector.url + "/themed/");
    const launcher = widget(p).locator(".tp-launcher");
    await launcher.filter({ hasText: "Snakk med oss" }).waitFor();
    const before = await looks(p);
    assert.equal(before.background, "rgb(11, 110, 79)");
    assert.equal(before.color, "rgb(255, 255, 255)", "white reaches 4.5:1 on this green");
    assert.ok(contrast(before.background, before.color) >= 4.5);
    assert.equal(before.radius, "4px");
    assert.ok((await launcher.boundingBox()).x < 100, "bottom left");
    assert.equal(await widget(p).getAttribute("data-scheme"), "dark");
    release();
    await widget(p).locator(".tp").waitFor();
    await widget(p).locator(".tp-launcher .tp-launcher-icon").waitFor();
    assert.deepEqual(await looks(p), before, "the widget's own launcher looks the same");
    await launcher.click();
    const panel = await widget(p).locator(".tp-panel").evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(panel, "rgb(17, 24, 39)", "dark surface");
    assert.deepEqual(await axeViolations(p), [], "axe-core: no WCAG A/AA violation in the dark theme");
    // A site may override any custom property on the host element.
    await p.addStyleTag({ content: "[data-touchpoint] { --tp-accent: #7c2d12; }" });
    assert.equal((await looks(p)).background, "rgb(124, 45, 18)");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
  }
});

test("hostile host CSS (all:unset!important, Bootstrap, Pico) changes neither the widget's font nor its position or size", async () => {
  const css = {
    plain: "",
    unset: "* { all: unset !important; } html, body { display: block !important; }",
    bootstrap: readFileSync(join(ROOT, "node_modules", "bootstrap", "dist", "css", "bootstrap.min.css"), "utf8"),
    pico: readFileSync(join(ROOT, "node_modules", "@picocss", "pico", "css", "pico.min.css"), "utf8"),
  };
  const seen = {};
  for (const [name, sheet] of Object.entries(css)) {
    const { context, page: p, pageErrors } = await watchedPage(browser, { locale: "en-GB", viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
    try {
      await context.route(collector.url + "/host.css", (r) => r.fulfill({ contentType: "text/css", body: sheet }));
      await host(context, `/hostile-${name}/`, page(`lang="en"`, "<main><h1>Shop</h1><p>Text</p></main>",
        `<link rel="stylesheet" href="/host.css"><script async src="/touchpoint.js" data-config="/touchpoint.config.json"></script>`));
      await p.goto(collector.url + `/hostile-${name}/`);
      await widget(p).locator(".tp").waitFor();
      const launcher = widget(p).locator(".tp-launcher");
      await launcher.click();
      await widget(p).locator(".tp-panel").waitFor();
      const measure = (sel) => widget(p).locator(sel).first().evaluate((el) => {
        const s = getComputedStyle(el), r = el.getBoundingClientRect();
        return { font: `${s.fontFamily} ${s.fontSize} ${s.fontWeight} ${s.lineHeight}`, box: [r.x, r.y, r.width, r.height].map(Math.round) };
      });
      seen[name] = { launcher: await measure(".tp-launcher"), panel: await measure(".tp-panel"), title: await measure(".tp-title") };
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  }
  for (const name of ["unset", "bootstrap", "pico"]) {
    assert.deepEqual(seen[name], seen.plain, `${name} moved or restyled the widget: ${JSON.stringify(seen[name])} vs ${JSON.stringify(seen.plain)}`);
  }
});

test("the JS API from a host page on another origin: calls before the wasm are queued, events reach on() handlers, a throwing handler is reported once", async () => {
  const { context, page: p, pageErrors, consoleErrors } = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    // The widget's files and its posts go through a CDN origin in front of the collector,
    // with CORS as public assets carry it (posts are checked against the site's allowed
    // origins by the collector itself); the shop's page is a third origin.
    await context.route(`${CDN}/**`, async (r) => {
      const url = new URL(r.request().url());
      const response = await r.fetch({ url: collector.url + url.pathname + url.search });
      await r.fulfill({ response, headers: { ...response.headers(), "access-control-allow-origin": "*" } });
    });
    const script = `
      window.seen = [];
      window.Touchpoint = { q: [["open", { topic: "returns" }]] };
      var tp = window.Touchpoint;`;
    await context.route(`${SHOP}/`, (r) => r.fulfill({ contentType: "text/html", body: page(`lang="en"`, "<main><h1>Shop</h1></main>",
      `<script>${script}</script><script async src="${CDN}/touchpoint.js" data-config="${CDN}/touchpoint.config.json"></script>`) }));
    await p.goto(`${SHOP}/`);
    await p.waitForFunction(() => window.Touchpoint && window.Touchpoint.on);
    await p.evaluate(() => {
      const T = window.Touchpoint;
      for (const name of ["ready", "open", "close", "submitted", "touchpoint:contact"]) T.on(name, (d) => window.seen.push([name, d]));
      T.on("open", () => { throw new Error("analytics broke"); });
      window.gone = (d) => window.seen.push(["gone", d]);
      T.on("close", window.gone);
      T.off("close", window.gone);
      T.track(42); // ignored, never thrown
    });
    // Queued before the wasm: the panel opens at the topic once it loads.
    await widget(p).locator(".tp-panel").waitFor();
    assert.equal(await widget(p).locator("#tp-topic").inputValue(), "returns");
    const names = () => p.evaluate(() => window.seen.map(([n]) => n));
    await waitUntil("ready and open events", names, (n) => n.includes("ready") && n.includes("open"));
    await p.evaluate(() => window.Touchpoint.close());
    await widget(p).locator(".tp-panel").waitFor({ state: "detached" });
    await p.evaluate(() => window.Touchpoint.open());
    await widget(p).getByRole("radio", { name: "5 Very satisfied" }).check();
    await widget(p).getByLabel("What could we do better?").fill("Lovely people, reach me at me@example.com");
    await widget(p).getByRole("button", { name: "Send feedback" }).click();
    await widget(p).getByRole("status").getByText("Thank you!").waitFor();
    const seen = await waitUntil("a submitted event", () => p.evaluate(() => window.seen), (s) => s.some(([n]) => n === "submitted"));
    assert.deepEqual(seen.map(([n]) => n), ["ready", "open", "close", "open", "submitted"]);
    assert.deepEqual(seen[1][1], { topic: "returns" });
    const submitted = seen[4][1];
    assert.deepEqual(Object.keys(submitted).sort(), ["id", "journey", "score", "stage", "touchpoint"], "scores, never the comment");
    assert.equal(submitted.touchpoint, "help-panel");
    assert.equal(submitted.stage, "get_help");
    assert.ok(submitted.score > 0.5);
    const rows = await waitUntil("the submission stored", () => collector.responses(), (r) => r.some((x) => x.id === submitted.id),
      { clock: p.clock });
    assert.ok(rows.some((x) => x.id === submitted.id), "the event names the submission the collector stored");
    assert.deepEqual(pageErrors, [], "nothing thrown into the page");
    assert.deepEqual(consoleErrors.filter((e) => e.includes("handler threw")).length, 1, "the throwing handler reported once");
    assert.ok(consoleErrors.every((e) => e.startsWith("Touchpoint: a touchpoint:open handler threw: analytics broke")), consoleErrors.join("\n"));
  } finally {
    await context.close();
  }
});
