/*
 * Live updates pushed by the server: a Server-Sent Event stream of a feed, with the page's
 * polling as the fallback. Each event's id is the revision it brings the page to, so a
 * reconnect (the browser's own, with Last-Event-ID) resumes with nothing missed or repeated.
 * When the stream cannot be opened (the server refuses it, a proxy breaks it) or fails three
 * times running, the page polls instead and says so in its status line.
 */

const FAILURES_BEFORE_POLLING = 3;

/** How often a closed workshop's screen asks whether it was opened again (the server ends the
 * stream when a workshop closes; a planner may reopen it). */
export const REOPENED_CHECK_MS = 10_000;

/**
 * Follow ``url`` (``?after=`` the page's revision is added); ``apply`` gets each event's JSON
 * and returns true while nothing more will come (a closed workshop): the stream is closed then,
 * and opened again every REOPENED_CHECK_MS, so a reopened workshop's news flow once more.
 * ``fallback`` starts polling; ``say`` puts a sentence in the page's status line.
 */
export function follow(options) {
  const { url, after, apply, fallback, say, text } = options;
  if (!url || typeof window.EventSource !== "function") {
    say(text.polling);
    fallback();
    return;
  }
  const from = after();
  const source = new EventSource(from === "" ? url : url + (url.includes("?") ? "&" : "?") + "after=" + from);
  let failures = 0;
  source.addEventListener("open", function () {
    failures = 0;
  });
  source.addEventListener("message", function (event) {
    failures = 0;
    if (apply(JSON.parse(event.data))) {
      source.close();
      window.setTimeout(function () {
        follow(options);
      }, REOPENED_CHECK_MS);
    }
  });
  source.addEventListener("error", function () {
    // CLOSED: refused (503, or not a stream at all); CONNECTING: the browser retries by itself.
    failures += 1;
    if (source.readyState === EventSource.CLOSED || failures >= FAILURES_BEFORE_POLLING) {
      source.close();
      say(text.polling);
      fallback();
    }
  });
}
