/*! Touchpoint loader: the one tag a site adds.
 *
 *   <script async src="https://cx.example.com/touchpoint.js"
 *           data-config="/touchpoint.config.json"></script>
 *
 * A guest on someone else's page: it finds its own base URL, renders into a
 * Shadow DOM host, styles through a constructable stylesheet (no inline style,
 * no <style>, no eval), fetches the WebAssembly only at idle time or on first
 * interaction, and never throws into the host page.
 */
(function () {
  "use strict";
  var PREFIX = "Touchpoint: ";
  function report(message) {
    try { console.error(PREFIX + message); } catch (_) { /* no console: stay silent */ }
  }
  try {
    var script = document.currentScript;
    if (!script || !script.src) {
      report("load touchpoint.js with a classic <script src> tag (not a module, not inline).");
      return;
    }
    if (window.__touchpoint) return; // the tag was added twice: one widget is enough
    window.__touchpoint = true;

    // The JS API. Calls made before the wasm has loaded (also through a stub the page set up
    // before this script ran: `window.Touchpoint = {q: []}`, events pushed onto `q`) are
    // queued and replayed. It returns nothing and never throws.
    var queued = [], deliver = null, host;
    var early = window.Touchpoint && window.Touchpoint.q;
    if (early && early.length) queued = Array.prototype.slice.call(early, 0, 50);
    window.Touchpoint = {
      track: function (event) {
        try {
          if (typeof event !== "string" || stopped()) return;
          if (deliver) return void deliver(event);
          if (queued.length < 50) queued.push(event);
          load(false); // the visitor may be about to be asked: fetch the widget now
        } catch (e) { if (!stopped()) report("track failed: " + (e && e.message ? e.message : String(e))); }
      },
    };

    // The browser's own fetch, even when the host page wrapped or replaced
    // window.fetch: taken from a fresh same-origin about:blank realm (the frame is
    // removed at once) and called with this window as receiver. The widget does
    // the same for its posts (src/browser/fetch.rs).
    var fetch = (function () {
      try {
        var frame = document.createElement("iframe");
        frame.hidden = true;
        document.documentElement.appendChild(frame);
        var own = frame.contentWindow.fetch;
        frame.remove();
        if (typeof own === "function") return function (url, init) { return own.call(window, url, init); };
      } catch (_) { /* no frame possible: use what the page offers */ }
      return function (url, init) { return window.fetch(url, init); };
    })();

    var base = new URL(".", script.src).href;

    // Where the widget's files are, relative to this script, and the SRI hashes they must
    // match. This source names the unbuilt files; the build (scripts/build-dist.mjs) writes
    // the loader that is served, with content-hashed names and their hashes filled in.
    var ASSETS = {"css":["touchpoint.css"],"glue":["pkg/touchpoint.js"],"wasm":["pkg/touchpoint_bg.wasm"]};

    function refused(url) {
      return new Error(url + " was refused (integrity, CORS or network)");
    }

    // Fetches the asset `name`, pinned to its hash when it has one, without credentials.
    function fetchAsset(name) {
      var asset = ASSETS[name] || [name], url = new URL(asset[0], base).href;
      return fetch(url, { integrity: asset[1] || "", credentials: "omit" }).catch(function () { throw refused(url); });
    }

    // Imports the glue module pinned to its hash. import() takes no integrity, so a
    // <link rel=modulepreload integrity> puts the verified module into the page's module map
    // first, and import() of the same URL takes it from there; a refused one is never imported.
    function importGlue() {
      var url = new URL(ASSETS.glue[0], base).href;
      return new Promise(function (resolve, reject) {
        var link = document.createElement("link");
        link.rel = "modulepreload";
        link.crossOrigin = "anonymous";
        link.integrity = ASSETS.glue[1] || "";
        link.href = url;
        link.onload = function () { link.remove(); resolve(import(url)); };
        link.onerror = function () { link.remove(); reject(refused(url)); };
        (document.head || document.documentElement).appendChild(link);
      });
    }

    var configUrl = new URL(script.getAttribute("data-config") || "touchpoint.config.json", document.baseURI).href;

    host = document.createElement("div");
    host.setAttribute("data-touchpoint", "");
    var shadow = host.attachShadow({ mode: "open" });
    var root = document.createElement("div");
    shadow.appendChild(root);

    // Hidden by the widget's panic hook, which has logged: its trap is not reported again.
    function stopped() {
      return host && host.hidden;
    }

    function fail(message) {
      if (!stopped()) report(message);
      host.remove();
    }

    var styles = fetchAsset("css").then(function (r) {
      if (!r.ok) throw new Error("stylesheet answered " + r.status);
      return r.text();
    }).then(function (css) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    });

    var config = fetch(configUrl, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error("configuration " + configUrl + " answered " + r.status);
      return r.text();
    });

    // The placeholder launcher: plain DOM, replaced by the widget's own once the wasm runs.
    var placeholder = document.createElement("button");
    placeholder.type = "button";
    placeholder.className = "tp-launcher";
    placeholder.setAttribute("aria-expanded", "false");
    placeholder.textContent = "Contact & feedback";
    root.appendChild(placeholder);

    var loading = null;
    function load(open) {
      if (loading) return loading;
      loading = Promise.all([config, importGlue()]).then(function (parts) {
        var text = parts[0], widget = parts[1];
        return widget.default({ module_or_path: fetchAsset("wasm") }).then(function () {
          var wanted = open || placeholder.getAttribute("aria-busy") === "true";
          // A keyboard user resting on the placeholder keeps focus on the real launcher.
          var focused = shadow.activeElement === placeholder;
          root.removeChild(placeholder);
          widget.mount(root, text, configUrl, wanted, focused);
          deliver = widget.track;
          queued.splice(0).forEach(deliver);
        });
      }).catch(function (e) {
        fail(e && e.message ? e.message : String(e));
      });
      return loading;
    }

    placeholder.addEventListener("click", function () {
      placeholder.setAttribute("aria-busy", "true");
      placeholder.textContent = "Loading…";
      load(true);
    });
    // Warm up as soon as the visitor shows interest.
    placeholder.addEventListener("pointerenter", function () { load(false); }, { once: true });
    placeholder.addEventListener("focus", function () { load(false); }, { once: true });

    Promise.all([styles, config]).then(function () {
      // Added only once styled and configured: no flash of an unstyled or unconfigured widget.
      (document.body || document.documentElement).appendChild(host);
      var idle = window.requestIdleCallback || function (cb) { return setTimeout(cb, 1500); };
      idle(function () { load(false); }, { timeout: 4000 });
    }).catch(function (e) {
      fail(e && e.message ? e.message : String(e));
    });
  } catch (e) {
    report("could not start: " + (e && e.message ? e.message : String(e)));
  }
})();
