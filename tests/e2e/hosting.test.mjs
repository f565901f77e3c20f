// How the widget's files reach a page of another site: pinned by Subresource Integrity (a
// changed file is refused, with one console.error and no widget), cached (a second page
// view fetches none of them again), and self-hosted on a CDN with the collector elsewhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ROOT, startDemo, startHost, startCdn, startCollector, embedCode, launchBrowser, watchedPage, HOSTS,
} from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

const manifest = () => JSON.parse(readFileSync(join(ROOT, "pkg", "manifest.json"), "utf8"));

/** The browser's own report of a refused subresource, e.g. "Failed to find a valid digest in the 'integrity' attribute …". */
const integrityReport = (e) => /integrity/i.test(e.text);

for (const asset of ["loader", "css", "glue", "wasm"]) {
  test(`a ${asset} changed after the build is refused by its integrity hash: no widget, one report, nothing thrown`, async (t) => {
    const demo = await startDemo();
    const { collector } = demo;
    const watched = await watchedPage(browser);
    const { context, page, consoleErrors } = watched;
    try {
      const path = asset === "loader" ? "/" + manifest().loader.pinned.split("/").pop() : "/" + manifest().assets[asset][0];
      const url = collector.url + path;
      // A compromised CDN or proxy: one byte more than the build wrote.
      await context.route(url, async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers["content-encoding"];
        delete headers["content-length"];
        await route.fulfill({ status: 200, headers, body: Buffer.concat([await response.body(), Buffer.from("\n")]) });
      });
      // The glue and wasm are fetched when the widget loads, at idle time after the launcher shows.
      const requested = page.waitForRequest(url);
      await page.goto(demo.url + "/");
      await requested;
      await page.waitForFunction(() => !document.querySelector("[data-touchpoint]"));
      await page.waitForTimeout(300); // real time for a late report, which must not come
      const ours = consoleErrors.filter((text) => text.startsWith("Touchpoint:"));
      if (asset === "loader") {
        assert.deepEqual(ours, [], "the loader never ran");
        assert.equal(await page.evaluate(() => "Touchpoint" in window), false);
      } else {
        assert.deepEqual(ours, [`Touchpoint: ${url} refused (SRI, CORS or network)`]);
      }
      assert.ok(consoleErrors.some((text) => /integrity/i.test(text) && text.includes(url)), `the browser says why: ${consoleErrors.join(" | ")}`);
      assert.equal(await page.locator("[data-touchpoint]").count(), 0, "no widget on the page");
      watched.finish(t.name, demo.kind, { expected: (e) => integrityReport(e) || e.text.startsWith("Touchpoint:") });
    } finally {
      await context.close();
      await demo.stop();
    }
  });
}

test("a second page view fetches none of the widget's files again: content-hashed, cached for a year", async (t) => {
  const demo = await startDemo();
  const watched = await watchedPage(browser);
  const { context, page } = watched;
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const fromNetwork = new Set();
    const fromMemory = new Set(); // request ids the memory cache answered
    cdp.on("Network.requestServedFromCache", ({ requestId }) => fromMemory.add(requestId));
    cdp.on("Network.responseReceived", ({ requestId, response }) => {
      const cached = fromMemory.has(requestId) || response.fromDiskCache || response.fromPrefetchCache;
      if (!cached) fromNetwork.add(response.url);
    });
    const open = async (path) => {
      fromNetwork.clear();
      await page.goto(demo.url + path);
      await page.locator("[data-touchpoint] .tp-launcher").click();
      await page.locator("[data-touchpoint] .tp-panel").waitFor();
    };
    const { loader, assets } = manifest();
    // An English page: no language catalogue (English is in the wasm).
    const fetched = ["css", "glue", "wasm"].map((key) => assets[key][0]);
    const files = [loader.pinned.split("/").pop(), ...fetched].map((f) => `${demo.collector.url}/${f}`);

    await open("/");
    assert.deepEqual(files.filter((f) => !fromNetwork.has(f)), [], "the first view fetches loader, stylesheet, glue and wasm");
    await open("/pricing/");
    assert.deepEqual(files.filter((f) => fromNetwork.has(f)), [], "the second view takes all of them from the cache");
    watched.finish(t.name, demo.kind);
  } finally {
    await context.close();
    await demo.stop();
  }
});

test("self-hosted: the files on a CDN, the configuration on the site, answers posted to the collector elsewhere", async (t) => {
  const out = mkdtempSync(join(tmpdir(), "touchpoint-cdn-"));
  const host = await startHost();
  const cdn = await startCdn(out, "/cdn/touchpoint/");
  const collector = await startCollector({ origins: [host.url] });
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  const { context, page } = watched;
  try {
    // What a web team does: write the files for the CDN's prefix, upload them, host its configuration.
    const code = embedCode(`${cdn.url}/cdn/touchpoint/`, { config: "/touchpoint.config.json", out });
    const config = JSON.parse(readFileSync(join(ROOT, "www", "touchpoint.config.json"), "utf8"));
    config.endpoint = `${collector.url}/v1/submissions`;
    for (const channel of config.channels) if (channel.live_status) channel.live_status = collector.url + channel.live_status;
    host.page("/touchpoint.config.json", JSON.stringify(config), "application/json");
    // The printed policy, with the collector added to connect-src for the endpoint, as the README says.
    host.embed({ ...code, policy: code.policy.replace(/connect-src ([^;]*)/, `connect-src $1 ${collector.url}`) });
    assert.deepEqual(code.csp["connect-src"], [cdn.url], "the configuration is on the page's own origin");

    const origins = new Set();
    page.on("request", (r) => origins.add(new URL(r.url()).origin + (r.url().includes("/v1/") ? " (api)" : "")));
    await page.clock.install({ time: Date.parse("2026-03-10T09:00:00Z") });
    await page.goto(host.url + "/");
    await page.locator("[data-touchpoint] .tp-launcher").click();
    await page.getByRole("radio", { name: "4 Satisfied" }).check();
    await page.getByLabel("What could we do better?").fill("Found it on my own, thanks");
    await page.getByRole("button", { name: "Send feedback" }).click();
    await page.getByRole("status").getByText("Thank you!").waitFor();
    const [row] = await collector.responsesWhen(1, { clock: page.clock });
    assert.deepEqual(row.answers.map((a) => a.value ?? a.text), [4, "Found it on my own, thanks"]);
    assert.deepEqual([...origins].sort(), [cdn.url, `${collector.url} (api)`, collector.url, host.url].sort(),
      "pages and configuration from the site, the widget from the CDN, live status and answers to the collector");
    watched.finish(t.name, HOSTS.cdn);
  } finally {
    await context.close();
    await collector.stop();
    await cdn.stop();
    await host.stop();
    rmSync(out, { recursive: true, force: true });
  }
});
