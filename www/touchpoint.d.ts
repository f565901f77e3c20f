// Types of `window.Touchpoint`, the JS API the loader (touchpoint.js) defines on the host page.
// Served beside the loader as touchpoint.d.ts and shipped in the npm package as
// `touchpoint-widget/global`:
//
//   /// <reference types="touchpoint-widget/global" />
//   window.Touchpoint?.open({ topic: "returns" });
//
// Every method returns nothing and never throws; calls made before the widget's wasm has
// loaded are queued and replayed once it has.

/** What each event's handler receives (`detail` of the CustomEvent on `[data-touchpoint]`). */
export interface TouchpointEvents {
  /** The widget has loaded, in this language (the catalogue's code, e.g. "nb"). */
  ready: { language: string };
  /** The panel opened, at this topic if one was chosen (a configured topic id). */
  open: { topic: string | null };
  /** The panel closed. */
  close: Record<string, never>;
  /**
   * The visitor sent feedback: which touchpoint, its journey stage and scores, and the id
   * the collector stores it under. Never the comment's text.
   */
  submitted: {
    id: string;
    touchpoint: string;
    stage: "discover" | "consider" | "buy" | "onboard" | "use" | "get_help" | "renew" | "leave" | null;
    /** The touchpoint's score, −1 (bad) to 1 (good); null when nothing was rated or scored. */
    score: number | null;
    /** The visitor's journey score after it, −1 to 1 (docs/journey.md); null without one. */
    journey: number | null;
  };
  /** The visitor activated a channel of the directory. */
  contact: {
    channel: string;
    topic: string | null;
    /** The reply-by promised at that moment (ISO 8601, UTC), null without a response time. */
    reply_by: string | null;
  };
}

/** An event name, with or without its `touchpoint:` prefix. */
export type TouchpointEventName = keyof TouchpointEvents | `touchpoint:${keyof TouchpointEvents}`;

type Detail<N extends TouchpointEventName> = N extends `touchpoint:${infer E extends keyof TouchpointEvents}`
  ? TouchpointEvents[E]
  : N extends keyof TouchpointEvents
    ? TouchpointEvents[N]
    : never;

export interface TouchpointApi {
  /** Says that `event` happened (1-64 characters of A-Z a-z 0-9 - _ : .): touchpoints with a `track` trigger of that name become due. */
  track(event: string): void;
  /** Opens the panel, at `topic` when it is a configured topic id. */
  open(options?: { topic?: string }): void;
  /** Closes the panel. */
  close(): void;
  /**
   * Forgets the visitor's answers, as the panel's "Forget my answers" does (without its
   * confirm step: link it from the site's privacy page behind your own): deletes the journey
   * at the collector (kept and retried until it arrives), clears what the widget keeps in
   * this browser and starts a new journey. Loads the widget if it is not loaded yet.
   */
  forget(): void;
  /**
   * Calls `handler` with each event's detail. A handler that throws is reported once
   * (console.error) and never breaks the widget or reaches the page as uncaught. A handler
   * for `ready` added after the widget is ready is called at once.
   */
  on<N extends TouchpointEventName>(name: N, handler: (detail: Detail<N>) => void): void;
  /** Removes a handler added with `on` for the same name. */
  off<N extends TouchpointEventName>(name: N, handler: (detail: Detail<N>) => void): void;
}

/**
 * What a page may set before the loader runs: calls to replay, in order. An entry is an
 * event name (as `track`) or a `[method, argument, argument]` list such as
 * `["open", { topic: "returns" }]` or `["on", "submitted", handler]`.
 */
export interface TouchpointStub {
  q: Array<string | [keyof TouchpointApi, ...unknown[]]>;
}

declare global {
  interface Window {
    /** Absent when the tag is missing or was blocked: guard calls, or set a stub first. */
    Touchpoint?: TouchpointApi | TouchpointStub;
  }
}
