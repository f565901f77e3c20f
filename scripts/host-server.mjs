// Another site embedding Touchpoint: the demo's pages (www/) served from their own origin
// with the tag `touchpoint embed` prints for a collector elsewhere (pinned by SRI), under
// the strict Content-Security-Policy it prints. The end-to-end tests run every flow on such
// a site; `make demo` serves one beside the collector:
//
//   node scripts/host-server.mjs --port 8081 --collector http://127.0.0.1:8080
//
// prints its URL (http://localhost:8081/: `localhost` is another site than 127.0.0.1).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, dirname, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
/** The demo pages' tag, which a site on another origin replaces with the embed code. */
const DEMO_TAG = '<script async src="/touchpoint.js" data-config="/touchpoint.config.json"></script>';

/**
 * `touchpoint embed --json` (the binary `binary`) for files served under `base`: the pinned
 * tag and the host's policy; `config` its `--config`, `out` its `--out`.
 */
export function embedCode(binary, base, { config, out } = {}) {
  const args = ["embed", "--base", base, "--pkg", join(ROOT, "pkg"), "--json"];
  if (config) args.push("--config", config);
  if (out) args.push("--out", out);
  return JSON.parse(execFileSync(binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

/**
 * A plain static file server on 127.0.0.1 (`port`, default any free one), named `hostname`
 * in its URL: `root`'s files under `prefix`, with `headers(type)` on every answer.
 * `rewrite(html)` is applied to HTML pages; `page(path, body, type)` adds a page.
 */
export async function staticServer({ root, prefix = "/", port = 0, hostname = "127.0.0.1", headers = () => ({}), rewrite = (html) => html }) {
  const pages = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const send = (status, type, body) => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-cache", ...headers(type) });
      res.end(body);
    };
    if (pages.has(path)) return send(200, ...pages.get(path));
    let file = path.startsWith(prefix) ? normalize(join(root, path.slice(prefix.length))) : null;
    if (file && !file.startsWith(root)) file = null;
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file || !existsSync(file)) return send(404, "text/plain", "not found");
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const body = readFileSync(file);
    try {
      send(200, type, type === TYPES[".html"] ? rewrite(body.toString("utf8")) : body);
    } catch (e) {
      send(500, "text/plain", String(e));
    }
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return {
    url: `http://${hostname}:${server.address().port}`,
    /** Serves `body` at `path` (an HTML page unless `type` says otherwise). */
    page(path, body, type = TYPES[".html"]) {
      pages.set(path, [type, body]);
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * The demo's pages on http://localhost:`port` (another site than the collector's
 * 127.0.0.1), their tag replaced by the embed code set with `embed(code)` (see `embedCode`),
 * under its policy.
 */
export async function startHost({ port = 0 } = {}) {
  let code = null;
  const server = await staticServer({
    root: join(ROOT, "www"),
    port,
    hostname: "localhost",
    headers: (type) => (type === TYPES[".html"] && code ? { "content-security-policy": code.policy } : {}),
    rewrite: (html) => {
      if (!code) throw new Error("the site's embed code is not set yet");
      return html.replace(DEMO_TAG, code.tag);
    },
  });
  return {
    ...server,
    embed(c) {
      code = c;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: "string" }, collector: { type: "string" }, binary: { type: "string" } } });
  const host = await startHost({ port: Number(values.port ?? 8081) });
  const code = embedCode(values.binary ?? join(ROOT, "target", "release", "touchpoint"), `${values.collector}/`);
  host.embed(code);
  console.log(`The same demo on another site, with that tag and policy: open ${host.url}/`);
}
