// The widget as other sites embed it: in the visitor's language (Norwegian, Arabic right to
// left), in the site's theme, unmoved by hostile host CSS, and driven through the JS API.
// Every host page is on another site (localhost) than the collector (127.0.0.1), with the
// tag `touchpoint embed` prints (pinned by SRI) under the strict policy it prints; the
// collector allows that origin's posts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCollector, startHost, embedCode, launchBrowser, watchedPage, axeViolations, waitUntil, HOSTS, ROOT } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

/** Tuesday 2026-03-10 10:00 in Oslo: every channel of the demo company is open. */
const TUESDAY_MORNING = Date.parse("2026-03-10T09:00:00Z");
const DEMO = JSON.parse(readFileSync(join(ROOT, "www", "touchpoint.config.json"), "utf8"));
const manifest = () => JSON.parse(readFileSync(join(ROOT, "pkg", "manifest.json"), "utf8"));

/**
 * A shop on another site embedding the widget from a fresh collector that allows its origin;
 * `config` replaces the demo's configuration (the collector serves a copy of www/ with it).
 * `shop.page(path, { html, head, body })` serves a page carrying the tag.
 */
async function startShop({ config } = {}) {
  let www;
  if (config) {
    www = mkdtempSync(join(tmpdir(), "touchpoint-www-"));
    cpSync(join(ROOT, "www"), www, { recursive: true });
    writeFileSync(join(www, "touchpoint.config.json"), JSON.stringify(config));
  }
  const host = await startHost();
  const collector = await startCollector({ origins: [host.url], www });
  const code = embedCode(collector.url + "/");
  host.embed(code);
  return {
    host,
    collector,
    url: host.url,
    /** Serves a page at `path`: `<html ${attributes}>`, `extra` in its head before the tag, `body`. */
    page(path, { attributes = "", extra = "", body = "<main><h1>Shop</h1></main>" } = {}) {
      host.page(path, `<!doctype html><html ${attributes}><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Shop</title>${extra}${code.tag}</head><body>${body}</body></html>`);
      return host.url + path;
    },
    async stop() {
      await collector.stop();
      await host.stop();
      if (www) rmSync(www, { recursive: true, force: true });
    },
  };
}

const widget = (p) => p.locator("[data-touchpoint]");

test("a visitor with locale nb-NO sees Norwegian, and a Norwegian comment is scored in Norwegian", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "nb-NO", timezoneId: "Europe/Oslo" });
  const { context, page: p } = watched;
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    // A page that does not say its language: the visitor's browser decides.
    await p.goto(shop.page("/nb/"));
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
    const [row] = await shop.collector.responsesWhen(1, { clock: p.clock });
    assert.equal(row.sentiment.lang, "nb", JSON.stringify(row.sentiment));
    assert.ok(row.sentiment.compound < -0.3 && row.sentiment.label === "negative", JSON.stringify(row.sentiment));
    assert.ok(Math.abs(row.score - (0.75 * 0.5 + 0.25 * row.sentiment.compound)) < 1e-4, "the rating, nudged by the comment");
    watched.finish(t.name, HOSTS.cross);
  } finally {
    await context.close();
    await shop.stop();
  }
});

/** Requests for the scorer's lexicons (`pkg/lexicons/<lang>.<hash>.bin`) made in `context`. */
function lexiconRequests(context) {
  const seen = [];
  context.on("request", (r) => {
    const m = /\/pkg\/lexicons\/([a-z]+)\.[0-9a-f]{10}\.bin$/.exec(new URL(r.url()).pathname);
    if (m) seen.push(m[1]);
  });
  return seen;
}

/** Opens the panel (unless `open` already) and sends CSAT 2 with `text`, typed key by key. */
async function comment(p, { launcher, csat, send, thanks }, text, { open = false } = {}) {
  if (!open) await widget(p).locator(".tp-launcher").filter({ hasText: launcher }).click();
  await p.getByLabel("What could we do better?").waitFor(); // the form is drawn last on a first opening
  // By keyboard: Space on the focused point (Swedish labels wrap, and a click at the input's
  // centre can land on its neighbour's label).
  await p.getByRole("radio", { name: csat, exact: true }).press(" ");
  assert.ok(await p.getByRole("radio", { name: csat, exact: true }).isChecked(), csat);
  await p.getByLabel("What could we do better?").pressSequentially(text);
  await p.getByRole("button", { name: send }).click();
  await p.getByRole("status").getByText(thanks).waitFor();
}
const GERMAN = { launcher: "Kontakt & Feedback", csat: "2 Unzufrieden", send: "Feedback senden", thanks: "Vielen Dank!" };

test("on a German page a German comment is scored in German once its lexicon arrives: fetched once, pinned, cached for a year", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Berlin" });
  const { context, page: p } = watched;
  const fetched = lexiconRequests(context);
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    await p.goto(shop.page("/de/", { attributes: `lang="de"` }));
    // Opening the panel fetches the German lexicon at idle, before the visitor has typed.
    const arrived = p.waitForResponse((r) => /\/pkg\/lexicons\/de\./.test(r.url()));
    await widget(p).locator(".tp-launcher").filter({ hasText: GERMAN.launcher }).click();
    const response = await arrived;
    assert.equal(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(response.headers()["access-control-allow-origin"], "*");
    await comment(p, GERMAN, "Das war ein sehr schlechter Service", { open: true });
    const [row] = await shop.collector.responsesWhen(1, { clock: p.clock });
    assert.equal(row.sentiment.lang, "de", JSON.stringify(row.sentiment));
    assert.ok(row.sentiment.compound < 0 && row.sentiment.label === "negative", JSON.stringify(row.sentiment));
    assert.deepEqual(fetched, ["de"], "one request for the German lexicon, however many keystrokes needed it");
    watched.finish(t.name, HOSTS.cross);
  } finally {
    await context.close();
    await shop.stop();
  }
});

test("a comment in a language the gate does not score (Swedish) is sent unscored, and no lexicon is fetched for it", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  const { context, page: p } = watched;
  const fetched = lexiconRequests(context);
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    await p.goto(shop.page("/sv/", { attributes: `lang="sv"` }));
    const swedish = { launcher: "Kontakt och feedback", csat: "2 Missnöjd", send: "Skicka feedback", thanks: "Tack!" };
    await comment(p, swedish, "Det här var en riktigt dålig service och ingen svarade");
    const [row] = await shop.collector.responsesWhen(1, { clock: p.clock });
    assert.deepEqual(row.sentiment, { unscored: "language", lang: "sv" }, "not scored as another language, not counted neutral");
    assert.equal(row.score, -0.5, "the touchpoint scores by its rating alone");
    assert.deepEqual(fetched, []);
    watched.finish(t.name, HOSTS.cross);
  } finally {
    await context.close();
    await shop.stop();
  }
});

test("a lexicon changed after the build is refused by its hash: the German comment goes unscored as lexicon_unavailable, nothing thrown", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Berlin" });
  const { context, page: p } = watched;
  const tampered = [];
  try {
    // A compromised CDN or proxy rewrites the German lexicon: one byte changed.
    await context.route(/\/pkg\/lexicons\/de\.[0-9a-f]{10}\.bin$/, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-encoding"];
      delete headers["content-length"];
      const body = Buffer.from(await response.body());
      body[body.length - 1] ^= 1;
      tampered.push(route.request().url());
      await route.fulfill({ status: 200, headers, body });
    });
    await p.clock.install({ time: TUESDAY_MORNING });
    await p.goto(shop.page("/de/", { attributes: `lang="de"` }));
    await comment(p, GERMAN, "Das war ein sehr schlechter Service");
    const [row] = await shop.collector.responsesWhen(1, { clock: p.clock });
    assert.deepEqual(row.sentiment, { unscored: "lexicon_unavailable", lang: "de" });
    assert.equal(row.score, -0.5, "the touchpoint scores by its rating alone");
    assert.ok(tampered.length >= 2, `asked again after the refusal (keystrokes, submit): ${tampered.length}`);
    watched.finish(t.name, HOSTS.cross, { expected: (e) => /integrity/i.test(e.text) });
  } finally {
    await context.close();
    await shop.stop();
  }
});

const ENGLISH = { launcher: "Contact & feedback", csat: "2 Dissatisfied", send: "Send feedback", thanks: "Thank you!" };
const ON_HOLD = "I was on hold for an hour and then they hung up.";

test("an English comment sent while its lexicon is still on its way waits for it and is scored in English: one lexicon/en fetch", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/London" });
  const { context, page: p } = watched;
  const fetched = lexiconRequests(context);
  let release;
  const held = new Promise((resolve) => (release = resolve));
  try {
    // The English lexicon (no longer in the wasm) is held on the network until the visitor has sent.
    let asked;
    const requested = new Promise((resolve) => (asked = resolve));
    await context.route(/\/pkg\/lexicons\/en\.[0-9a-f]{10}\.bin$/, async (route) => {
      asked();
      await held;
      await route.continue();
    });
    await p.clock.install({ time: TUESDAY_MORNING });
    await p.goto(shop.page("/en/", { attributes: `lang="en"` }));
    // Opening the panel asks for it at idle.
    await widget(p).locator(".tp-launcher").filter({ hasText: ENGLISH.launcher }).click();
    await requested;
    await p.getByLabel("What could we do better?").waitFor();
    await p.getByRole("radio", { name: ENGLISH.csat, exact: true }).press(" ");
    await p.getByLabel("What could we do better?").fill(ON_HOLD);
    const send = p.getByRole("button", { name: ENGLISH.send });
    await send.click();
    // Sending waits for the lexicon: nothing thanked, nothing posted yet.
    await p.getByRole("button", { name: "Sending…" }).waitFor();
    assert.equal(await p.getByRole("status").getByText(ENGLISH.thanks).count(), 0);
    release();
    await p.getByRole("status").getByText(ENGLISH.thanks).waitFor();
    const [row] = await shop.collector.responsesWhen(1, { clock: p.clock });
    // The numbers `touchpoint score` gives with English compiled in.
    assert.deepEqual(row.sentiment, { compound: -0.6705, label: "negative", lang: "en" });
    assert.deepEqual(fetched, ["en"], "one request for the English lexicon, however many steps needed it");
    watched.finish(t.name, HOSTS.cross);
  } finally {
    release();
    await context.close();
    await shop.stop();
  }
});

test("an English lexicon that cannot be fetched leaves the comment unscored as lexicon_unavailable; typing asks again after a back-off, sending at once", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/London" });
  const { context, page: p } = watched;
  const fetched = lexiconRequests(context);
  try {
    const aborted = [];
    await context.route(/\/pkg\/lexicons\/en\.[0-9a-f]{10}\.bin$/, (route) => {
      aborted.push(route.request().url());
      return route.abort("connectionfailed");
    });
    await p.clock.install({ time: TUESDAY_MORNING });
    await p.goto(shop.page("/en/", { attributes: `lang="en"` }));
    await widget(p).locator(".tp-launcher").filter({ hasText: ENGLISH.launcher }).click();
    // The panel's own request fails...
    await waitUntil("the panel's request for the English lexicon", () => aborted.length, (n) => n >= 1);
    // ...and the visitor's typing asks again.
    await comment(p, ENGLISH, ON_HOLD, { open: true });
    const [row] = await shop.collector.responsesWhen(1, { clock: p.clock });
    assert.deepEqual(row.sentiment, { unscored: "lexicon_unavailable", lang: "en" });
    assert.equal(row.score, -0.5, "the touchpoint scores by its rating alone");
    assert.ok(aborted.length >= 2, `asked again after the failure (at send): ${aborted.length}`);
    // Not once per keystroke (48 of them): typing asks only after a back-off of 1 s, 2 s, 4 s …
    // so the panel, at most three while typing (under 15 s), and the send.
    assert.ok(aborted.length <= 5, `backed off while typing: ${aborted.length} requests`);
    assert.ok(fetched.every((lang) => lang === "en"), fetched.join());
    watched.finish(t.name, HOSTS.cross, { expected: (e) => /\/pkg\/lexicons\/en\./.test(e.url) && /ERR_CONNECTION_FAILED/.test(e.text) });
  } finally {
    await context.close();
    await shop.stop();
  }
});

test("a language catalogue changed after the build is refused by its hash: the widget speaks English, one report", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "nb-NO", timezoneId: "Europe/Oslo" });
  const { context, page: p, consoleErrors } = watched;
  try {
    // A compromised CDN or proxy rewrites the Norwegian catalogue.
    const index = JSON.parse(readFileSync(join(ROOT, "pkg", manifest().assets.i18n[0].replace(/^pkg\//, "")), "utf8"));
    const url = shop.collector.url + "/" + index.nb[0];
    await context.route(url, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-encoding"];
      delete headers["content-length"];
      const catalogue = JSON.parse(await response.text());
      await route.fulfill({ status: 200, headers, body: JSON.stringify({ ...catalogue, launcher: "Ring 820 00 000 for hjelp" }) });
    });
    await p.goto(shop.page("/nb/"));
    await widget(p).locator(".tp-launcher").filter({ hasText: "Contact & feedback" }).waitFor();
    await widget(p).locator(".tp").waitFor();
    assert.equal(await widget(p).locator(".tp").getAttribute("lang"), "en");
    const ours = consoleErrors.filter((text) => text.startsWith("Touchpoint:"));
    assert.deepEqual(ours, [`Touchpoint: ${url} refused (SRI, CORS or network): English instead`]);
    assert.ok(consoleErrors.some((text) => /integrity/i.test(text) && text.includes(url)), `the browser says why: ${consoleErrors.join(" | ")}`);
    watched.finish(t.name, HOSTS.cross, { expected: (e) => /integrity/i.test(e.text) || e.text.startsWith(`Touchpoint: ${url} refused`) });
  } finally {
    await context.close();
    await shop.stop();
  }
});

test("an Arabic page gets the widget right to left: launcher mirrored, scales in reading order, arrow keys as APG says, axe clean", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  const { context, page: p } = watched;
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    await p.goto(shop.page("/ar/", { attributes: `lang="ar" dir="rtl"` }));
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
    watched.finish(t.name, HOSTS.cross);
  } finally {
    await context.close();
    await shop.stop();
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

test("the theme applies before the wasm arrives and after: accent, text on it at AA, corner, radius, label", async (t) => {
  const config = { ...DEMO, languages: ["en", "nb"], language: "nb",
    theme: { accent: "#0b6e4f", position: "bottom_left", radius: 4, launcher_icon: "help", color_scheme: "dark",
      launcher_label: { en: "Talk to us", nb: "Snakk med oss" } } };
  // Every text of a two-language site must exist in both: the demo's plain strings serve both.
  const shop = await startShop({ config });
  const watched = await watchedPage(browser, { locale: "en-GB" });
  const { context, page: p } = watched;
  try {
    // Hold the wasm back: first the loader's placeholder must already wear the theme.
    let release;
    const held = new Promise((r) => (release = r));
    await context.route(`${shop.collector.url}/${manifest().assets.wasm[0]}`, async (r) => { await held; await r.continue(); });
    await p.goto(shop.page("/themed/", { attributes: `lang="en"` }));
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
    // A site may override any custom property on the host element, from its own stylesheet.
    shop.host.page("/override.css", "[data-touchpoint] { --tp-accent: #7c2d12; }", "text/css");
    await p.evaluate(() => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = "/override.css";
      document.head.append(link);
    });
    await waitUntil("the site's accent", () => looks(p), (l) => l.background === "rgb(124, 45, 18)");
    watched.finish(t.name, HOSTS.cross);
  } finally {
    await context.close();
    await shop.stop();
  }
});

test("hostile host CSS (all:unset!important, Bootstrap, Pico) changes neither the widget's font nor its position or size", async (t) => {
  const css = {
    plain: "",
    unset: "* { all: unset !important; } html, body { display: block !important; }",
    bootstrap: readFileSync(join(ROOT, "node_modules", "bootstrap", "dist", "css", "bootstrap.min.css"), "utf8"),
    pico: readFileSync(join(ROOT, "node_modules", "@picocss", "pico", "css", "pico.min.css"), "utf8"),
  };
  const shop = await startShop();
  const seen = {};
  try {
    for (const [name, sheet] of Object.entries(css)) {
      const watched = await watchedPage(browser, { locale: "en-GB", viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
      const { context, page: p } = watched;
      try {
        shop.host.page(`/${name}.css`, sheet, "text/css");
        await p.goto(shop.page(`/hostile-${name}/`, { attributes: `lang="en"`, extra: `<link rel="stylesheet" href="/${name}.css">`,
          body: "<main><h1>Shop</h1><p>Text</p></main>" }));
        await widget(p).locator(".tp").waitFor();
        await widget(p).locator(".tp-launcher").click();
        await widget(p).locator(".tp-panel .tp-channel").first().waitFor();
        const measure = (sel) => widget(p).locator(sel).first().evaluate((el) => {
          const s = getComputedStyle(el), r = el.getBoundingClientRect();
          return { font: `${s.fontFamily} ${s.fontSize} ${s.fontWeight} ${s.lineHeight}`, box: [r.x, r.y, r.width, r.height].map(Math.round) };
        });
        seen[name] = { launcher: await measure(".tp-launcher"), panel: await measure(".tp-panel"), title: await measure(".tp-title") };
        watched.finish(`${t.name}: ${name}`, HOSTS.cross);
      } finally {
        await context.close();
      }
    }
  } finally {
    await shop.stop();
  }
  for (const name of ["unset", "bootstrap", "pico"]) {
    assert.deepEqual(seen[name], seen.plain, `${name} moved or restyled the widget: ${JSON.stringify(seen[name])} vs ${JSON.stringify(seen.plain)}`);
  }
});

test("the JS API from a host page on another origin: calls before the wasm are queued, events reach on() handlers, a throwing handler is reported once", async (t) => {
  const shop = await startShop();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  const { context, page: p, consoleErrors } = watched;
  try {
    await p.clock.install({ time: TUESDAY_MORNING });
    // The page's own script, before the tag (no inline script under the strict policy): it
    // queues calls on a stub, as README shows, which the loader replays in order.
    shop.host.page("/stub.js", `
      window.seen = [];
      const q = [["open", { topic: "returns" }]];
      for (const name of ["ready", "open", "close", "submitted", "touchpoint:contact"]) q.push(["on", name, (d) => seen.push([name, d])]);
      q.push(["on", "open", () => { throw new Error("analytics broke"); }]);
      const gone = (d) => seen.push(["gone", d]);
      q.push(["on", "close", gone], ["off", "close", gone], 42, ["no such method"]);
      window.Touchpoint = { q };`, "text/javascript");
    await p.goto(shop.page("/", { attributes: `lang="en"`, extra: `<script src="/stub.js"></script>` }));
    await p.waitForFunction(() => window.Touchpoint && window.Touchpoint.on);
    await p.evaluate(() => window.Touchpoint.track(42)); // ignored, never thrown
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
    assert.deepEqual(seen[0][1], { language: "en" });
    assert.deepEqual(seen[1][1], { topic: "returns" });
    const submitted = seen[4][1];
    assert.deepEqual(Object.keys(submitted).sort(), ["id", "journey", "score", "stage", "touchpoint"], "scores, never the comment");
    assert.equal(submitted.touchpoint, "help-panel");
    assert.equal(submitted.stage, "get_help");
    assert.ok(submitted.score > 0.5);
    const rows = await waitUntil("the submission stored", () => shop.collector.responses(), (r) => r.some((x) => x.id === submitted.id),
      { clock: p.clock });
    assert.ok(rows.some((x) => x.id === submitted.id), "the event names the submission the collector stored");
    const ours = consoleErrors.filter((e) => e.startsWith("Touchpoint:"));
    assert.deepEqual(ours, ["Touchpoint: a touchpoint:open handler threw: analytics broke"], "the throwing handler reported once");
    watched.finish(t.name, HOSTS.cross, { expected: (e) => e.text.startsWith("Touchpoint: a touchpoint:open handler threw") });
  } finally {
    await context.close();
    await shop.stop();
  }
});
