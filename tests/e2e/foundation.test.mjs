// From a <script> tag on the demo page to a row in SQLite, through the real
// loader, wasm widget and collector. The pages are on another site than the collector,
// as web teams embed it (and once on the collector's own origin).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launchBrowser, watchedPage, axeViolations } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Tuesday 2026-03-10 10:00 in Oslo: every channel of the demo company is open. */
const TUESDAY_MORNING = Date.parse("2026-03-10T09:00:00Z");

for (const sameOrigin of [false, true]) {
const flow = "a visitor rates 4 with a comment and the row reads back from the collector";
test(`${flow}${sameOrigin ? " (on the collector's own origin)" : ""}`, async () => {
  const demo = await startDemo({ sameOrigin });
  const { collector } = demo;
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  const { context, page } = watched;
  try {
    // The directory depends on the hour: the visitor's clock starts there and runs on.
    await page.clock.install({ time: TUESDAY_MORNING });
    await page.goto(demo.url + "/");
    const launcher = page.locator("[data-touchpoint] .tp-launcher");
    await launcher.click();
    await page.locator("[data-touchpoint] .tp-panel").waitFor();

    // The chat's live status (www/status/chat.json: a one-minute wait) puts it first once it answers.
    await page.locator("[data-channel=chat] .tp-channel-promise", { hasText: "Typically replies in 1 min" }).waitFor();
    assert.deepEqual(await page.locator(".tp-channel-label").allTextContents(), [
      "Live chat", "Phone +47 22 33 44 55", "Repair workshop +47 22 33 44 66", "WhatsApp", "E-mail",
    ]);
    assert.deepEqual(await page.locator(".tp-channel-promise").allTextContents(), [
      "Typically replies in 1 min", "Typically replies in 2 mins", "Typically replies in 2 mins", // en-GB, by Intl
      "Typically replies in 1 hour", "Typically replies in 4 hours",
    ]);
    assert.deepEqual(await axeViolations(page), [], "axe-core finds no WCAG A/AA violation in the open panel");

    await page.getByRole("radio", { name: "4 Satisfied" }).check();
    await page.getByLabel("What could we do better?").fill("Quick answer on the phone, thanks!");
    await page.getByRole("button", { name: "Send feedback" }).click();
    await page.getByRole("status").getByText("Thank you!").waitFor();

    const rows = await collector.responsesWhen(1, { clock: page.clock });
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.match(row.id, UUID);
    assert.equal(row.v, 1);
    assert.equal(row.site, "northwind");
    assert.equal(row.touchpoint, "help-panel");
    assert.deepEqual(row.answers, [
      { kind: "csat", question: "csat", value: 4 },
      { kind: "text", question: "comment", text: "Quick answer on the phone, thanks!" },
    ]);
    assert.ok(row.created_at >= TUESDAY_MORNING && row.created_at < TUESDAY_MORNING + 60_000,
      "created_at is the visitor's clock, in ms");
    assert.ok(row.received_at > TUESDAY_MORNING, "received_at is the collector's clock");
    watched.finish(flow, demo.kind);
  } finally {
    await context.close();
    await demo.stop();
  }
});
}

test("the whole flow works from the keyboard alone, and Escape returns focus to the launcher", async (t) => {
  const demo = await startDemo();
  const { collector } = demo;
  const watched = await watchedPage(browser);
  const { context, page } = watched;
  try {
    await page.goto(demo.url + "/");
    await page.locator("[data-touchpoint] .tp-launcher").waitFor();
    await page.keyboard.press("Shift+Tab"); // the widget is the page's last stop
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute("data-touchpoint")), true);
    await page.keyboard.press("Enter");
    await page.locator(".tp-panel").waitFor();
    // Focus moves to the heading in the task after the panel is drawn (src/components/app.rs).
    await page.waitForFunction(() => document.activeElement.shadowRoot.activeElement?.id === "tp-title", null, { timeout: 5_000 });

    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate(() => document.activeElement.shadowRoot.activeElement?.getAttribute("name"));
      if (name === "tp-csat") break;
    }
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    assert.equal(await page.getByRole("radio", { name: "4 Satisfied" }).isChecked(), true);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Kind people");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("status").getByText("Thank you!").waitFor();
    assert.deepEqual((await collector.responsesWhen(1))[0].answers.map((a) => a.value ?? a.text), [4, "Kind people"]);

    await page.keyboard.press("Escape");
    await page.locator(".tp-panel").waitFor({ state: "detached" });
    const focused = await page.evaluate(() => document.activeElement.shadowRoot.activeElement?.className);
    assert.equal(focused, "tp-launcher");
    watched.finish(t.name, demo.kind);
  } finally {
    await context.close();
    await demo.stop();
  }
});

test("an invalid configuration shows no widget, names every bad field once, and throws nothing", async (t) => {
  const demo = await startDemo();
  const { host, collector } = demo;
  const watched = await watchedPage(browser);
  const { context, page, consoleErrors } = watched;
  try {
    // A page of a site whose marketer made mistakes in the configuration it hosts itself;
    // the loader and widget are the real ones, from the collector.
    host.page("/broken.html", `<!doctype html><html lang="en"><head><title>Broken</title><link rel="icon" href="data:,">
      <script async src="${collector.url}/touchpoint.js" data-config="/broken.config.json"></script></head>
      <body><main><h1>A page</h1></main></body></html>`);
    host.page("/broken.config.json", JSON.stringify({
      site: "northwind",
      endpoint: `${collector.url}/v1/submissions`,
      channels: [{ id: "mail", kind: "email", label: "E-mail", href: "help@northwind.example" }],
      feedback: { id: "f", questions: [{ id: "csat", kind: "stars", prompt: "Rate us" }] },
    }), "application/json");
    const reported = page.waitForEvent("console", { predicate: (m) => m.type() === "error", timeout: 15_000 });
    await page.goto(host.url + "/broken.html");
    await reported;
    await page.waitForTimeout(500); // real time for a second report, which must not come
    assert.equal(await page.locator("[data-touchpoint]").count(), 0, "no widget on the page");
    assert.equal(consoleErrors.length, 1, `exactly one console error: ${consoleErrors.join(" | ")}`);
    assert.match(consoleErrors[0], /^Touchpoint: invalid configuration, 2 problems:/);
    assert.match(consoleErrors[0], /channels\[0\]\.href: must be a mailto: link/);
    assert.match(consoleErrors[0], /feedback\.questions\[0\]\.kind: `stars` is not one of csat, nps, ces, thumbs, emoji, single_choice, multiple_choice, text, reply/);
    watched.finish(t.name, demo.kind, { expected: (e) => e.text.startsWith("Touchpoint: invalid configuration") });
  } finally {
    await context.close();
    await demo.stop();
  }
});
