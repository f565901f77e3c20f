/* Studio's live preview frame. Loaded first in /studio/preview.html (same origin as
 * Studio), it waits for Studio's hand-over (postMessage) and then prepares this realm as
 * the chosen visitor's browser before the real widget from /pkg/ runs:
 *   - Date.now() and new Date() at the chosen instant (and moving on from there);
 *   - Intl.DateTimeFormat defaulting to the chosen time zone and language;
 *   - navigator.language(s) set;
 *   - focus() moving focus only while the preview has it (never out of Studio's fields);
 *   - the widget's visitor history in localStorage (empty, or with a contact whose
 *     promised reply is due, to preview a follow-up);
 * then mounts the widget with the draft configuration, its wasm instantiated from the
 * WebAssembly.Module Studio compiled once (so a keystroke costs an instantiation and a
 * render, not a download and compile). Each change loads this page afresh: a new realm,
 * no state carried over. Nothing here is served to visitors.
 */
(function () {
  "use strict";
  var HISTORY_KEY = "touchpoint:history";

  function prepare(s) {
    var RealDate = Date;
    var offset = s.instant - RealDate.now();
    function ShiftedDate() {
      var args = Array.prototype.slice.call(arguments);
      if (!(this instanceof ShiftedDate)) return new RealDate(RealDate.now() + offset).toString();
      if (args.length === 0) args = [RealDate.now() + offset];
      return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
    }
    ShiftedDate.prototype = RealDate.prototype;
    ShiftedDate.now = function () { return RealDate.now() + offset; };
    ShiftedDate.parse = RealDate.parse;
    ShiftedDate.UTC = RealDate.UTC;
    window.Date = ShiftedDate;

    var RealFormat = Intl.DateTimeFormat;
    function Format(locales, options) {
      var o = Object.assign({}, options || {});
      if (o.timeZone === undefined) o.timeZone = s.zone;
      return new RealFormat(locales === undefined ? s.languages : locales, o);
    }
    Format.prototype = RealFormat.prototype;
    Format.supportedLocalesOf = RealFormat.supportedLocalesOf;
    Intl.DateTimeFormat = Format;

    Object.defineProperty(Navigator.prototype, "languages", { get: function () { return s.languages.slice(); }, configurable: true });
    Object.defineProperty(Navigator.prototype, "language", { get: function () { return s.languages[0]; }, configurable: true });
    document.documentElement.lang = s.languages[0] || "en";

    try {
      if (s.history) localStorage.setItem(HISTORY_KEY, s.history);
      else localStorage.removeItem(HISTORY_KEY);
    } catch (_) { /* storage refused: the widget starts without a history */ }
    if (s.path) history.replaceState(null, "", s.path);

    // The widget opens its panel and moves focus into it; in the preview, that would take
    // focus from the field the marketer is typing in. Focus moves only while the preview
    // itself has focus (the marketer is using it).
    var focus = HTMLElement.prototype.focus;
    HTMLElement.prototype.focus = function (options) {
      if (document.hasFocus()) focus.call(this, options);
    };
  }

  var widget = null;
  addEventListener("message", function (e) {
    if (e.origin !== location.origin || e.source !== parent || !e.data) return;
    var s = e.data;
    if (s.type === "track" && widget) return void widget.track(s.event);
    if (s.type === "visit") return void history.pushState(null, "", s.path);
    if (s.type !== "mount") return;
    prepare(s);
    var host = document.createElement("div");
    host.setAttribute("data-touchpoint", "");
    var shadow = host.attachShadow({ mode: "open" });
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(s.css);
    shadow.adoptedStyleSheets = [sheet];
    var root = document.createElement("div");
    shadow.appendChild(root);
    document.body.appendChild(host);
    // The theme as the loader applies it (Studio computed it with core's code): custom
    // properties on the root, the corner, colour scheme and font on the host.
    var t = s.theme || {};
    if (t.css) {
      var themed = new CSSStyleSheet();
      themed.replaceSync(t.css);
      shadow.adoptedStyleSheets = [sheet, themed];
      host.setAttribute("data-position", t.position);
      host.setAttribute("data-scheme", t.scheme);
      host.setAttribute("data-font", t.font);
    }
    // The visitor's language as the loader would choose it (Studio did, with core's code:
    // the configured one, else the first of the visitor's the site offers), with its
    // catalogue (fetched once by Studio; English is built in) and the script's direction.
    var tag = s.tag;
    root.dir = host.dir = /^(ar|he)$/.test(s.language) ? "rtl" : "ltr";
    root.lang = tag;
    import(s.glue).then(function (glue) {
      return glue.default({ module_or_path: s.module }).then(function () {
        glue.mount(root, glue.prepare(s.config, s.configUrl, tag, s.words, null), s.open, null, false);
        widget = glue;
        // The render lands on the next frame: say so then, with the absolute time.
        requestAnimationFrame(function () {
          parent.postMessage({ type: "rendered", stamp: s.stamp, at: performance.timeOrigin + performance.now() }, location.origin);
        });
      });
    }).catch(function (err) {
      parent.postMessage({ type: "failed", stamp: s.stamp, message: String(err && err.message || err) }, location.origin);
    });
  });
  parent.postMessage({ type: "ready" }, location.origin);
})();
