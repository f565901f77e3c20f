/*! Touchpoint loader: the one tag a site adds.
 *
 *   <script async src="https://cx.example.com/touchpoint.js"
 *           data-config="/touchpoint.config.json"></script>
 *
 * A guest on someone else's page: it finds its own base URL, renders into a
 * Shadow DOM host, styles through constructable stylesheets (no inline style,
 * no <style>, no eval), fetches the WebAssembly only at idle time or on first
 * interaction, and never throws into the host page. scripts/build-dist.mjs
 * minifies it and pins what it fetches; README "Embedding", "JS API",
 * "Languages" and "Theme" say more.
 */
(function () {
  "use strict";
  // Arrow functions throughout: the loader is on every page of every site, and they are
  // fewer bytes (this script never uses `this`).
  var report = (message) => {
    try { console.error("Touchpoint: " + message); } catch (_) { /* no console: stay silent */ }
  };
  var said = (e) => (e && e.message ? e.message : String(e));
  try {
    var script = document.currentScript;
    if (!script || !script.src) {
      report("needs a classic <script src> tag");
      return;
    }
    if (window.__touchpoint) return; // the tag was added twice: one widget is enough
    window.__touchpoint = true;

    var base = new URL(".", script.src).href;
    var configUrl = new URL(script.getAttribute("data-config") || "touchpoint.config.json", document.baseURI).href;
    var host = document.createElement("div");
    host.dataset.touchpoint = "";
    var shadow = host.attachShadow({ mode: "open" });
    var root = shadow.appendChild(document.createElement("div"));
    root.className = "tp-root";

    // Hidden by the widget's panic hook, which has logged: its trap is not reported again.
    var stopped = () => host.hidden;
    var fail = (e) => {
      if (!stopped()) report(said(e));
      host.remove();
    };

    // The JS API. Calls made before the wasm has loaded (also through a stub the page set up
    // before this script ran: `window.Touchpoint = {q: []}` holding event names or
    // [method, argument] pairs) are queued and replayed. It returns nothing and never throws.
    var widget, queued = [], pending, handlers = [], ready;
    var api = (name, run) => (a, b) => {
      try { if (!stopped()) run(a, b); } catch (e) { report(name + " failed: " + said(e)); }
    };
    var type = (name) => (/:/.test(name) ? name : "touchpoint:" + name);
    var early = (window.Touchpoint && window.Touchpoint.q) || [];
    var Touchpoint = (window.Touchpoint = {
      track: api("track", (event) => {
        if (typeof event != "string") return;
        if (widget) return widget.track(event);
        if (queued.length < 50) queued.push(event);
        load(); // the visitor may be about to be asked: fetch the widget now
      }),
      open: api("open", (o) => {
        var topic = o && typeof o.topic == "string" ? o.topic : undefined;
        if (widget) return widget.open(topic);
        pending = { topic: topic };
        load();
      }),
      close: api("close", () => {
        if (widget) widget.close();
        pending = null;
      }),
      forget: api("forget", () => {
        if (widget) return widget.forget();
        queued.push(0); // replayed as forget() in order with the tracks before it
        load();
      }),
      on: api("on", (name, fn) => {
        var t = type(name), told;
        var wrapper = (e) => {
          try { fn.call(Touchpoint, e.detail); } catch (err) {
            if (!told) report("a " + t + " handler threw: " + said(err));
            told = 1;
          }
        };
        handlers.push([t, fn, wrapper]);
        host.addEventListener(t, wrapper);
        if (ready && t == "touchpoint:ready") setTimeout(wrapper, 0, { detail: ready });
      }),
      off: api("off", (name, fn) => {
        handlers = handlers.filter((h) => {
          if (h[0] != type(name) || h[1] != fn) return 1;
          host.removeEventListener(h[0], h[2]);
        });
      }),
    });

    // The browser's own fetch, even when the host page wrapped or replaced window.fetch:
    // taken from a fresh same-origin about:blank realm (the frame is removed at once) and
    // called with this window as receiver. Taken once, on first use (making the frame is the
    // costly part of the loader), and handed to the widget for its posts (src/browser/fetch.rs).
    var own;
    var fetch = (url, init) => {
      if (!own) {
        try {
          var frame = document.createElement("iframe");
          frame.hidden = true; // not laid out: a third less work
          own = document.documentElement.appendChild(frame).contentWindow.fetch;
          frame.remove();
        } catch (_) { /* no frame possible: use what the page offers */ }
        own = own || window.fetch;
      }
      return own.call(window, url, init);
    };

    // Where the widget's files are, relative to this script, and the SRI hashes they must
    // match. This source names the unbuilt files; the build (scripts/build-dist.mjs) writes
    // the loader that is served, with content-hashed names and their hashes filled in
    // (`i18n`: the index of the language catalogues, each pinned the same way).
    var ASSETS = {"css":["touchpoint.css"],"glue":["pkg/touchpoint.js"],"wasm":["pkg/touchpoint_bg.wasm"],"i18n":["pkg/i18n.json"]};

    // Fetches `asset` (a name in ASSETS, or [path, hash]), pinned to its hash when it has one,
    // without credentials.
    var refused = (url) => Error(url + " refused (SRI, CORS or network)");
    var fetchAsset = (asset) => {
      asset = ASSETS[asset] || asset;
      var url = new URL(asset[0], base).href;
      // No hash (an unbuilt file): `integrity` undefined is no member at all, as if "".
      return fetch(url, { integrity: asset[1], credentials: "omit" }).catch(() => { throw refused(url); });
    };
    var text = (response) => response.then((r) => {
      if (!r.ok) throw Error(r.url + " answered " + r.status);
      return r.text();
    });
    var sheet = (css) => {
      var s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    };

    // Imports the glue module pinned to its hash. import() takes no integrity, so a
    // <link rel=modulepreload integrity> puts the verified module into the page's module map
    // first, and import() of the same URL takes it from there; a refused one is never imported.
    var importGlue = () => {
      var url = new URL(ASSETS.glue[0], base).href;
      return new Promise((resolve, reject) => {
        var link = document.createElement("link");
        link.rel = "modulepreload";
        link.crossOrigin = "anonymous";
        link.integrity = ASSETS.glue[1] || "";
        link.href = url;
        link.onload = () => { link.remove(); resolve(import(url)); };
        link.onerror = () => { link.remove(); reject(refused(url)); };
        // `modulepreload` works anywhere in the document (it is body-ok), not only in <head>.
        document.documentElement.appendChild(link);
      });
    };

    // A new task (MessageChannel: unlike a timer, not held back on a page that fakes timers).
    var tick = () => new Promise((go) => {
      var c = new MessageChannel();
      c.port1.onmessage = go;
      c.port2.postMessage(0);
    });

    // Language: `language` unless "auto", then <html lang>, then the browser's, among the
    // languages the site declares (else all built in); else its first, or English. Dates and
    // numbers follow the visitor's own tag for that language where they have one (en-GB).
    var BUILT_IN = "en de fr es pt it nl nb sv da fi pl ja ar he".split(" ");
    var code = (tag) => {
      var c = String(tag || "").toLowerCase().split(/[-_]/)[0];
      return { no: "nb", nn: "nb" }[c] || c;
    };
    var choose = (c) => {
      var offered = c.languages || BUILT_IN, own = navigator.languages;
      var tags = [c.language != "auto" && c.language, document.documentElement.lang].concat(own);
      var lang = tags.map(code).find((l) => offered.includes(l)) || offered[0];
      return [lang, own.concat(tags).find((t) => code(t) == lang) || lang];
    };
    // The catalogues' index, fetched with the configuration when the page or the browser
    // is not English (English is compiled into the wasm), else once another is chosen; a
    // failed one is fetched again next time.
    var index;
    var catalogues = () => (index = index || text(fetchAsset("i18n")).then(JSON.parse).catch((e) => {
      index = 0;
      throw e;
    }));
    // The response holding the sentiment scorer's lexicon of a language (`lexicon/<lang>` in
    // the same index, pinned the same way), for the widget, which asks again after a failure
    // (src/browser/lexicons.rs).
    var lexicon = (l) => catalogues().then((all) => fetchAsset(all["lexicon/" + l]));

    // Theme, before anything shows. Text on an accent: white where it reaches 4.5:1, else
    // black (`Rgb::text_on` in core, which checks configured pairs).
    var HEX = /^#([\da-f]{3}){1,2}$/i;
    var textOn = (hex) => {
      var h = hex[4] ? hex : hex.replace(/\w/g, "$&$&"), l = 0.05;
      [0.2126, 0.7152, 0.0722].forEach((w, i) => {
        var c = parseInt(h.substr(1 + 2 * i, 2), 16) / 255;
        l += w * (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92);
      });
      return 1.05 / l < 4.5 ? "#000" : "#fff";
    };
    var theme = (t, lang) => {
      var a = t.accent, r = t.radius;
      var css = (HEX.test(a) ? `--tp-accent:${a};--tp-accent-text:${textOn(a)};` : "") +
        (HEX.test(t.accent_text) ? `--tp-accent-text:${t.accent_text};` : "") +
        (r >= 0 && r <= 24 ? `--tp-radius:${Math.round(r)}px;` : "");
      root.dir = host.dir = /^(ar|he)$/.test(lang) ? "rtl" : "ltr";
      root.lang = lang;
      var d = host.dataset; // data-position, data-scheme, data-font: what touchpoint.css reads
      d.position = t.position == "bottom_left" ? "left" : "right";
      d.scheme = /^(dark|auto)$/.test(t.color_scheme) ? t.color_scheme : "light";
      d.font = t.font == "inherit" ? "inherit" : "system";
      return sheet(":host{" + css + "}");
    };

    // Everything starts in the next task, out of the one that evaluates this script.
    var started = tick();
    var styles = started.then(() => text(fetchAsset("css"))).then(sheet);
    var setup = started.then(() => {
      if (choose({})[0] != "en") catalogues();
      return text(fetch(configUrl, { credentials: "omit" }));
    }).then((json) => {
      var c = {};
      try { c = JSON.parse(json) || {}; } catch (_) { /* the widget names what is wrong */ }
      var lang = choose(c);
      var words = lang[0] == "en" ? null : catalogues().then((all) => text(fetchAsset(all[lang[0]]))).catch((e) => {
        report(said(e) + ": English instead");
        lang = ["en", "en"];
      });
      return Promise.resolve(words).then((catalogue) => {
        var t = c.theme || {}, label = t.launcher_label, w = {};
        try { w = JSON.parse(catalogue) || {}; } catch (_) { /* English */ }
        if (label && label.big == null) label = label[lang[0]] || label[c.languages[0]];
        return { json: json, lang: lang, catalogue: catalogue, theme: theme(t, lang[0]),
          label: label || w.launcher || "Contact & feedback", loading: w.loading || "Loading…" };
      });
    });

    // The placeholder launcher: plain DOM, replaced by the widget's own once the wasm runs.
    var placeholder = root.appendChild(document.createElement("button"));
    placeholder.type = "button";
    placeholder.className = "tp-launcher";
    placeholder.ariaExpanded = "false";

    var loading;
    var load = () => (loading = loading || Promise.all([setup, importGlue()]).then((parts) => {
        var s = parts[0], w = parts[1];
        // Compiling, reading the configuration and the first render: three tasks, not one.
        return w.default({ module_or_path: fetchAsset("wasm") }).then(tick).then(() => {
          var prepared = w.prepare(s.json, configUrl, s.lang[1], s.catalogue, own, lexicon);
          return tick().then(() => {
            // Ready first, so the page hears it before the panel's own events; what its
            // handlers call (open, close, track) takes effect as the widget mounts.
            ready = { language: s.lang[0] };
            host.dispatchEvent(new CustomEvent("touchpoint:ready", { bubbles: true, composed: true, detail: ready }));
            // A keyboard user resting on the placeholder keeps focus on the real launcher.
            var focused = shadow.activeElement == placeholder;
            placeholder.remove();
            w.mount(root, prepared, !!pending, pending && pending.topic, focused);
            widget = w;
            queued.splice(0).forEach((e) => (e ? w.track(e) : w.forget()));
          });
        });
      }).catch(fail));

    placeholder.addEventListener("click", () => {
      placeholder.ariaBusy = "true";
      placeholder.textContent = placeholder.loading;
      pending = pending || {};
      load();
    });
    // Warm up as soon as the visitor shows interest.
    placeholder.addEventListener("pointerenter", load, { once: true });
    placeholder.addEventListener("focus", load, { once: true });

    Promise.all([styles, setup]).then((parts) => {
      var s = parts[1];
      shadow.adoptedStyleSheets = [parts[0], s.theme];
      placeholder.textContent = s.label;
      placeholder.loading = s.loading;
      // Added only once styled and configured: no flash of an unstyled or unconfigured widget.
      (document.body || document.documentElement).appendChild(host);
      (window.requestIdleCallback || setTimeout)(load, { timeout: 4000 });
    }).catch(fail);
    [].slice.call(early, 0, 50).forEach((c) => {
      c.big ? Touchpoint.track(c) : Touchpoint[c[0]] && Touchpoint[c[0]](c[1], c[2]);
    });
  } catch (e) {
    report("could not start: " + said(e));
  }
})();
