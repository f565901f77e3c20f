// The delivery fault suite: the real loader, wasm widget and collector, the pages on
// another site than the collector (so every post is a CORS request), with network faults injected by Playwright route interception (and the collector
// process itself killed). Every scenario submits several items through the
// widget's own panel, each with a unique comment, then checks the database holds
// each of them exactly once. Back-off, leases, Retry-After and request deadlines
// run on the pages' clock (Playwright's, installed on each context), which the
// scenarios move on instead of waiting it out; the widget's timers and Date.now
// are the page's own, so they follow it.
// The collector stores into SQLite, or with TOUCHPOINT_E2E_BACKEND=postgres into PostgreSQL,
// where one more scenario stops and starts the database itself under the widgets.
// Run: node --test --test-concurrency=1 tests/e2e/delivery.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startCollector, startDemo, startHost, embedCode, launchBrowser, watchedPage, drive, pause, waitUntil, PACE, SHARED, HOSTS,
  BACKEND, ROOT, axeViolations,
} from "./support.mjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let browser;
const table = [];
before(async () => (browser = await launchBrowser()));
after(async () => {
  await browser?.close();
  console.log(`\nDelivery fault suite on ${BACKEND}`);
  console.table(table);
});

const SUBMISSIONS = "**/v1/submissions";

/**
 * Routes every submission through `decide(id, attempt)`: "pass" (forwarded to the
 * real collector), "hang" (never answered), `{ abort }` or `{ status, headers }`.
 * Records each request's id and times (by the sending page's clock), and flags two
 * requests for one id in flight at once (which the cross-tab lease must prevent).
 */
async function injectFaults(context, decide) {
  const log = {
    requests: 0, attempts: new Map(), times: new Map(), inFlight: new Set(), overlaps: 0, logging: 0,
    /** Resolves once every intercepted request has its time logged: the clock may move on. */
    async idle() {
      while (this.logging) await pause(5);
    },
  };
  await context.route(SUBMISSIONS, async (route) => {
    log.logging++;
    let id = "?";
    try {
      id = JSON.parse(route.request().postData() ?? "{}").id ?? "?";
    } catch { /* not JSON: counted under "?" */ }
    const attempt = (log.attempts.get(id) ?? 0) + 1;
    log.attempts.set(id, attempt);
    // The page's clock, which does not move on while a request is being logged (see `settle`);
    // a keepalive request of a page being left has no page to ask, and takes the test's clock.
    const at = await route.request().frame().evaluate(() => Date.now()).catch(() => Date.now());
    log.times.set(id, [...(log.times.get(id) ?? []), at]);
    log.logging--;
    log.requests++;
    if (log.inFlight.has(id)) log.overlaps++;
    const action = decide(id, attempt);
    if (action === "hang") return; // the page's reload or the deadline ends it
    // What the collector's answers carry for a page of an allowed origin: without it the
    // browser would see a CORS failure, not the status (nor its Retry-After).
    const cors = { "access-control-allow-origin": route.request().headers().origin ?? "*", "access-control-expose-headers": "retry-after" };
    log.inFlight.add(id);
    try {
      if (action === "pass") {
        const response = await route.fetch();
        await route.fulfill({ response });
      } else if (action.abort) {
        await route.abort(action.abort);
      } else {
        await route.fulfill({ status: action.status, headers: { ...cors, ...action.headers }, body: action.body ?? "" });
      }
    } catch {
      // The page went away, or the collector is down: the browser sees a network error.
      await route.abort("connectionrefused").catch(() => {});
    } finally {
      log.inFlight.delete(id);
    }
  });
  return log;
}

/** Loads the demo page, opens the panel and waits until the form is ready. */
async function openForm(page, url) {
  await page.bringToFront(); // the visitor is on this tab (a hidden one's timers are throttled)
  await page.goto(url + "/");
  await page.locator("[data-touchpoint] .tp-launcher").click();
  await page.getByRole("radio", { name: "4 Satisfied" }).waitFor();
}

/** Rates 4 with `marker` as the comment and sends; waits for the thanks unless told not to. */
async function submit(page, marker, { waitForThanks = true } = {}) {
  await page.bringToFront();
  await page.getByRole("radio", { name: "4 Satisfied" }).check();
  await page.getByLabel("What could we do better?").fill(marker);
  await page.getByRole("button", { name: "Send feedback" }).click();
  if (waitForThanks) await page.getByRole("status").getByText("Thank you!").waitFor();
}

/**
 * Moves the pages' `clock` on at `pace` until the collector holds every marker (throwing, with
 * what it holds, if they do not all arrive within `timeout` ms of page time), then `grace` ms
 * more for any duplicate to land; returns the stored rows.
 */
async function settle(collector, markers, { clock, log, pace = PACE, timeout = 120_000, grace = 1_500 }) {
  await waitUntil(
    `every submission stored (${markers.join(", ")})`,
    async () => (await collector.responses().catch(() => [])).map(comment),
    (stored) => markers.every((m) => stored.includes(m)),
    { clock, pace, timeout, ready: log && (() => log.idle()) },
  );
  await drive(clock, grace, pace);
  await pause(100);
  return collector.responses();
}

/**
 * The rows stored once every marker is, or after `ms` of real time, whichever comes first:
 * a count for the table of what arrived without help, not a wait that must succeed.
 */
async function storedWithin(collector, markers, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const rows = await collector.responses();
    if (markers.every((m) => rows.some((r) => comment(r) === m)) || Date.now() > end) return rows;
    await pause(100);
  }
}

function comment(row) {
  return row.answers.find((a) => a.question === "comment")?.text;
}

/** Tallies the rows against what was submitted, records the table row, and asserts exactly once. */
function record(scenario, markers, rows, log) {
  const counts = new Map();
  for (const row of rows) counts.set(comment(row), (counts.get(comment(row)) ?? 0) + 1);
  const ids = new Set(rows.map((r) => r.id));
  const stored = markers.filter((m) => counts.has(m)).length;
  const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0) + (rows.length - ids.size);
  const lost = markers.length - stored;
  table.push({ scenario, submitted: markers.length, stored, duplicates, lost, requests: log?.requests ?? "-" });
  assert.equal(lost, 0, `${scenario}: lost ${markers.filter((m) => !counts.has(m)).join(", ")}`);
  assert.equal(duplicates, 0, `${scenario}: duplicates`);
  assert.equal(rows.length, markers.length, `${scenario}: nothing else stored`);
  if (log) assert.equal(log.overlaps, 0, `${scenario}: one item was in flight twice at once`);
}

/** Submits `n` items, one page load each (the panel thanks once per load). */
async function submitSeveral(page, url, name, n, between = async () => {}) {
  const markers = [];
  for (let i = 1; i <= n; i++) {
    await openForm(page, url);
    const marker = `${name} #${i}`;
    await submit(page, marker);
    markers.push(marker);
    await between(i);
  }
  return markers;
}

/**
 * The console errors a fault provokes on purpose: the browser reports each failed or refused
 * post of a submission. Nothing else may appear.
 */
const provoked = (e) => e.url.includes("/v1/submissions") || e.url.includes("/v1/journeys/");

/**
 * What taking the browser offline provokes besides: the widget's live-status poll
 * (the collector serves status/chat.json) fails while it is offline.
 */
const offline = (e) => provoked(e) || (e.url.includes("/status/") && e.text.includes("ERR_INTERNET_DISCONNECTED"));

/**
 * Runs one scenario against a fresh collector, with the demo's pages on another site, and
 * a browser context on Playwright's clock. `url` is where the pages are; `expected`, the
 * console errors the scenario provokes (`provoked` unless said).
 */
async function scenario(name, body, { expected = provoked } = {}) {
  const demo = await startDemo();
  const watched = await watchedPage(browser);
  const { context, page } = watched;
  try {
    await context.clock.install();
    await body({ collector: demo.collector, url: demo.url, context, page, clock: context.clock });
    watched.finish(`delivery: ${name}`, demo.kind, { expected });
  } finally {
    await context.close();
    await demo.stop();
  }
}

test("first attempt aborted", () =>
  scenario("first attempt aborted", async ({ collector, url, context, page, clock }) => {
    const log = await injectFaults(context, (_, attempt) => (attempt === 1 ? { abort: "failed" } : "pass"));
    const markers = await submitSeveral(page, url, "aborted", 3);
    record("first attempt aborted", markers, await settle(collector, markers, { clock, log }), log);
    assert.ok([...log.attempts.values()].every((n) => n >= 2), "each item was retried after its abort");
  }));

test("500 three times then 200", () =>
  scenario("500 x3 then 200", async ({ collector, url, context, page, clock }) => {
    const log = await injectFaults(context, (_, attempt) => (attempt <= 3 ? { status: 500 } : "pass"));
    const markers = await submitSeveral(page, url, "five-hundred", 3);
    record("500 x3 then 200", markers, await settle(collector, markers, { clock, log }), log);
  }));

for (const status of [503, 429]) {
  test(`${status} with Retry-After is honoured`, () =>
    scenario(`${status} Retry-After`, async ({ collector, url, context, page, clock }) => {
      const log = await injectFaults(context, (_, attempt) =>
        attempt === 1 ? { status, headers: { "retry-after": "2" }, body: "slow down" } : "pass");
      const markers = await submitSeveral(page, url, `retry-after-${status}`, 3);
      record(`${status} with Retry-After: 2`, markers, await settle(collector, markers, { clock, log }), log);
      for (const [id, times] of log.times) {
        assert.ok(times[1] - times[0] >= 1_900, `${id} was retried ${times[1] - times[0]} ms after Retry-After: 2`);
      }
    }));
}

test("a hanging request then a page reload", () =>
  scenario("hang then reload", async ({ collector, url, context, page, clock }) => {
    const log = await injectFaults(context, (_, attempt) => (attempt === 1 ? "hang" : "pass"));
    const markers = await submitSeveral(page, url, "hanging", 3);
    await page.reload();
    record("hanging request, reload", markers, await settle(collector, markers, { clock, log }), log);
  }));

test("navigation right after submit", () =>
  scenario("navigate away", async ({ collector, url, context, page, clock }) => {
    const log = await injectFaults(context, () => "pass");
    const markers = [];
    for (let i = 1; i <= 3; i++) {
      await openForm(page, url);
      markers.push(`navigated #${i}`);
      await submit(page, markers.at(-1), { waitForThanks: false });
      await page.goto(collector.url + "/healthz"); // at once: no wait for the answer
    }
    const early = await storedWithin(collector, markers, 3_000);
    table.push({ scenario: "  (delivered before any return visit)", submitted: 3, stored: early.length, duplicates: "", lost: "", requests: "" });
    await page.goto(url + "/"); // the visitor comes back: the rest is flushed
    record("navigation right after submit", markers, await settle(collector, markers, { clock, log }), log);
  }));

test("offline for a while, then back", () =>
  scenario("offline", async ({ collector, url, context, page, clock }) => {
    let offline = true;
    const log = await injectFaults(context, () => (offline ? { abort: "internetdisconnected" } : "pass"));
    // Three tabs loaded before the network goes: no page is left while offline
    // (a keepalive request of a page being left escapes route interception).
    const tabs = [page, await context.newPage(), await context.newPage()];
    for (const tab of tabs) await openForm(tab, url);
    const markers = ["offline #1", "offline #2", "offline #3"];
    for (const [i, tab] of tabs.entries()) await submit(tab, markers[i]);
    await drive(clock, 2_000, SHARED);
    assert.deepEqual(await collector.responses(), [], "nothing got through while offline");
    offline = false;
    // The browser's own offline/online events: the outbox retries at once on `online`.
    await context.setOffline(true);
    await context.setOffline(false);
    record("offline, then back", markers, await settle(collector, markers, { clock, log, pace: SHARED }), log);
  }));

/** What the widget keeps in the page's localStorage, as one text. */
const kept = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage)));

/** Opens "Forget my answers" in the open panel, checks the open step with axe, and confirms. */
async function forgetInPanel(page) {
  const toggle = page.getByRole("button", { name: "Forget my answers" });
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.deepEqual(await axeViolations(page), [], "axe-core finds no WCAG A/AA violation with the confirm step open");
  await page.getByRole("button", { name: "Forget", exact: true }).click();
  await page.getByRole("status").getByText("Your answers are gone from this browser").waitFor();
}

test("forget my answers: the journey's rows go, online and offline", () =>
  scenario("forget", async ({ collector, url, context, page, clock }) => {
    // Two answers of one journey, stored.
    const markers = await submitSeveral(page, url, "forget", 2);
    const rows = await settle(collector, markers, { clock });
    const journey = rows[0].journey?.id;
    assert.ok(journey, "the answers carry the journey id");
    assert.deepEqual(rows.map((r) => r.journey?.id), [journey, journey]);
    assert.ok((await kept(page)).includes(journey), "the browser knows its journey");

    await openForm(page, url);
    await forgetInPanel(page);
    await waitUntil("the journey's rows deleted", () => collector.responses(), (r) => r.length === 0, { clock });
    await waitUntil("nothing of the old journey kept in the browser", () => kept(page), (text) => !text.includes(journey), { clock });
    table.push({ scenario: "forget: 2 answers, then forget", submitted: 2, stored: 0, duplicates: 0, lost: 0, requests: "-" });

    // A new journey; forgotten while offline, the deletion arrives once back online.
    const [later] = await submitSeveral(page, url, "forget later", 1);
    const [row] = await settle(collector, [later], { clock });
    const second = row.journey?.id;
    assert.ok(second && second !== journey, "a new journey started after forgetting");
    await openForm(page, url);
    await context.setOffline(true);
    await forgetInPanel(page);
    await drive(clock, 3_000, PACE);
    assert.equal((await collector.responses()).length, 1, "nothing reached the collector while offline");
    assert.ok((await kept(page)).includes(second), "the deletion waits in the outbox");
    await context.setOffline(false);
    await waitUntil("the offline deletion delivered", () => collector.responses(), (r) => r.length === 0, { clock });
    await waitUntil("nothing of it kept in the browser", () => kept(page), (text) => !text.includes(second), { clock });
    table.push({ scenario: "forget while offline, then back", submitted: 1, stored: 0, duplicates: 0, lost: 0, requests: "-" });
  }, { expected: offline }));

test("Touchpoint.forget() from the page, called as it loads", () =>
  scenario("forget() API", async ({ collector, url, page, clock }) => {
    const [marker] = await submitSeveral(page, url, "api forget", 1);
    const [row] = await settle(collector, [marker], { clock });
    const journey = row.journey?.id;
    assert.ok(journey, "the answer carries the journey id");
    // The site's privacy page calls it: queued if the wasm is not there yet, run once it is.
    await page.goto(url + "/");
    await page.evaluate(() => window.Touchpoint.forget());
    await waitUntil("the journey's rows deleted", () => collector.responses(), (r) => r.length === 0, { clock });
    await waitUntil("nothing of the old journey kept in the browser", () => kept(page), (text) => !text.includes(journey), { clock });
    table.push({ scenario: "Touchpoint.forget()", submitted: 1, stored: 0, duplicates: 0, lost: 0, requests: "-" });
  }));

test("two tabs draining one outbox", () =>
  scenario("two tabs", async ({ collector, url, context, page, clock }) => {
    const log = await injectFaults(context, (_, attempt) => (attempt <= 2 ? { status: 503 } : "pass"));
    const other = await context.newPage();
    const markers = [];
    for (let i = 1; i <= 4; i++) {
      const tab = i % 2 ? page : other;
      await openForm(tab, url);
      markers.push(`two-tabs #${i}`);
      await submit(tab, markers.at(-1));
    }
    record("two tabs, one outbox", markers, await settle(collector, markers, { clock, log, pace: SHARED }), log);
  }));

test("the collector killed and restarted mid-run", async () => {
  const host = await startHost();
  let collector = await startCollector({ origins: [host.url] });
  host.embed(embedCode(collector.url + "/"));
  const { dir, port } = collector;
  const watched = await watchedPage(browser);
  const { context, page } = watched;
  const { clock } = context;
  try {
    await clock.install();
    const log = await injectFaults(context, () => "pass");
    const tabs = [page, await context.newPage(), await context.newPage()];
    for (const tab of tabs) await openForm(tab, host.url);
    const markers = ["killed #1", "killed #2", "killed #3"];
    await submit(tabs[0], markers[0]);
    await collector.kill(); // SIGKILL: no graceful shutdown
    await submit(tabs[1], markers[1]);
    await submit(tabs[2], markers[2]);
    await drive(clock, 1_500, SHARED);
    collector = await startCollector({ dir, port });
    const rows = await settle(collector, markers, { clock, log, pace: SHARED });
    record("collector killed, restarted", markers, rows, log);
    // While it is down, the widget's live-status poll (the collector serves status/chat.json)
    // is refused as well: that error is provoked too.
    watched.finish("delivery: collector killed", HOSTS.cross, { expected: (e) => provoked(e) || e.url.includes("/status/") });
  } finally {
    await context.close();
    await collector.stop();
    await host.stop();
  }
});

test("the widget posts through the browser's own fetch when the host page replaced window.fetch", () =>
  scenario("pristine fetch", async ({ collector, url, context, page, clock }) => {
    await context.addInitScript(() => {
      if (window.parent !== window) return; // the host page's own script, not in frames
      window.hostFetchCalls = 0;
      window.fetch = () => {
        window.hostFetchCalls++;
        throw new Error("the host page broke fetch");
      };
    });
    const markers = await submitSeveral(page, url, "replaced-fetch", 1);
    record("host replaced window.fetch", markers, await settle(collector, markers, { clock }), null);
    assert.equal(await page.evaluate(() => window.hostFetchCalls), 0, "the host's fetch was never called");
  }));

if (BACKEND === "PostgreSQL") {
  /** `scripts/pg.sh start|stop|remove DIR`: a cluster of this scenario's own, to stop and start. */
  const pg = (verb, dir) => execFileSync(join(ROOT, "scripts", "pg.sh"), [verb, dir], { encoding: "utf8" }).trim();

  test("PostgreSQL stopped and started while the widgets send", async () => {
    const cluster = mkdtempSync(join(tmpdir(), "touchpoint-pg-outage-"));
    const host = await startHost();
    let collector;
    const watched = await watchedPage(browser);
    const { context, page } = watched;
    const { clock } = context;
    try {
      collector = await startCollector({ origins: [host.url], db: pg("start", cluster) });
      host.embed(embedCode(collector.url + "/"));
      await clock.install();
      const log = await injectFaults(context, () => "pass");
      const statuses = [];
      page.on("response", (r) => r.url().includes("/v1/submissions") && statuses.push(r.status()));
      const tabs = [page, await context.newPage(), await context.newPage()];
      for (const tab of tabs) {
        tab.on("response", (r) => tab !== page && r.url().includes("/v1/submissions") && statuses.push(r.status()));
        await openForm(tab, host.url);
      }
      const markers = ["pg-down #1", "pg-down #2", "pg-down #3"];
      await submit(tabs[0], markers[0]);
      await collector.responsesWhen(1, { clock });
      pg("stop", cluster); // fast shutdown: the pool's connections are cut
      await submit(tabs[1], markers[1]);
      await submit(tabs[2], markers[2]);
      await waitUntil("a 503 answered while the database is down", async () => statuses, (s) => s.includes(503), { clock, pace: SHARED });
      const ready = await fetch(`${collector.url}/readyz`);
      assert.equal(ready.status, 503, "not ready while the database is down");
      pg("start", cluster); // the same port again: the collector reconnects by itself
      const rows = await settle(collector, markers, { clock, log, pace: SHARED });
      record("PostgreSQL stopped, started", markers, rows, log);
      assert.equal((await fetch(`${collector.url}/readyz`)).status, 200, "ready again");
      watched.finish("delivery: PostgreSQL stopped and started", HOSTS.cross, { expected: provoked });
    } finally {
      await context.close();
      await collector?.stop();
      await host.stop();
      pg("remove", cluster);
    }
  });
}
