// Long tasks on the host page: the longest main-thread task while the widget loads (at idle,
// as a visitor's page would) and when the visitor first opens the panel, without and with
// 4x CPU throttling (CDP Emulation.setCPUThrottlingRate, as Lighthouse does). A benchmark,
// not a test: it prints figures (median and worst of RUNS runs) beside the figures from
// before issue 11, and fails only when the page cannot be driven. `--trace` also writes a
// Chrome trace of one 4x run to target/longtask-trace.json (open it in DevTools).
//
//   make longtask            (builds pkg/ and the collector first)
//   node bench/longtask/run.mjs [RUNS] [--trace]
//
// The host page is a bare one (a heading, the tag), so that its own first layout, which on the
// demo site alone takes over 100 ms at 4x, is not counted as the widget's; it is on another
// site than the collector, with the pinned tag `touchpoint embed` prints, as sites embed it.
//
// A long task is one of 50 ms or more (PerformanceObserver, type "longtask", buffered, from
// an init script, so the page's first tasks are seen too). "load" covers the tasks from the
// moment the loader's bytes have arrived (before that nothing of the widget can run; the
// browser's own navigation task is not counted) until the widget has mounted and the page
// has been quiet for a second; "first open" the click on the launcher until the panel is
// drawn with its channels, and a second of quiet after.
import { startCollector, startHost, embedCode, launchBrowser, pause, ROOT } from "../../tests/e2e/support.mjs";

const args = process.argv.slice(2);
const TRACE = args.includes("--trace");
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) || 5);
/** What the issue measured before the change: [at load, at first open], ms. */
const BEFORE = { 1: [null, null], 4: [67, 170] };
const QUIET_MS = 1_000;

const OBSERVE = () => {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
};

/** Longest task (ms) and how many reached 50 ms, among `tasks` starting at or after `from`. */
function summary(tasks, from = 0) {
  const mine = tasks.filter((t) => t.start >= from);
  return { longest: Math.round(Math.max(0, ...mine.map((t) => t.duration))), count: mine.length };
}

const page = (tag) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title>
${tag}</head><body><h1>A host page</h1></body></html>`;

/** When the loader's bytes had arrived (ms since navigation), or 0 if the entry is missing. */
const LOADER_ARRIVED = () => performance.getEntriesByType("resource").find((e) => /\/touchpoint(\.\w+)?\.js$/.test(e.name))?.responseEnd ?? 0;

async function once(browser, url, rate, trace) {
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Europe/Oslo" });
  const page = await context.newPage();
  try {
    await page.addInitScript(OBSERVE);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    if (trace) await browser.startTracing(page, { path: trace, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink.user_timing", "loading"] });
    await page.goto(url + "/");
    // Mounted: the widget's own root replaced the loader's placeholder button.
    await page.locator("[data-touchpoint] .tp").waitFor({ timeout: 30_000 });
    await pause(QUIET_MS * rate);
    const tasks = () => page.evaluate(() => window.__longtasks);
    const load = summary(await tasks(), await page.evaluate(LOADER_ARRIVED));
    const clicked = await page.evaluate(() => performance.now());
    await page.locator("[data-touchpoint] .tp-launcher").click();
    await page.locator("[data-touchpoint] .tp-panel .tp-channel").first().waitFor();
    await pause(QUIET_MS * rate);
    const open = summary(await tasks(), clicked);
    if (trace) await browser.stopTracing();
    return { load, open };
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const host = await startHost();
const collector = await startCollector({ origins: [host.url] });
host.page("/", page(embedCode(collector.url + "/").tag));
const browser = await launchBrowser();
try {
  console.log(`long tasks on a host page (ms; median and worst of ${RUNS} runs; budget: none over 50 ms)`);
  console.log("CPU           moment       longest (median)  longest (worst)  tasks >= 50 ms (median)  before issue 11");
  for (const rate of [1, 4]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(browser, host.url, rate));
    if (TRACE && rate === 4) {
      const path = `${ROOT}/target/longtask-trace.json`;
      await once(browser, host.url, rate, path);
      console.error(`trace of one 4x run: ${path}`);
    }
    for (const [k, name, before] of [["load", "at load", BEFORE[rate][0]], ["open", "first open", BEFORE[rate][1]]]) {
      const longest = runs.map((r) => r[k].longest);
      const count = runs.map((r) => r[k].count);
      const cpu = rate === 1 ? "unthrottled" : `${rate}x slower`;
      console.log(
        `${cpu.padEnd(14)}${name.padEnd(13)}${String(median(longest)).padStart(16)}${String(Math.max(...longest)).padStart(17)}` +
          `${String(median(count)).padStart(25)}  ${before === null ? "-" : before}`,
      );
    }
  }
} finally {
  await browser.close();
  await collector.stop();
  await host.stop();
}
