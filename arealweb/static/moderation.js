/*
 * The moderation queue hears of new comments as they are sent: the server pushes the queue's
 * state (live.js) and the page says how many comments await moderation that it does not show
 * yet, with a link that reloads it. Without the stream the page stays as it was loaded and
 * says so.
 */

import { fill } from "./format.js";
import { follow } from "./live.js";

const status = document.querySelector("[data-queue-status]");
const settings = JSON.parse(status.dataset.live);

function say(sentence) {
  status.querySelector("[data-queue-text]").textContent = sentence;
}

follow({
  url: settings.events,
  after: function () {
    return "";
  },
  apply: function (queue) {
    const shown = new Set(
      Array.from(document.querySelectorAll("[data-comment-id]"), function (card) {
        return card.dataset.commentId;
      }),
    );
    const unseen = queue.ids.filter(function (id) {
      return !shown.has(id);
    }).length;
    if (unseen) {
      say(fill(settings.text.news, { count: unseen }));
      status.querySelector("[data-queue-reload]").hidden = false;
    }
    return false;
  },
  fallback: function () {},
  say: say,
  text: settings.text,
});
