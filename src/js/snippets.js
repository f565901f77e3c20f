// JavaScript the widget needs beside wasm-bindgen's own glue: one module, so one request.

// scoreText's result object, assembled here from numbers (see src/score_text.rs): the
// language as its ASCII letters packed into one number, the scores, and the terms passed
// one by one before it as spans of the caller's own string.
const LABELS = ["negative", "neutral", "positive"];
const STATUSES = ["scored", "unscored_language", "low_confidence", "lexicon_unavailable"];
const LANGS = new Map();
let pending = [];
function langCode(packed) {
  if (packed === 0) return null;
  let code = LANGS.get(packed);
  if (code === undefined) {
    code = "";
    for (let p = packed; p !== 0; p >>>= 8) code = String.fromCharCode(p & 0xff) + code;
    LANGS.set(packed, code);
  }
  return code;
}
export function term(text, start, end, weight) {
  pending.push({ text: text.slice(start, end), weight });
}
export function sentiment(packedLang, status, compound, pos, neu, neg, label, count) {
  const lang = langCode(packedLang);
  // Only this text's terms, even if an earlier call ended before taking its own.
  const terms = count === 0 ? [] : pending.length === count ? pending : pending.slice(-count);
  if (pending.length !== 0) pending = [];
  if (status !== 0) {
    return { lang, status: STATUSES[status], compound: null, pos: null, neu: null, neg: null, label: null, terms };
  }
  return { lang, status: "scored", compound, pos, neu, neg, label: LABELS[label], terms };
}
export function langOption(options) {
  const lang = options !== null && typeof options === "object" ? options.lang : undefined;
  return typeof lang === "string" ? lang : undefined;
}

// In Node, the npm package reads a language's lexicon from its own files the first time a
// text needs it (this module is snippets/<crate>/src/js/snippets.js in the package); in a
// browser there is no `process`, and the widget fetches lexicons itself.
export function readLexicon(lang) {
    try {
        const fs = globalThis.process?.getBuiltinModule?.("node:fs");
        return fs ? fs.readFileSync(new URL(`../../../../lexicons/${lang}.bin`, import.meta.url)) : undefined;
    } catch (_) {
        return undefined; // not part of a package: the text goes unscored, and says so
    }
}

// The wasm is built with panic = "abort": after the panic hook has hidden the widget and
// logged once, the panic ends in a trap, a WebAssembly.RuntimeError thrown out of whatever
// called into the widget (an event listener, a timer, a microtask), which the browser would
// report as the host page's uncaught error. The hook calls `willTrap` just before; the
// error reported next in this task is the widget's own, already logged, and is kept from
// the page: default prevented (no uncaught error in the console or devtools) and stopped
// before the page's own listeners (its error tracker) hear it. The guard listens in the
// capture phase on the window, which runs before every listener of the bubbling phase.
let trapping = false;
export function willTrap() {
    trapping = true;
    // A trap that the caller catches (the loader does) reports nothing: forget it after this task.
    queueMicrotask(() => { trapping = false; });
}
export function guardPage() {
    const swallow = (event) => {
        const error = event.type === "error" ? event.error : event.reason;
        if (trapping && error instanceof WebAssembly.RuntimeError) {
            trapping = false;
            event.preventDefault();
            event.stopImmediatePropagation();
        }
    };
    addEventListener("error", swallow, true);
    addEventListener("unhandledrejection", swallow, true);
}

// Runs `f` in a task of its own, after the browser has had the chance to paint and handle
// input: a MessageChannel message, which (unlike a timer) fires on pages that fake timers.
export function nextTask(f) {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => f();
    channel.port2.postMessage(0);
}
