// The published configuration as host pages use it: `data-config` pointing at
// /v1/sites/{site}/config through the real loader, widget and collector, a new version
// published from the CLI showing on the page's next load (the browser's own cache
// revalidating it), and the route read from a page on another origin under CORS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BINARY, ROOT, startCollector, launchBrowser, watchedPage } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

/** `touchpoint publish FILE --db DB`, as a CI job publishes a configuration kept in git. */
function publish(collector, config, note) {
  const file = join(collector.dir, "publish.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return execFileSync(BINARY, ["publish", file, "--db", collector.db, "--note", note], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

const demo = () => JSON.parse(readFileSync(join(ROOT, "www", "touchpoint.config.json"), "utf8"));

test("a host page using the remote configuration shows a newly published version on its next load", async () => {
  // A real file, not an intercepted route: Playwright turns the browser's cache off while it
  // intercepts, and this test is about what that cache does with the configuration.
  const www = mkdtempSync(join(tmpdir(), "touchpoint-www-"));
  cpSync(join(ROOT, "www"), www, { recursive: true });
  writeFileSync(
    join(www, "host.html"),
    `<!doctype html><html lang="en"><head><title>Host</title><link rel="icon" href="data:,">
      <script async src="/touchpoint.js" data-config="/v1/sites/northwind/config"></script></head>
      <body><main><h1>A host page</h1></main></body></html>`,
  );
  const collector = await startCollector({ www });
  const { context, page, pageErrors, consoleErrors } = await watchedPage(browser);
  try {
    publish(collector, demo(), "first");
    const chatLabel = async () => {
      await page.locator("[data-touchpoint] .tp-launcher").click();
      const label = page.locator("[data-channel=chat] .tp-channel-label");
      await label.waitFor();
      return label.textContent();
    };
    await page.goto(collector.url + "/host.html");
    assert.equal(await chatLabel(), "Live chat");

    const next = demo();
    next.channels[0].label = "Chat with Northwind";
    publish(collector, next, "friendlier label");
    // A new visit (a navigation, not a reload, which would revalidate everything anyway).
    await page.goto(collector.url + "/host.html");
    assert.equal(await chatLabel(), "Chat with Northwind", "the new version, not the cached one");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await context.close();
    await collector.stop();
    rmSync(www, { recursive: true, force: true });
  }
});

test("a page on another origin reads the published configuration and the schema, and nothing else", async () => {
  const collector = await startCollector();
  const host = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>Elsewhere</title><h1>Another site</h1>");
  });
  await new Promise((resolve) => host.listen(0, "127.0.0.1", resolve));
  const { context, page } = await watchedPage(browser);
  try {
    publish(collector, demo(), "first");
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    const read = (path) =>
      page.evaluate(async (url) => {
        try {
          const res = await fetch(url, { credentials: "omit" });
          return { status: res.status, etag: res.headers.get("etag"), body: await res.json() };
        } catch (e) {
          return { error: e.name };
        }
      }, collector.url + path);
    const config = await read("/v1/sites/northwind/config");
    assert.equal(config.status, 200);
    assert.equal(config.body.site, "northwind");
    assert.match(config.etag, /^"[A-Za-z0-9_-]{43}"$/, "the ETag is readable cross-origin");
    const schema = await read("/v1/schema");
    assert.equal(schema.body.title, "Touchpoint widget configuration");
    // The marketers' data is not for other origins: no CORS grant, so the browser hides it.
    assert.deepEqual(await read("/v1/responses?site=northwind"), { error: "TypeError" });
  } finally {
    await context.close();
    host.close();
    await collector.stop();
  }
});
