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
  const shows = (text) => (typeof needle === "string" ? text.includes(needle) : needle.test(text));
  return pollPreview(() => previewText(page), shows, timeout, async (text) => {
    const status = await page.locator("#preview-status").textContent();
    const frames = page.frames().map((f) => f.url()).join(" ");
    return `preview never showed "${needle}": "${text.slice(0, 300)}" (status: ${status}; frames: ${frames})`;
  });
}

/**
 * Reads `probe` every 10 ms until `done` holds and returns the milliseconds that took (the
 * keystroke-to-preview figures need finer steps than support.mjs's `waitUntil`); after
 * `timeout` ms, throws what `failure` says of the last reading.
 */
async function pollPreview(probe, done, timeout, failure) {
  const t0 = Date.now();
  for (;;) {
    const seen = await probe();
    if (done(seen)) return Date.now() - t0;
    if (Date.now() - t0 > timeout) throw new Error(await failure(seen));
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
    // The same visitor reading Norwegian: the widget's own words from the nb catalogue.
    await page.getByLabel("Visitor's languages").fill("nb-NO");
    await waitForPreview(page, /Night lineStengt · åpner /);
    await page.getByLabel("Visitor's languages").fill("en-US");
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
    // The 300 ms budget is measured by bench/studio/run.mjs on a quiet machine; here each
    // keystroke has to reach the preview at all (waitForPreview's 5 s).

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

/** `touchpoint publish` of the demo's configuration, as version 1 of northwind. */
function publishDemo(collector) {
  execFileSync(BINARY, ["publish", join(ROOT, "www", "touchpoint.config.json"), "--db", collector.db, "--note", "from git"], { stdio: "ignore" });
}

async function openEditor(page, collector, email) {
  await signIn(page, collector, email);
  await page.goto(`${collector.url}/studio/#/sites/northwind/edit`);
  await page.getByText("Version 1, as published.").waitFor();
}

test("a publish conflict between two sessions shows what changed and merges, never overwriting silently", async () => {
  const collector = await startCollector();
  addUser(collector, "ada@northwind.example", "admin");
  addUser(collector, "bo@northwind.example", "editor");
  publishDemo(collector);
  const ada = await watchedPage(browser, { viewport: { width: 1400, height: 1000 } });
  const bo = await watchedPage(browser, { viewport: { width: 1400, height: 1000 } });
  try {
    await openEditor(ada.page, collector, "ada@northwind.example");
    await openEditor(bo.page, collector, "bo@northwind.example");
    await field(ada.page, "channels[0].label").fill("Chat with us");
    await ada.page.getByRole("button", { name: "Publish", exact: true }).click();
    await ada.page.getByText("Published version 2.").waitFor({ timeout: 5000 }).catch(async (e) => {
      throw new Error(`${e.message}: ${await ada.page.locator("#problems").textContent()} ${await ada.page.locator("[role=alert]").allTextContents()}`);
    });

    await field(bo.page, "channels[1].description").fill("Orders and invoices");
    await bo.page.getByRole("button", { name: "Publish", exact: true }).click();
    const conflict = bo.page.locator("#conflict");
    await conflict.waitFor();
    assert.match(await conflict.textContent(), /Version 2 was published by ada@northwind\.example/);
    const theirs = conflict.getByRole("table", { name: "Their changes" });
    assert.match(await theirs.textContent(), /channels\[0\]\.label"Live chat""Chat with us"/);
    const yours = conflict.getByRole("table", { name: "Your changes" });
    assert.match(await yours.textContent(), /channels\[0\]\.label"Chat with us""Live chat"/, "publishing as it is would undo theirs: said so");
    await conflict.getByRole("button", { name: "Take their changes into mine" }).click();
    await bo.page.getByRole("button", { name: "Publish", exact: true }).click();
    await bo.page.getByText("Published version 3.").waitFor();

    const published = await (await fetch(`${collector.url}/v1/sites/northwind/config`)).json();
    assert.equal(published.channels[0].label, "Chat with us", "Ada's change kept");
    assert.equal(published.channels[1].description, "Orders and invoices", "Bo's change published");
    ada.finish("Studio: conflict (first publisher)", "Studio (collector's origin)", { expected });
    bo.finish("Studio: conflict (second publisher)", "Studio (collector's origin)", {
      expected: (e) => expected(e) || (/status of 409/.test(e.text) && /\/versions$/.test(e.url)),
    });
  } finally {
    await ada.context.close();
    await bo.context.close();
    await collector.stop();
  }
});

test("a viewer reads the configuration but cannot publish: no publish control, and the API answers 403", async () => {
  const collector = await startCollector();
  addUser(collector, "ada@northwind.example", "admin");
  addUser(collector, "vi@northwind.example", "viewer");
  publishDemo(collector);
  const watched = await watchedPage(browser);
  const { page } = watched;
  try {
    await openEditor(page, collector, "vi@northwind.example");
    assert.equal(await page.getByRole("button", { name: "Publish", exact: true }).count(), 0);
    assert.notEqual(await field(page, "channels[0].label").getAttribute("readonly"), null, "fields are read-only");
    assert.match(await page.locator(".role").textContent(), /viewer/);
    const status = await page.evaluate(async () => {
      const session = await (await fetch("/v1/session")).json();
      const doc = await (await fetch("/v1/sites/northwind/config")).json();
      const res = await fetch("/v1/sites/northwind/versions", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf },
        body: JSON.stringify({ document: doc, base_version: 1, note: "sneaky" }),
      });
      return res.status;
    });
    assert.equal(status, 403);
    const versions = await (await fetch(`${collector.url}/v1/sites/northwind/config`)).json();
    assert.equal(versions.channels[0].label, "Live chat", "nothing published");
    watched.finish("Studio: viewer", "Studio (collector's origin)", {
      expected: (e) => expected(e) || /status of 403/.test(e.text),
    });
  } finally {
    await watched.context.close();
    await collector.stop();
  }
});

test("axe finds nothing on any screen or state, light and dark", async () => {
  const collector = await startCollector();
  addUser(collector, "ada@northwind.example", "admin");
  addUser(collector, "dee@northwind.example", "admin");
  publishDemo(collector);
  try {
    // One user a pass: drafts are per user, and the light pass leaves one with problems.
    for (const [colorScheme, email] of [["light", "ada@northwind.example"], ["dark", "dee@northwind.example"]]) {
      const watched = await watchedPage(browser, { colorScheme, viewport: { width: 1400, height: 1000 } });
      const { page } = watched;
      const found = [];
      const check = async (state) => found.push(...(await axe(page)).map((v) => `${colorScheme}, ${state}: ${v}`));
      try {
        await page.goto(`${collector.url}/studio/`);
        await page.getByLabel("Email").fill(email);
        await page.getByLabel("Password").fill("wrong password");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("alert").getByText("Wrong email or password.").waitFor();
        await check("sign-in with an error");
        await signIn(page, collector, email);
        await check("sites");
        await page.goto(`${collector.url}/studio/#/sites/northwind`);
        await page.locator("#embed-tag").waitFor();
        await page.getByRole("button", { name: "Create a read key" }).click();
        await page.locator("#new-key").waitFor();
        await check("site with a new key");
        await page.goto(`${collector.url}/studio/#/sites/northwind/edit`);
        await page.getByText("Version 1, as published.").waitFor();
        await page.locator("#preview-pane[data-rendered]").waitFor();
        await check("editor");
        await field(page, "channels[0].href").fill("ftp://nowhere");
        await field(page, "channels[0].hours.weekly.mon[0]--closes").fill("07:00");
        await page.getByRole("heading", { name: /problems? to fix/ }).waitFor();
        await check("editor with problems");
        await page.getByLabel("Add a language").selectOption("de");
        await page.getByRole("button", { name: "Add language" }).click();
        await field(page, "channels[0].label.de").waitFor();
        await field(page, "channels[0].label.de").fill("Live-Chat");
        await field(page, "theme.accent").fill("#ffcc00");
        await field(page, "theme.accent_text").fill("#ffffff");
        await page.locator('[id="theme.accent_text--problems"]').waitFor();
        await check("editor with a language added, a translation and a contrast problem");
        await page.getByRole("button", { name: "JSON" }).click();
        await check("JSON view");
        await page.goto(`${collector.url}/studio/#/sites/northwind/versions`);
        await page.getByRole("cell", { name: "from git" }).waitFor();
        await check("versions");
        await page.goto(`${collector.url}/studio/#/sites/northwind/insights`);
        await check("insights");
        await page.goto(`${collector.url}/studio/#/users`);
        await page.getByRole("rowheader", { name: "ada@northwind.example" }).waitFor();
        await check("users");
        watched.axe = found.length;
        assert.deepEqual(found, []);
        watched.finish(`Studio: every screen (${colorScheme})`, "Studio (collector's origin)", { expected });
      } finally {
        await watched.context.close();
      }
    }
  } finally {
    await collector.stop();
  }
});

test("the week grid works with the keyboard alone: add hours, type an overnight shift, remove it", async () => {
  const collector = await startCollector();
  addUser(collector, "ada@northwind.example", "admin");
  publishDemo(collector);
  const watched = await watchedPage(browser, { viewport: { width: 1400, height: 1000 } });
  const { page } = watched;
  try {
    await openEditor(page, collector, "ada@northwind.example");
    // Tab from the page's top to the first channel's "Add hours on Sunday" (no pointer).
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") || document.activeElement?.id || "");
    await page.locator("body").press("Tab");
    let presses = 0;
    while ((await focused()) !== "Add hours on Sunday" && presses++ < 400) await page.keyboard.press("Tab");
    assert.equal(await focused(), "Add hours on Sunday", `reached by Tab in ${presses} presses`);
    await page.keyboard.press("Enter");
    // Focus moves to the new interval's opening time (once the new interval has rendered).
    const opens = "channels[0].hours.weekly.sun[1]--opens";
    await page.waitForFunction((id) => document.activeElement?.id === id, opens, { timeout: 5000 }).catch(() => {});
    assert.equal(await focused(), opens);
    await page.keyboard.press("Control+A");
    await page.keyboard.type("22:00");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("02:00");
    const interval = field(page, "channels[0].hours.weekly.sun[1]");
    await interval.locator(".overnight").waitFor();
    assert.equal(await page.locator('[id="channels[0].hours.weekly.sun[1]--problems"]').count(), 0, "22:00-02:00 on Sunday is valid");
    await page.keyboard.press("Tab");
    assert.equal(await focused(), "Remove Sunday hours 2");
    await page.keyboard.press("Enter");
    await interval.waitFor({ state: "detached" });
    watched.finish("Studio: keyboard week grid", "Studio (collector's origin)", { expected });
  } finally {
    await watched.context.close();
    await collector.stop();
  }
});

/** The background colour of the preview's launcher (the widget's own, in its shadow root). */
async function previewLauncherColour(page) {
  const frame = page.frame({ name: "studio-preview" });
  return frame.evaluate(() => {
    const launcher = document.querySelector("[data-touchpoint]")?.shadowRoot?.querySelector(".tp-launcher");
    return launcher ? getComputedStyle(launcher).backgroundColor : "";
  }).catch(() => "");
}

function waitForLauncherColour(page, colour, timeout = 5000) {
  return pollPreview(() => previewLauncherColour(page), (now) => now === colour, timeout,
    (now) => `the preview's launcher is ${now}, not ${colour}`);
}

test("translations and theme: add a language, translate, the preview in that language and colour, a low contrast refused, published to another origin", async () => {
  const collector = await startCollector();
  const host = await startHost();
  addUser(collector, "ada@northwind.example", "admin");
  publishDemo(collector);
  const watched = await watchedPage(browser, { viewport: { width: 1400, height: 1000 } });
  const { page } = watched;
  try {
    await openEditor(page, collector, "ada@northwind.example");
    await page.locator("#preview-pane[data-rendered]").waitFor();

    // Add Norwegian: every text of the configuration is listed with its English beside it,
    // each missing one named by the validator next to its field; publishing is blocked.
    await page.getByLabel("Add a language").selectOption("nb");
    await page.getByRole("button", { name: "Add language" }).click();
    const languages = page.locator("#languages");
    await languages.getByText(/Norwegian Bokmål \(nb\): \d+ of \d+ texts not translated/).waitFor();
    const chat = field(page, "channels[0].label.nb");
    assert.match(await page.locator(`[id="channels[0].label.nb--hint"]`).textContent(), /English \(en\): Live chat/);
    assert.equal(await page.locator(`[id="channels[0].label.nb--problems"]`).textContent(), "missing nb");
    assert.equal(await chat.getAttribute("aria-invalid"), "true");
    const count = await page.locator(".translations input").count();
    assert.ok(count >= 10, `every text listed (${count})`);
    const missing = (await page.locator("#problems li").allTextContents()).filter((t) => t.endsWith(": missing nb"));
    assert.equal(missing.length, count, "the summary names each missing translation");

    // The channel's label translated: a visitor reading Norwegian sees it in the preview at
    // once, each keystroke of it, the texts not yet translated in English meanwhile.
    await chat.fill("Nettpra");
    await page.getByLabel("Visitor's languages").fill("nb-NO");
    await waitForPreview(page, "Nettpra");
    assert.match(await previewText(page), /Quick questions about orders/, "an untranslated text in the default language");
    assert.match(await page.locator("#preview-pane").textContent(), /a missing translation shows in the default language/);
    const times = [];
    await chat.press("End");
    for (const [key, shown] of [["KeyT", "Nettprat"], ["Shift+Digit1", "Nettprat!"]]) {
      const started = Date.now();
      await chat.press(key);
      await waitForPreview(page, shown);
      times.push(Date.now() - started);
    }
    await chat.press("Backspace");
    await waitForPreview(page, /Nettprat(?!!)/);

    // Every other text translated (by its English, for the test).
    for (const input of await page.locator(".translations input").all()) {
      if ((await input.inputValue()) !== "") continue;
      const english = (await page.locator(`[id="${await input.getAttribute("id")}--hint"]`).textContent()).replace(/^English \(en\): /, "");
      await input.fill(`${english} (nb)`);
    }
    await page.getByText("No problems: this configuration can be published.").waitFor();
    await languages.getByText(`Norwegian Bokmål (nb): all ${count} texts translated`).waitFor();
    await waitForPreview(page, "Quick questions about orders and gear (nb)");

    // A second language, then removed (after confirming): its texts go, Norwegian's stay.
    await page.getByLabel("Add a language").selectOption("de");
    await page.getByRole("button", { name: "Add language" }).click();
    await page.getByLabel("Translate into").selectOption("de");
    await page.locator('[id="channels[0].label.de--problems"]').getByText("missing de").waitFor();
    await page.getByRole("button", { name: "Remove German (de)" }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "languages--confirm", "focus on the confirmation");
    await page.keyboard.press("Enter");
    await page.getByText("No problems: this configuration can be published.").waitFor();
    assert.equal(await languages.getByText(/German/).count(), 0);
    assert.equal(await chat.inputValue(), "Nettprat");

    // A visitor in English still reads the default.
    await page.getByLabel("Visitor's languages").fill("en-GB");
    await waitForPreview(page, "Live chat");
    await page.getByLabel("Visitor's languages").fill("nb-NO");
    await waitForPreview(page, "Nettprat");

    // The accent colour: typed, the preview's launcher takes it; the contrast is measured.
    const started = Date.now();
    await field(page, "theme.accent").fill("#0b6e4f");
    await waitForLauncherColour(page, "rgb(11, 110, 79)");
    times.push(Date.now() - started);
    assert.match(await page.locator(`[id="theme.accent_text--hint"]`).textContent(), /#ffffff on #0b6e4f is 6\.\d\d:1/);
    assert.match(await page.locator(`[id="theme.accent--hint"]`).textContent(), /:1 on the light panel, [\d.]+:1 on the dark panel/);
    console.log(`translation keystroke, then accent change, to preview: ${times.map((t) => `${t} ms`).join(", ")}`);

    // A text colour that fails AA on the accent: the validator's message beside the field,
    // publishing blocked in Studio and refused by the API.
    await field(page, "theme.accent").fill("#ffcc00");
    await field(page, "theme.accent_text").fill("#ffffff");
    const problem = page.locator(`[id="theme.accent_text--problems"]`);
    await problem.waitFor();
    assert.equal(await problem.textContent(), "#ffffff on #ffcc00 has a contrast of 1.51:1; text needs at least 4.5:1 (WCAG 2.2 AA)");
    assert.equal(await field(page, "theme.accent_text").getAttribute("aria-invalid"), "true");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("alert").getByText("Fix the 1 problem(s) listed above before publishing.").waitFor();
    const refused = await page.evaluate(async () => {
      const session = await (await fetch("/v1/session")).json();
      const doc = await (await fetch("/v1/sites/northwind/config")).json();
      doc.theme = { accent: "#ffcc00", accent_text: "#ffffff" };
      const res = await fetch("/v1/sites/northwind/versions", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf },
        body: JSON.stringify({ document: doc, base_version: 1 }),
      });
      return [res.status, await res.text()];
    });
    assert.equal(refused[0], 422, refused[1]);
    assert.match(refused[1], /theme\.accent_text/);
    await field(page, "theme.accent_text").fill("");
    await field(page, "theme.accent").fill("#0b6e4f");
    await page.getByText("No problems: this configuration can be published.").waitFor();

    // Shown in Norwegian wherever it is embedded (the host page says lang="en").
    await page.getByLabel("Show the widget in").selectOption("nb");
    await page.getByText("No problems: this configuration can be published.").waitFor();
    await page.getByLabel("Note for this version").fill("Norsk");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("Published version 2.").waitFor();

    await page.getByRole("link", { name: "Site settings" }).click();
    const tag = await page.locator("#embed-tag").textContent();
    const policy = await page.locator("#embed-policy").textContent();
    host.embed({ tag, policy });
    const visitor = await watchedPage(browser);
    try {
      await visitor.page.goto(`${host.url}/`);
      const launcher = visitor.page.locator("[data-touchpoint] .tp-launcher");
      await launcher.click();
      assert.equal(await visitor.page.locator("[data-channel=chat] .tp-channel-label").textContent(), "Nettprat");
      assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(11, 110, 79)");
      visitor.finish("Studio: translated and themed configuration on another origin", "localhost (other origin)");
    } finally {
      await visitor.context.close();
    }
    watched.finish("Studio: translations and theme", "Studio (collector's origin)", {
      expected: (e) => expected(e) || (/status of 422/.test(e.text) && /\/versions$/.test(e.url)),
    });
  } finally {
    await watched.context.close();
    await host.stop();
    await collector.stop();
  }
});
