// The channel directory through the real loader, widget and collector, with the browser's
// clock fixed by Playwright and the browser in another time zone than the company.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launchBrowser, watchedPage, axeViolations } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

/** Saturday 2026-03-14 10:00 in Oslo, the demo company's zone: 05:00 the same Saturday in New York. */
const SATURDAY_MORNING = Date.parse("2026-03-14T09:00:00Z");

/** The demo page (on another site than the collector) in New York at `at`, panel open, the chat's live status applied. */
async function openDirectory(at) {
  const demo = await startDemo();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "America/New_York" });
  const { page } = watched;
  await page.clock.setFixedTime(at);
  await page.goto(demo.url + "/");
  await page.locator("[data-touchpoint] .tp-launcher").click();
  await page.locator("[data-touchpoint] .tp-panel").waitFor();
  await page.locator("[data-channel=chat] .tp-channel-promise", { hasText: "Typically replies in 1 min" }).waitFor();
  return { demo, watched, ...watched };
}

/** Each listed channel as "id | status | promise", in display order. */
function rows(page) {
  return page.locator(".tp-channel").evaluateAll((items) =>
    items.map((li) =>
      [li.dataset.channel, li.querySelector(".tp-channel-status")?.textContent, li.querySelector(".tp-channel-promise")?.textContent]
        .map((t) => (t ?? "").replace(/\s+/g, " "))
        .join(" | ")));
}

test("on a Saturday in Oslo, a visitor in New York sees the phone closed until Monday on their own clock", async (t) => {
  const { demo, watched, context, page } = await openDirectory(SATURDAY_MORNING);
  try {
    assert.match(await page.evaluate(() => new Date().toString()), /^Sat Mar 14 2026 05:00:00 GMT-0400/,
      "the browser itself is in New York, in daylight time");
    assert.deepEqual(await rows(page), [
      "chat | Open now | Typically replies in 1 min",
      "workshop | Open now | Typically replies in 2 mins", // en-GB, as Intl writes it
      "whatsapp | Open now | Typically replies in 1 hour",
      // Monday 09:00 and 08:00 in Oslo; 04:00 and 03:00 in New York.
      "phone | Closed · opens Mon 04:00 | Expect a reply by Mon 04:02",
      "email | Closed · opens Mon 03:00 | Expect a reply by Mon 07:00",
    ]);
    assert.deepEqual(await page.locator(".tp-resource-label").allTextContents(),
      ["Help centre", "Returns FAQ", "Delivery status", "Trail community"]);

    await page.getByLabel("What do you need help with?").selectOption("billing");
    assert.deepEqual(await rows(page), [
      "whatsapp | Open now | Typically replies in 1 hour",
      "phone | Closed · opens Mon 04:00 | Expect a reply by Mon 04:02",
      "email | Closed · opens Mon 03:00 | Expect a reply by Mon 07:00",
    ]);
    assert.deepEqual(await page.locator(".tp-resource-label").allTextContents(), ["Help centre"]);

    assert.deepEqual(await axeViolations(page), [], "axe-core finds no WCAG A/AA violation in the directory");
    watched.finish(t.name, demo.kind);
  } finally {
    await context.close();
    await demo.stop();
  }
});

test("activating a channel records the promised reply-by and fires touchpoint:contact on the host", async (t) => {
  const { demo, watched, context, page } = await openDirectory(SATURDAY_MORNING);
  try {
    // What a site's analytics would do; and it keeps the test page here instead of dialling.
    await page.evaluate(() => {
      window.heard = [];
      document.querySelector("[data-touchpoint]").addEventListener("touchpoint:contact", (e) =>
        window.heard.push({ on: "host", detail: e.detail, composed: e.composed }));
      window.addEventListener("touchpoint:contact", () => window.heard.push({ on: "window" }));
      document.addEventListener("click", (e) => e.preventDefault());
    });
    await page.getByLabel("What do you need help with?").selectOption("billing");
    await page.locator("[data-channel=phone] a").click();

    const reply_by = "2026-03-16T08:02:00.000Z"; // Monday 09:02 in Oslo: two minutes of opening hours
    assert.deepEqual(await page.evaluate(() => window.heard), [
      { on: "host", detail: { channel: "phone", topic: "billing", reply_by }, composed: true },
      { on: "window" },
    ]);
    const history = await page.evaluate(() => JSON.parse(localStorage.getItem("touchpoint:history")));
    assert.deepEqual(history.contacts, [
      { channel: "phone", topic: "billing", at: SATURDAY_MORNING, reply_by: Date.parse(reply_by), asked: false },
    ]);
    watched.finish(t.name, demo.kind);
  } finally {
    await context.close();
    await demo.stop();
  }
});
