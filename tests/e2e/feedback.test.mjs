// Touchpoint feedback through the real loader, widget and collector: the demo's
// single-page repair-plans site, the JS API, recontact rules that hold across reloads,
// and the follow-up to a contact once its promised reply-by has passed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, launchBrowser, watchedPage, axeViolations, drive } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

const HOUR = 3_600_000;

/**
 * The demo site on another site than a fresh collector, in Oslo; `body` gets the page, the
 * collector and `url`, where the site's pages are. The page's clock is Playwright's: time
 * flows from `at` (default: now), a test moves it on with `drive` instead of waiting, or
 * jumps it with setSystemTime. `flow` names it in the matrix.
 */
async function onDemo(flow, body, { at } = {}) {
  const demo = await startDemo();
  const watched = await watchedPage(browser, { locale: "en-GB", timezoneId: "Europe/Oslo" });
  try {
    await watched.page.clock.install(at === undefined ? {} : { time: at });
    await body({ collector: demo.collector, url: demo.url, ...watched });
    watched.finish(flow, demo.kind);
  } finally {
    await watched.context.close();
    await demo.stop();
  }
}

/** The touchpoint prompt (a non-modal dialog in the widget's shadow root). */
function prompt(page) {
  return page.locator("[data-touchpoint] .tp-ask");
}

/** Which touchpoint the prompt on screen asks, or null when none is. */
async function asking(page) {
  return (await prompt(page).count()) ? prompt(page).getAttribute("data-tp-touchpoint") : null;
}

/** Waits until the widget is mounted (its launcher rendered by the wasm). */
async function widgetReady(page) {
  await page.locator("[data-touchpoint] .tp-launcher").waitFor();
  await page.waitForFunction(() => window.__touchpoint && document.querySelector("[data-touchpoint]")?.shadowRoot);
}

test("a URL trigger fires after single-page navigation, and leaving the page cancels its delay", async (t) => {
  await onDemo(t.name, async ({ collector, url, page }) => {
    await page.goto(url + "/pricing/");
    await widgetReady(page);
    const tab = (name) => page.getByRole("navigation", { name: "Repair plans" }).getByRole("link", { name });

    // To the comparison and away again within its 3 s delay: nothing is asked.
    await tab("Compare plans").click();
    await drive(page.clock, 1_000);
    await tab("Overview").click();
    await drive(page.clock, 3_000);
    assert.equal(await asking(page), null, "the delayed prompt of the page left was cancelled");

    // To the comparison and staying: asked after 3 s, not at once.
    await tab("Compare plans").click();
    await drive(page.clock, 1_500);
    assert.equal(await asking(page), null, "not before its delay");
    await drive(page.clock, 1_600);
    await prompt(page).waitFor({ timeout: 5_000 });
    assert.equal(await asking(page), "plan-comparison");
    assert.equal(await page.evaluate(() => location.pathname), "/pricing/compare", "no reload happened");
    assert.deepEqual(await axeViolations(page), [], "axe-core finds no WCAG A/AA violation with the prompt up");

    await prompt(page).getByRole("radio", { name: "Not really" }).check();
    await prompt(page).getByRole("checkbox", { name: "Prices per repair" }).check();
    await prompt(page).getByRole("checkbox", { name: "How long repairs take" }).check();
    await prompt(page).getByRole("button", { name: "Send" }).click();
    await prompt(page).getByText("Thank you!").waitFor();

    const [row] = await collector.responsesWhen(1, { clock: page.clock });
    assert.equal(row.touchpoint, "plan-comparison");
    assert.equal(row.stage, "consider");
    assert.deepEqual(row.answers, [
      { kind: "thumbs", question: "clear", up: false },
      { kind: "multiple_choice", question: "missing", options: ["prices", "turnaround"] },
    ]);
    assert.equal(row.score, -0.5, "thumbs down scores as the middle of the lower half (docs/journey.md)");
    assert.equal(row.journey.count, 1);
    assert.equal(row.journey.score, -0.5);
  });
});

test("Touchpoint.track asks its touchpoint; arrow keys move the rating; the comment leaves masked and scored", async (t) => {
  await onDemo(t.name, async ({ collector, url, page }) => {
    await page.goto(url + "/pricing/");
    await widgetReady(page);
    await page.getByRole("button", { name: "Buy the Trail plan" }).click();
    await prompt(page).waitFor();
    assert.equal(await asking(page), "checkout");
    assert.equal(
      await page.evaluate(() => document.activeElement?.hasAttribute("data-touchpoint")),
      false,
      "the prompt appeared without taking focus from the page",
    );

    // Real keys in the radio group: one click, then the arrow keys choose.
    await prompt(page).getByRole("radio", { name: "1 Very difficult" }).click();
    await page.keyboard.press("ArrowRight");
    assert.equal(await prompt(page).getByRole("radio", { name: "2" }).isChecked(), true);
    // CES 2 of 7 asks what made it hard.
    await prompt(page).getByRole("radio", { name: "Paying" }).check();
    await prompt(page)
      .getByLabel("Anything else?")
      .fill("The card form rejected my card twice. Terrible! Call me on +47 912 34 567 or kari@example.com");
    await prompt(page).getByRole("button", { name: "Send" }).click();
    await prompt(page).getByText("Thank you!").waitFor();

    const [row] = await collector.responsesWhen(1, { clock: page.clock });
    assert.equal(row.touchpoint, "checkout");
    assert.equal(row.stage, "buy");
    assert.deepEqual(row.answers, [
      { kind: "ces", question: "effort", value: 2 },
      { kind: "single_choice", question: "hard", option: "payment" },
      { kind: "text", question: "comment", text: "The card form rejected my card twice. Terrible! Call me on [phone] or [email]" },
    ]);
    assert.equal(row.sentiment.label, "negative", "the comment was scored on the device");
    assert.ok(row.sentiment.compound < -0.3, `compound ${row.sentiment.compound}`);
    assert.ok(row.score < -0.6 && row.score >= -1, `touchpoint score ${row.score}`);
    assert.equal(row.journey.score, row.score, "one touchpoint: the journey is that touchpoint");
    assert.match(row.journey.id, /^[0-9a-f-]{36}$/);
  });
});

test("recontact rules hold across reloads: a dismissal counts, one prompt per hour, one per touchpoint per 30 days", async (t) => {
  const start = Date.parse("2026-03-17T09:00:00Z");
  await onDemo(t.name, async ({ collector, url, page }) => {
    await page.goto(url + "/pricing/");
    await widgetReady(page);
    await page.getByRole("button", { name: "Buy the Trail plan" }).click();
    await prompt(page).waitFor();
    await prompt(page).getByRole("button", { name: "Close" }).click();
    await prompt(page).waitFor({ state: "detached" });

    // Reload: neither the same touchpoint nor another within the hour.
    await page.reload();
    await widgetReady(page);
    await page.getByRole("button", { name: "Buy the Trail plan" }).click();
    await page.getByRole("link", { name: "Questions" }).click();
    await page.getByLabel("Trail tips by e-mail, once a month").fill("kari@example.com");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await drive(page.clock, 1_000);
    assert.equal(await asking(page), null, "within the hour after a dismissal nothing else is asked");

    // Two hours later, back on the plans: another touchpoint may ask, the dismissed one still may not.
    await page.clock.setSystemTime(start + 2 * HOUR);
    await page.goto(url + "/pricing/");
    await widgetReady(page);
    await page.getByRole("button", { name: "Buy the Trail plan" }).click();
    await drive(page.clock, 1_000);
    assert.equal(await asking(page), null, "the dismissed touchpoint waits its 30 days");
    await page.getByRole("link", { name: "Questions" }).click();
    await page.getByLabel("Trail tips by e-mail, once a month").fill("kari@example.com");
    await page.getByRole("button", { name: "Subscribe" }).click();
    await prompt(page).waitFor();
    assert.equal(await asking(page), "trail-tips", "the DOM event's touchpoint asks");

    const history = await page.evaluate(() => JSON.parse(localStorage.getItem("touchpoint:history")));
    assert.deepEqual(
      history.entries.map((e) => [e.touchpoint, e.outcome]),
      [["checkout", "dismissed"], ["trail-tips", "shown"]],
    );
    assert.deepEqual(await collector.responses(), [], "dismissals and prompts post nothing");
  }, { at: start });
});

test("a contact is followed up once its promised reply-by has passed, and the row holds promised vs reported", async (t) => {
  const contacted = Date.parse("2026-03-17T09:00:00Z"); // Tuesday 10:00 in Oslo: e-mail open
  const promised = Date.parse("2026-03-17T13:00:00Z"); // four hours of opening time later
  await onDemo(t.name, async ({ collector, url, page }) => {
    await page.goto(url + "/");
    await widgetReady(page);
    await page.locator("[data-touchpoint] .tp-launcher").click();
    await page.evaluate(() => document.addEventListener("click", (e) => e.preventDefault())); // no mail client
    await page.locator("[data-channel=email] a").click();
    const [contact, ...more] = await page.evaluate(() => JSON.parse(localStorage.getItem("touchpoint:history")).contacts);
    assert.deepEqual(more, []);
    assert.equal(contact.channel, "email");
    assert.ok(contact.at >= contacted && contact.at < contacted + 60_000, "recorded when the link was used");
    const second = Math.floor(contact.at / 1000) * 1000; // business time is counted in whole seconds
    assert.equal(contact.reply_by, second + (promised - contacted), "the e-mail promise: four open hours");

    // Before the promise is due nothing is asked, even after a reload.
    await page.clock.setSystemTime(promised - 60_000);
    await page.reload();
    await widgetReady(page);
    await drive(page.clock, 1_000);
    assert.equal(await asking(page), null);

    // The next morning.
    await page.clock.setSystemTime(promised + 20 * HOUR);
    await page.reload();
    await prompt(page).waitFor({ timeout: 10_000 });
    assert.equal(await asking(page), "reply-check");
    assert.equal(
      (await prompt(page).locator("legend").first().textContent()).trim(),
      "You contacted us by E-mail on Tuesday 17 March. Did you get a reply by Tuesday 17 March at 14:00, as we promised?",
      "dates in the page's language (lang=en), written as the visitor's own English (en-GB) writes them, in the visitor's zone",
    );
    await prompt(page).getByRole("radio", { name: "Yes, but later" }).check();
    await prompt(page).getByRole("radio", { name: "2 Dissatisfied" }).check();
    await prompt(page).getByLabel("What went wrong?").fill("The answer came a day late and did not help.");
    await prompt(page).getByRole("button", { name: "Send" }).click();
    await prompt(page).getByText("Thank you!").waitFor();

    const [row] = await collector.responsesWhen(1, { clock: page.clock });
    assert.equal(row.touchpoint, "reply-check");
    assert.equal(row.stage, "get_help");
    assert.deepEqual(row.follow_up, { channel: "email", contacted_at: contact.at, promised_by: contact.reply_by, outcome: "late" });
    assert.deepEqual(row.answers.slice(0, 1), [{ kind: "csat", question: "csat", value: 2 }]);
    assert.equal(row.answers[1].question, "wrong");
    assert.ok(row.sentiment.compound < 0, "the comment reads negative");
    // CSAT 2 is -0.5; the comment's sentiment weighs a quarter (docs/journey.md).
    assert.ok(Math.abs(row.score - (0.75 * -0.5 + 0.25 * row.sentiment.compound)) < 1e-3, `score ${row.score}`);
    assert.equal(row.journey.count, 1);
    assert.equal(row.journey.score, row.score);
    assert.equal(row.journey.moved_most, "reply-check");

    // Answered: the contact is not asked about again.
    await page.reload();
    await widgetReady(page);
    await drive(page.clock, 1_000);
    assert.equal(await asking(page), null);
  }, { at: contacted });
});
