// Shared set-up for the end-to-end tests: the real collector binary on a free
// loopback port with its own SQLite file, and Debian's Chromium through
// playwright-core. Nothing is mocked; route interception is used only to serve
// extra host pages and to inject network faults.
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { embedCode as embedWith, staticServer, startHost } from "../../scripts/host-server.mjs";

export { startHost };

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BINARY = process.env.TOUCHPOINT_BIN || join(ROOT, "target", "debug", "touchpoint");

/**
 * The backend the end-to-end tests store into: `TOUCHPOINT_E2E_BACKEND=postgres` runs them on
 * PostgreSQL (a fresh database per collector on the cluster at `TOUCHPOINT_TEST_PG`, which the
 * test command starts), otherwise SQLite. Never a skip: asked for PostgreSQL without a cluster,
 * the tests fail.
 */
export const BACKEND = process.env.TOUCHPOINT_E2E_BACKEND === "postgres" ? "PostgreSQL" : "SQLite";

/** A database for a collector whose files live in `dir`: the same one again for the same `dir`. */
function database(dir) {
  if (BACKEND === "SQLite") return join(dir, "touchpoint.db");
  const remembered = join(dir, "database-url");
  if (existsSync(remembered)) return readFileSync(remembered, "utf8").trim();
  const cluster = process.env.TOUCHPOINT_TEST_PG;
  if (!cluster) throw new Error("TOUCHPOINT_E2E_BACKEND=postgres needs TOUCHPOINT_TEST_PG (scripts/pg.sh run …)");
  const url = execFileSync(join(ROOT, "scripts", "pg.sh"), ["newdb", cluster], { encoding: "utf8" }).trim();
  writeFileSync(remembered, url);
  return url;
}

/**
 * Starts `touchpoint serve` on 127.0.0.1 with a fresh database; resolves once it listens.
 * `origins`: pages of these origins may post for the demo's site (the collector's `--sites`).
 * `dir` and `port` let a test restart a collector on the same database, address and sites; `www`
 * serves other host pages than the demo's; `db` a database of the test's own (else see `database`).
 */
export async function startCollector({ dir = mkdtempSync(join(tmpdir(), "touchpoint-e2e-")), port = 0, origins, www = join(ROOT, "www"), db } = {}) {
  db ??= database(dir);
  const sites = join(dir, "sites.json");
  if (origins) writeFileSync(sites, JSON.stringify({ sites: { northwind: { origins } } }));
  const args = ["serve", "--addr", `127.0.0.1:${port}`, "--db", db, "--www", www, "--pkg", join(ROOT, "pkg")];
  if (existsSync(sites)) args.push("--sites", sites);
  const proc = spawn(BINARY, args, {
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

/**
 * `touchpoint embed --json` for files served under `base`: the pinned tag and the host's
 * policy; `config` its `--config`, `out` its `--out` (the files to serve under `base`).
 */
export function embedCode(base, options) {
  return embedWith(BINARY, base, options);
}

/**
 * A static file server as a CDN would be: `root` under `prefix`, public to every origin
 * (`Access-Control-Allow-Origin: *`, which fetches with integrity need), wasm as `application/wasm`.
 */
export function startCdn(root, prefix) {
  return staticServer({ root, prefix, headers: () => ({ "access-control-allow-origin": "*" }) });
}

/**
 * The demo as web teams embed it: its pages on another origin (`startHost`) and the
 * collector allowing that origin; or with `sameOrigin`, the collector's own demo pages.
 * `url` is where the pages are.
 */
export async function startDemo({ sameOrigin = false } = {}) {
  const host = sameOrigin ? null : await startHost();
  const collector = await startCollector({ origins: host ? [host.url] : undefined });
  host?.embed(embedCode(collector.url + "/"));
  return {
    collector,
    host,
    url: host?.url ?? collector.url,
    kind: sameOrigin ? HOSTS.same : HOSTS.cross,
    async stop() {
      await collector.stop();
      await host?.stop();
    },
  };
}

/** How the page that carries the tag is hosted, as the matrix shows it. */
export const HOSTS = {
  cross: "another site, pinned tag, strict CSP",
  same: "the collector's own origin",
  cdn: "files on a CDN, collector elsewhere",
};

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

/**
 * A browser context and page that record what a host page's owner would see go wrong: uncaught
 * page errors, console errors (CORS refusals and failed loads show there) and
 * Content-Security-Policy violations (`securitypolicyviolation` events, in every frame and
 * every page of the context). `finish(flow, host)` fails on any of them (console errors that
 * `expected` accepts aside: `{ text, url }` of each) and adds the flow's row to the matrix.
 */
export async function watchedPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const pageErrors = [];
  const consoleErrors = []; // texts
  const consoleEntries = []; // { text, url }
  const cspViolations = [];
  await context.exposeFunction("__touchpointTestCsp", (v) => cspViolations.push(v));
  await context.addInitScript(() => {
    addEventListener("securitypolicyviolation", (e) => window.__touchpointTestCsp(`${e.effectiveDirective} ${e.blockedURI}`), true);
  });
  const watch = (page) => {
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      consoleErrors.push(m.text());
      consoleEntries.push({ text: m.text(), url: m.location()?.url ?? "" });
    });
  };
  context.on("page", watch);
  const page = await context.newPage();
  const watched = {
    context,
    page,
    pageErrors,
    consoleErrors,
    cspViolations,
    /** Axe-core's findings, when a flow ran it (see `axeViolations`). */
    axe: null,
    /**
     * Asserts nothing went wrong on the host pages and records the flow in the matrix.
     * `expected({ text, url })`: console errors the flow provokes on purpose (injected faults).
     */
    finish(flow, host, { expected = () => false } = {}) {
      const unexpected = consoleEntries.filter((e) => !expected(e)).map((e) => `${e.text} (${e.url})`);
      recordFlow({ flow, host, pageErrors: pageErrors.length, consoleErrors: unexpected.length, csp: cspViolations.length, axe: watched.axe });
      assert.deepEqual(pageErrors, [], `${flow}: nothing thrown into the host page`);
      assert.deepEqual(unexpected, [], `${flow}: no console error (CORS, failed loads)`);
      assert.deepEqual(cspViolations, [], `${flow}: no Content-Security-Policy violation`);
    },
  };
  watchedByPage.set(page, watched);
  return watched;
}

const watchedByPage = new WeakMap();

/**
 * Appends a row to the cross-origin matrix (`TOUCHPOINT_E2E_MATRIX`, a JSON Lines file that
 * tests/e2e/run.mjs prints at the end of the run). A flow reported twice keeps both rows.
 */
function recordFlow(row) {
  const file = process.env.TOUCHPOINT_E2E_MATRIX;
  if (file) appendFileSync(file, JSON.stringify({ file: process.argv[1]?.split("/").pop(), ...row }) + "\n");
}

/** Runs axe-core on the widget's shadow tree; returns WCAG 2.x A/AA violations. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so the page's strict CSP stays on.
  await page.evaluate(readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(
      { include: [["[data-touchpoint]"]] },
      { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } },
    );
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  const watched = watchedByPage.get(page);
  if (watched) watched.axe = (watched.axe ?? 0) + violations.length;
  return violations;
}
