// JavaScript the widget needs beside wasm-bindgen's own glue: one module, so one request.

// scoreText's result object, assembled here from packed values (see src/score_text.rs).
const LABELS = ["negative", "neutral", "positive"];
const STATUSES = ["scored", "unscored_language", "low_confidence", "lexicon_unavailable"];
export function sentiment(lang, status, compound, pos, neu, neg, label, texts, weights) {
    lang = lang || null;
    if (status !== 0) {
        return { lang, status: STATUSES[status], compound: null, pos: null, neu: null, neg: null, label: null, terms: [] };
    }
    const terms = [];
    if (weights.length > 0) {
        const parts = texts.split("\u0000");
        for (let i = 0; i < weights.length; i++) terms.push({ text: parts[i], weight: weights[i] });
    }
    return { lang, status: "scored", compound, pos, neu, neg, label: LABELS[label], terms };
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
