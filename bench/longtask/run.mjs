// Long tasks on the host page: the longest main-thread task while the widget loads (at idle,
// as a visitor's page would) and when the visitor first opens the panel, without and with
// 4x CPU throttling (CDP Emulation.setCPUThrottlingRate, as Lighthouse does). A benchmark,
// not a test: it prints figures (median and worst of RUNS runs) beside the figures issue 11
// gave for before it, and fails only when the page cannot be driven. `--trace[=RATE]` also writes a
// Chrome trace of one run at RATE (4 unless said) to target/longtask-trace.json (open it in DevTools).
//
//   make longtask            (builds pkg/ and the collector first)
//   node bench/longtask/run.mjs [RUNS] [--trace[=RATE]] [--detail] [--rate N] [--before DIR]
//
// `--before DIR` measures another checkout's build too (its www/ and built pkg/, e.g. main's:
// `git archive main | tar -x -C DIR`, then scripts/build-widget.sh there), the two taking
// turns, so that a loaded machine weighs on both alike.
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
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { startCollector, startHost, launchBrowser, pause, ROOT, BINARY } from "../../tests/e2e/support.mjs";

const args = process.argv.slice(2);
/** `--trace[=RATE]`: the CPU slow-down of the run traced (4 unless said). */
const TRACE = args.find((a) => /^--trace(=\d+)?$/.test(a));
const TRACE_RATE = Number(TRACE?.split("=")[1] || 4);
const RUNS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--rate") || 5);
/** `--before DIR`: another checkout with its widget built (e.g. main's), measured in turn with this one. */
const BEFORE_DIR = args.includes("--before") ? args[args.indexOf("--before") + 1] : null;
/** What issue 11 measured before the change (on the demo site): [at load, at first open], ms. */
const SAID = { 1: [null, null], 4: [67, 170] };
const QUIET_MS = 1_000;
/** `--rate N`: only that CPU slow-down (both, 1 and 4, unless said). */
const RATES = args.includes("--rate") ? [Number(args[args.indexOf("--rate") + 1])] : [1, 4];

/** `--detail`: each long task of every run, with the scripts the browser saw in its frame. */
const DETAIL = args.includes("--detail");

const OBSERVE = () => {
  window.__longtasks = [];
  window.__frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  // Long animation frames name the scripts that ran (what `--detail` prints).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      // Whose code: the loader's, the glue's (the wasm's), or none (a promise resolved natively).
      const whose = (s) => (/\/pkg\//.test(s.sourceURL) ? "glue" : /touchpoint/.test(s.sourceURL) ? "loader" : "native");
      const scripts = e.scripts.map((s) => `${s.invoker} (${whose(s)}) ${Math.round(s.duration)} ms${s.forcedStyleAndLayoutDuration >= 1 ? ` (forced layout ${Math.round(s.forcedStyleAndLayoutDuration)})` : ""}`);
      const render = e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0;
      window.__frames.push({ start: e.startTime, end: e.startTime + e.duration, what: [...scripts, `rendering ${render} ms`].join(", ") });
    }
  }).observe({ type: "long-animation-frame", buffered: true });
};

/** Prints the long tasks from `from` on, each with what ran in the frames overlapping it. */
function detail(label, tasks, frames, from) {
  for (const t of tasks.filter((t) => t.start >= from)) {
    const seen = frames.filter((f) => f.start < t.start + t.duration && f.end > t.start).map((f) => f.what);
    console.log(`  ${label} +${Math.round(t.start - from)} ms: ${Math.round(t.duration)} ms [${seen.join(" | ")}]`);
  }
}

/** Longest task (ms) and how many reached 50 ms, among `tasks` starting at or after `from`. */
function summary(tasks, from = 0) {
  const mine = tasks.filter((t) => t.start >= from);
  return { longest: Math.round(Math.max(0, ...mine.map((t) => t.duration))), count: mine.length };
}

const page = (tag) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title>
${tag}</head><body><h1>A host page</h1></body></html>`;

/** When the loader's bytes had arrived (ms since navigation), or 0 if the entry is missing. */
const LOADER_ARRIVED = () => performance.getEntriesByType("resource").find((e) => /\/touchpoint(\.\w+)?\.js$/.test(e.name))?.responseEnd ?? 0;

/**
 * Waits until `selector` matches inside the widget's shadow root. Polled with a one-line
 * evaluate, not a Playwright locator: a locator injects Playwright's own script into the page,
 * whose parsing is itself a long task that would be counted as the widget's.
 */
async function shown(page, selector) {
  const end = Date.now() + 30_000;
  while (!(await page.evaluate((s) => !!document.querySelector("[data-touchpoint]")?.shadowRoot?.querySelector(s), selector))) {
    if (Date.now() > end) throw new Error(`${selector} did not appear on ${page.url()}`);
    await pause(20);
  }
}

async function once(browser, url, rate, trace) {
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Europe/Oslo" });
  const page = await context.newPage();
  try {
    await page.addInitScript(OBSERVE);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    if (trace) await browser.startTracing(page, { path: trace, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "blink.user_timing", "loading"] });
    await page.goto(url);
    // Mounted: the widget's own root replaced the loader's placeholder button.
    await shown(page, ".tp");
    await pause(QUIET_MS * rate);
    const tasks = () => page.evaluate(() => window.__longtasks);
    const arrived = await page.evaluate(LOADER_ARRIVED);
    const load = summary(await tasks(), arrived);
    const clicked = await page.evaluate(() => performance.now());
    const box = await page.evaluate(() => {
      const r = document.querySelector("[data-touchpoint]").shadowRoot.querySelector(".tp-launcher").getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.click(box.x, box.y); // a real click, through the browser's input
    await shown(page, ".tp-panel .tp-channel");
    await pause(QUIET_MS * rate);
    const open = summary(await tasks(), clicked);
    if (DETAIL) {
      const [all, frames] = [await tasks(), await page.evaluate(() => window.__frames)];
      console.log(`${rate}x, a run:`);
      detail("load", all.filter((t) => t.start < clicked), frames, arrived);
      detail("open", all, frames, clicked);
    }
    if (trace) await browser.stopTracing();
    return { load, open };
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A build to measure: its collector (allowing the host page's origin) and the host's page
 * carrying that build's pinned tag. `dir`: a checkout with `www/` and a built `pkg/`.
 */
async function build(host, path, dir) {
  const collector = await startCollector({ origins: [host.url], www: `${dir}/www`, pkg: `${dir}/pkg` });
  const args = ["embed", "--base", collector.url + "/", "--pkg", `${dir}/pkg`, "--json"];
  host.page(path, page(JSON.parse(execFileSync(BINARY, args, { encoding: "utf8" })).tag));
  return { collector, url: host.url + path };
}

const host = await startHost();
const builds = [["now", await build(host, "/now/", ROOT)]];
if (BEFORE_DIR) builds.push(["before", await build(host, "/before/", BEFORE_DIR)]);
const browser = await launchBrowser();
try {
  console.log(`long tasks on a host page (ms; median and worst of ${RUNS} runs; budget: none over 50 ms)`);
  const head = ["CPU", "moment", "longest (median)", "longest (worst)", "tasks >= 50 ms (median)"];
  if (BEFORE_DIR) head.push("before: median", "before: worst");
  head.push("issue 11 said");
  const widths = [14, 13, 17, 16, 24, 15, 14, 14];
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("");
  console.log(line(head));
  for (const rate of RATES) {
    // The builds take turns, so that both see the machine as loaded as the other.
    const runs = Object.fromEntries(builds.map(([name]) => [name, []]));
    for (let i = 0; i < RUNS; i++) for (const [name, b] of builds) runs[name].push(await once(browser, b.url, rate));
    if (TRACE && rate === TRACE_RATE) {
      const path = `${ROOT}/target/longtask-trace.json`;
      await once(browser, builds[0][1].url, rate, path);
      console.error(`trace of one ${rate}x run: ${path}`);
    }
    for (const [k, name, said] of [["load", "at load", SAID[rate]?.[0]], ["open", "first open", SAID[rate]?.[1]]]) {
      const of = (build) => runs[build].map((r) => r[k].longest);
      const cells = [rate === 1 ? "unthrottled" : `${rate}x slower`, name, median(of("now")), Math.max(...of("now")),
        median(runs.now.map((r) => r[k].count))];
      if (BEFORE_DIR) cells.push(median(of("before")), Math.max(...of("before")));
      cells.push(said ?? "-");
      console.log(line(cells));
    }
  }
  console.log(`(load average ${loadavg().map((l) => l.toFixed(1)).join(", ")} on ${cpus().length} cores${BEFORE_DIR ? `; before: ${BEFORE_DIR}` : ""})`);
} finally {
  await browser.close();
  for (const [, b] of builds) await b.collector.stop();
  await host.stop();
}
