/*! Touchpoint loader */
// The one tag a site adds: <script async src=".../touchpoint.js" data-config="/touchpoint.config.json">.
// A guest on someone else's page: Shadow DOM, constructable stylesheets only (no inline
// style, no eval), the WebAssembly fetched at idle time or on first use, nothing thrown
// into the page. scripts/build-widget.sh minifies this into www/touchpoint.js, the file
// sites load; README "Embedding", "JS API", "Languages" and "Theme" say more.
(function () {
  "use strict";
  function report(m) {
    try { console.error("Touchpoint: " + m); } catch (_) {}
  }
  function said(e) {
    return e && e.message ? e.message : String(e);
  }
  try {
    var script = document.currentScript;
    if (!script || !script.src) return report("load touchpoint.js with a classic <script src> tag (not a module, not inline).");
    if (window.__touchpoint) return; // the tag twice: one widget is enough
    window.__touchpoint = true;
    var base = new URL(".", script.src).href;
    var configUrl = new URL(script.getAttribute("data-config") || "touchpoint.config.json", document.baseURI).href;
    var host = document.createElement("div");
    host.setAttribute("data-touchpoint", "");
    var shadow = host.attachShadow({ mode: "open" });
    var root = shadow.appendChild(document.createElement("div"));
    root.className = "tp-root";
    // Hidden by the widget's panic hook, which has logged: its trap is not reported again.
    function stopped() {
      return host.hidden;
    }
    function fail(e) {
      if (!stopped()) report(said(e));
      host.remove();
    }

    // The JS API. Calls before the wasm has loaded are queued (also from a stub
    // `window.Touchpoint = {q: []}` holding event names or [method, argument] pairs).
    var widget, queued = [], pending, handlers = [], ready;
    function api(name, run) {
      return function (a, b) {
        try { if (!stopped()) run(a, b); } catch (e) { report(name + " failed: " + said(e)); }
      };
    }
    function type(name) {
      return /:/.test(name) ? name : "touchpoint:" + name;
    }
    var early = (window.Touchpoint && window.Touchpoint.q) || [];
    var Touchpoint = (window.Touchpoint = {
      track: api("track", function (event) {
        if (typeof event != "string") return;
        if (widget) return widget.track(event);
        if (queued.length < 50) queued.push(event);
        load();
      }),
      open: api("open", function (o) {
        var topic = o && typeof o.topic == "string" ? o.topic : undefined;
        if (widget) return widget.open(topic);
        pending = { topic: topic };
        load();
      }),
      close: api("close", function () {
        if (widget) widget.close();
        pending = null;
      }),
      on: api("on", function (name, fn) {
        var t = type(name), told;
        var wrapper = function (e) {
          try { fn.call(Touchpoint, e.detail); } catch (err) {
            if (!told) report("a " + t + " handler threw: " + said(err));
            told = 1;
          }
        };
        handlers.push([t, fn, wrapper]);
        host.addEventListener(t, wrapper);
        if (ready && t == "touchpoint:ready") setTimeout(wrapper, 0, { detail: ready });
      }),
      off: api("off", function (name, fn) {
        handlers = handlers.filter(function (h) {
          if (h[0] != type(name) || h[1] != fn) return 1;
          host.removeEventListener(h[0], h[2]);
        });
      }),
    });

    // The browser's own fetch, from a fresh about:blank realm, whatever the page did to
    // window.fetch (as src/browser/fetch.rs does for the widget's posts).
    // Taken once, and passed on to the widget for its posts.
    var own;
    function fetch(url, init) {
      if (!own) {
        try {
          var frame = document.createElement("iframe");
          frame.hidden = true; // not laid out: a third less work
          own = document.documentElement.appendChild(frame).contentWindow.fetch;
          frame.remove();
        } catch (_) {}
        own = own || window.fetch;
      }
      return own.call(window, url, init);
    }
    function text(url, init) {
      return fetch(url, init).then(function (r) {
        if (!r.ok) throw Error(url + " answered " + r.status);
        return r.text();
      });
    }
    function sheet(css) {
      var s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    }
    // Fetching starts in the next task: taking the browser's own fetch from a fresh frame is
    // the costly part of the loader, kept out of the task that evaluates it.
    var started = tick();
    var styles = started.then(function () { return text(base + "touchpoint.css"); }).then(sheet);

    // Language: `language` unless "auto", then <html lang>, then the browser's, among the
    // languages the site declares (else all built in); else its first, or English. Dates and
    // numbers follow the visitor's own tag for that language where they have one (en-GB).
    var BUILT_IN = "en de fr es pt it nl nb sv da fi pl ja ar he".split(" ");
    function code(tag) {
      var c = String(tag || "").toLowerCase().split(/[-_]/)[0];
      return { no: "nb", nn: "nb", iw: "he" }[c] || c;
    }
    function choose(c) {
      var offered = c.languages || BUILT_IN, own = navigator.languages;
      var tags = [c.language != "auto" && c.language, document.documentElement.lang].concat(own);
      for (var i = 0; i < tags.length; i++) {
        var lang = code(tags[i]);
        if (offered.indexOf(lang) >= 0) {
          return [lang, own.filter(function (t) { return code(t) == lang; })[0] || tags[i]];
        }
      }
      return [offered[0], offered[0]];
    }
    // Theme, before anything shows. Text on an accent: white where it reaches 4.5:1, else
    // black (`Rgb::text_on` in core, which checks configured pairs).
    var HEX = /^#([\da-f]{3}){1,2}$/i;
    function textOn(hex) {
      var h = hex[4] ? hex : hex.replace(/\w/g, "$&$&"), l = 0.05;
      [0.2126, 0.7152, 0.0722].forEach(function (w, i) {
        var c = parseInt(h.substr(1 + 2 * i, 2), 16) / 255;
        l += w * (c > 0.04045 ? Math.pow((c + 0.055) / 1.055, 2.4) : c / 12.92);
      });
      return 1.05 / l < 4.5 ? "#000" : "#fff";
    }
    function theme(t, code) {
      var css = "", a = t.accent, r = t.radius;
      if (HEX.test(a)) css += "--tp-accent:" + a + ";--tp-accent-text:" + textOn(a) + ";";
      if (HEX.test(t.accent_text)) css += "--tp-accent-text:" + t.accent_text + ";";
      if (r >= 0 && r <= 24) css += "--tp-radius:" + Math.round(r) + "px;";
      root.dir = host.dir = /^(ar|he)$/.test(code) ? "rtl" : "ltr";
      root.lang = code;
      host.setAttribute("data-position", t.position == "bottom_left" ? "left" : "right");
      host.setAttribute("data-scheme", /^(dark|auto)$/.test(t.color_scheme) ? t.color_scheme : "light");
      host.setAttribute("data-font", t.font == "inherit" ? "inherit" : "system");
      return sheet(":host{" + css + "}");
    }

    var setup = started.then(function () { return text(configUrl, { credentials: "omit" }); }).then(function (json) {
      var c = {};
      try { c = JSON.parse(json) || {}; } catch (_) {} // the widget names what is wrong
      var lang = choose(c);
      var words = lang[0] == "en" ? null : text(base + "i18n/" + lang[0] + ".json").catch(function (e) {
        report(said(e) + ": English instead");
        lang = ["en", "en"];
      });
      return Promise.resolve(words).then(function (catalogue) {
        var t = c.theme || {}, label = t.launcher_label, w = {};
        try { w = JSON.parse(catalogue) || {}; } catch (_) {}
        if (label && label.big == null) label = label[lang[0]] || label[c.languages[0]];
        return { json: json, lang: lang, catalogue: catalogue, theme: theme(t, lang[0]),
          label: label || w.launcher || "Contact & feedback", loading: w.loading || "Loading…" };
      });
    });

    // The placeholder launcher, replaced by the widget's own once the wasm runs.
    var placeholder = root.appendChild(document.createElement("button"));
    placeholder.type = "button";
    placeholder.className = "tp-launcher";
    placeholder.setAttribute("aria-expanded", "false");

    // A new task (MessageChannel: unlike a timer, not held back on a page that fakes timers).
    function tick() {
      return new Promise(function (go) {
        var c = new MessageChannel();
        c.port1.onmessage = go;
        c.port2.postMessage(0);
      });
    }

    var loading;
    function load() {
      return loading = loading || Promise.all([setup, import(base + "pkg/touchpoint.js")]).then(function (parts) {
        var s = parts[0], w = parts[1];
        // Compiling, reading the configuration and the first render: three tasks, not one.
        return w.default({ module_or_path: fetch(base + "pkg/touchpoint_bg.wasm") }).then(tick).then(function () {
          var prepared = w.prepare(s.json, configUrl, s.lang[1], s.catalogue, own);
          return tick().then(function () {
            // A keyboard user resting on the placeholder keeps focus on the real launcher.
            var focused = shadow.activeElement == placeholder;
            placeholder.remove();
            w.mount(root, prepared, !!pending, pending && pending.topic, focused);
          });
        }).then(function () {
          widget = w;
          queued.splice(0).forEach(w.track);
          ready = { language: s.lang[0] };
          host.dispatchEvent(new CustomEvent("touchpoint:ready", { bubbles: true, composed: true, detail: ready }));
        });
      }).catch(fail);
    }

    placeholder.addEventListener("click", function () {
      placeholder.setAttribute("aria-busy", "true");
      placeholder.textContent = placeholder.loading;
      pending = pending || {};
      load();
    });
    // Warm up as soon as the visitor shows interest.
    placeholder.addEventListener("pointerenter", load, { once: true });
    placeholder.addEventListener("focus", load, { once: true });

    Promise.all([styles, setup]).then(function (parts) {
      var s = parts[1];
      shadow.adoptedStyleSheets = [parts[0], s.theme];
      placeholder.textContent = s.label;
      placeholder.loading = s.loading;
      // Shown only once styled and configured: no flash of an unstyled or unconfigured widget.
      (document.body || document.documentElement).appendChild(host);
      (window.requestIdleCallback || setTimeout)(load, { timeout: 4000 });
    }).catch(fail);
    [].slice.call(early, 0, 50).forEach(function (c) {
      c.big ? Touchpoint.track(c) : Touchpoint[c[0]] && Touchpoint[c[0]](c[1], c[2]);
    });
  } catch (e) {
    report("could not start: " + said(e));
  }
})();
