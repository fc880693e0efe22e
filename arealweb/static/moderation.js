/*
 * The moderation queue hears of new comments as they are sent: the server pushes the queue's
 * state (live.js) and the page says how many comments await moderation that it does not show
 * yet, with a link that reloads it. Without the stream the page asks for the same state every
 * few seconds instead, and says so.
 */

import { plural } from "./format.js";
import { follow } from "./live.js";
import { getJSON } from "./request.js";

const status = document.querySelector("[data-queue-status]");
const settings = JSON.parse(status.dataset.live);
// Whether the page asks for news itself (the stream could not be had); said with each news.
let polling = false;

function say(sentence) {
  status.querySelector("[data-queue-text]").textContent = sentence;
}

follow({
  url: settings.events,
  after: function () {
    return "";
  },
  apply: take,
  fallback: poll,
  say: say,
  text: settings.text,
});

/**
 * The queue's state: say how many waiting comments came after the page was drawn (those it
 * knew of, on another page of the queue or left out by its filters, are no news).
 */
function take(queue) {
  const shown = new Set(
    Array.from(document.querySelectorAll("[data-comment-id]"), function (card) {
      return card.dataset.commentId;
    }).concat(settings.known || []),
  );
  const unseen = queue.ids.filter(function (id) {
    return !shown.has(id);
  }).length;
  if (unseen) {
    say(plural(settings.text.news, unseen) + (polling ? " " + settings.text.polling : ""));
    status.querySelector("[data-queue-reload]").hidden = false;
  }
  return false;
}


async function poll() {
  polling = true;
  try {
    take(await getJSON(settings.pending, { fresh: true }));
  } catch {
    // Signed out or the server away: the next round tries again; the page says what it knew.
  }
  window.setTimeout(poll, settings.interval);
}
