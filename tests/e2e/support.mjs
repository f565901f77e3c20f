// Shared set-up for the end-to-end tests: the real collector binary on a free
// loopback port with its own SQLite file, and Debian's Chromium through
// playwright-core. Nothing is mocked; route interception is used only to serve
// extra host pages and to inject network faults.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BINARY = process.env.TOUCHPOINT_BIN || join(ROOT, "target", "debug", "touchpoint");

/**
 * Starts `touchpoint serve` on 127.0.0.1 with a fresh database; resolves once it listens.
 * `dir` and `port` let a test restart a collector on the same database and address; `www` serves
 * other host pages than the demo's.
 */
export async function startCollector({ dir = mkdtempSync(join(tmpdir(), "touchpoint-e2e-")), port = 0, www = join(ROOT, "www") } = {}) {
  const db = join(dir, "touchpoint.db");
  const proc = spawn(BINARY, ["serve", "--addr", `127.0.0.1:${port}`, "--db", db, "--www", www, "--pkg", join(ROOT, "pkg")], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || "warn" },
  });
  let stderr = "";
  proc.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${stderr}`)), 15000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/open (http:\/\/[^/\s]+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on("exit", (code) => reject(new Error(`collector exited with ${code}: ${stderr}`)));
  });
  // The listing needs a read key for its site, made as an operator makes one (printed alone on stdout).
  const keys = new Map();
  const keyFor = (site) => {
    if (!keys.has(site)) {
      const out = execFileSync(BINARY, ["key", "add", "--site", site, "--scope", "read", "--db", db], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      keys.set(site, out.trim());
    }
    return keys.get(site);
  };
  return {
    url,
    db,
    dir,
    proc,
    async responses(site = "northwind") {
      const res = await fetch(`${url}/v1/responses?site=${site}`, { headers: { authorization: `Bearer ${keyFor(site)}` } });
      if (!res.ok) throw new Error(`listing answered ${res.status}`);
      return (await res.json()).responses;
    },
    /**
     * The stored responses once there are at least `count` (the widget thanks the visitor when
     * the answer is safe in its outbox; delivery follows a moment later); throws if they do not
     * come. `clock`: the pages' clock, moved on while waiting (see `waitUntil`).
     */
    async responsesWhen(count, { site = "northwind", clock, timeout } = {}) {
      return waitUntil(`${count} stored response(s) for ${site}`, () => this.responses(site), (rows) => rows.length >= count, {
        clock,
        timeout,
      });
    },
    /** The port it listens on, to restart on the same address. */
    get port() {
      return Number(new URL(url).port);
    },
    /** SIGKILL: no graceful shutdown, in-flight requests cut off. The files stay. */
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGKILL");
        await exited;
      }
    },
    async stop({ keep = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits `ms` of real time: for the browser's and the collector's I/O, never for the widget's timers. */
export function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * How fast the pages' clock is driven: `step` ms of page time at a time, then `pause` ms of
 * real time for the requests that fell due to be answered. Where several tabs share one
 * outbox, use `SHARED`: tabs see each other's lease claims through localStorage, which
 * crosses processes in real time, so the lease's 200 ms settle must last 200 real ms.
 */
export const PACE = { step: 1_000, pause: 15 };
export const SHARED = { step: 200, pause: 200 };

/**
 * Moves the pages' clock (a Playwright `context.clock` or `page.clock`, installed) `ms` on at
 * `pace`: back-off, leases and delays pass without being waited out.
 */
export async function drive(clock, ms, { step, pause: wait } = PACE) {
  for (let done = 0; done < ms; done += step) {
    await clock.runFor(Math.min(step, ms - done));
    await pause(wait);
  }
}

/**
 * Polls `probe()` until `done(observation)` holds and returns that observation. Between polls
 * the pages' `clock`, when given, moves one step on at `pace` (see `drive`), after `ready()`
 * (e.g. until every intercepted request has been logged). Throws, naming `what` and the last
 * observation, after `timeout` ms of page time (with a clock) or of real time (without), and
 * in any case after 60 s of real time.
 */
export async function waitUntil(what, probe, done, { clock, pace = PACE, timeout, ready } = {}) {
  const limit = timeout ?? (clock ? 120_000 : 15_000);
  const started = Date.now();
  let moved = 0;
  for (;;) {
    const seen = await probe();
    if (done(seen)) return seen;
    const waited = clock ? moved : Date.now() - started;
    if (waited >= limit || Date.now() - started > 60_000) {
      const shown = JSON.stringify(seen)?.slice(0, 2_000);
      throw new Error(`waited ${clock ? `${moved} ms of page time` : `${waited} ms`} for ${what}; last saw ${shown}`);
    }
    if (clock) {
      if (ready) await ready();
      await clock.runFor(pace.step);
      moved += pace.step;
      await pause(pace.pause);
    } else {
      await pause(50);
    }
  }
}

/** Debian's Chromium, headless, with the flags this sandboxed machine needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A page that records uncaught page errors and console errors for assertions. */
export async function watchedPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  return { context, page, pageErrors, consoleErrors };
}

/** Runs axe-core on the widget's shadow tree; returns WCAG 2.x A/AA violations. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so the page's strict CSP stays on.
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    const result = await window.axe.run(
      { include: [["[data-touchpoint]"]] },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
}
