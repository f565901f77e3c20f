// Studio's side of the live preview (see studio/static/preview.js for the frame's side):
// the widget's files from /pkg/ (named by /pkg/manifest.json), its wasm compiled once into
// a WebAssembly.Module, and the hand-over to a freshly loaded frame.
let assets = null;

function load() {
  if (!assets) {
    assets = fetch("/pkg/manifest.json", { cache: "no-cache" })
      .then((r) => r.json())
      .then(async (m) => {
        const url = (name) => new URL("/" + m.assets[name][0], location.origin).href;
        const [module, css] = await Promise.all([
          WebAssembly.compileStreaming(fetch(url("wasm"))),
          fetch(url("css")).then((r) => r.text()),
        ]);
        // The language catalogues by primary subtag ("i18n/nb" → its hashed file).
        const catalogues = {};
        for (const name of Object.keys(m.assets)) if (name.startsWith("i18n/")) catalogues[name.slice(5)] = url(name);
        return { module, css, glue: url("glue"), catalogues };
      });
    assets.catch(() => (assets = null));
  }
  return assets;
}

// Catalogue texts by language, fetched once (a failed one is fetched again next time).
const words = {};
function catalogue(a, lang) {
  const url = lang !== "en" && a.catalogues[lang];
  if (!url) return Promise.resolve(null);
  words[lang] = words[lang] || fetch(url).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${url}: ${r.status}`))));
  return words[lang].catch(() => {
    delete words[lang];
    return null;
  });
}

// The latest hand-over waiting for its frame to say "ready" (a newer one replaces it).
let waiting = null;
addEventListener("message", (e) => {
  if (!waiting || e.source !== waiting.frame.contentWindow || !e.data || e.data.type !== "ready") return;
  const { frame, s } = waiting;
  waiting = null;
  frame.contentWindow.postMessage(s, location.origin);
});

/** Loads the preview page afresh in `frame` and mounts the widget with `settings` (JSON). */
export function showPreview(frame, settings) {
  const s = JSON.parse(settings);
  s.type = "mount";
  load().then((a) => catalogue(a, s.language).then((w) => {
    waiting = { frame, s: Object.assign(s, a, { words: w }) };
    frame.contentWindow.location.replace(new URL("/studio/preview.html", location.origin).href);
  }), (e) => {
    dispatchEvent(new CustomEvent("studio-preview-failed", { detail: String(e && e.message || e) }));
  });
}

/** Sends a trigger (`{type: "track", event}` or `{type: "visit", path}`) to the mounted widget. */
export function firePreview(frame, message) {
  if (frame.contentWindow) frame.contentWindow.postMessage(JSON.parse(message), location.origin);
}

/** The absolute time now, comparable across frames. */
export function absoluteNow() {
  return performance.timeOrigin + performance.now();
}

/** Milliseconds since the epoch of `local` (`YYYY-MM-DDTHH:MM`) on the wall clock of `zone`. */
export function zonedInstant(local, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return Date.now();
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const offset = (t) => {
    try {
      const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
      const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) - Math.floor(t / 1000) * 1000;
    } catch (_) {
      return 0;
    }
  };
  const first = wall - offset(wall);
  return wall - offset(first);
}
