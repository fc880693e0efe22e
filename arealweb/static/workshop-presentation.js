/*
 * Presentation mode: full screen, large type, stepping with the keyboard through main goal ->
 * sub-goals -> land-use strategies, with the zones that realise each step highlighted. The
 * groups' comments on each step are counted as they arrive (pushed events, or polling).
 */

import { fill, plural } from "./format.js";
import { follow } from "./live.js";
import { mapReady } from "./map.js";
import { getJSON } from "./request.js";
import { stepper } from "./stepper.js";

const root = document.querySelector("[data-presentation]");
if (root) mapReady.then(start);

function start(arealweb) {
  const settings = arealweb.config.presentation;
  const text = settings.text;
  let current = -1;
  let revision = -1;
  follow({
    url: settings.api.events,
    after: function () {
      return revision;
    },
    apply: take,
    fallback: poll,
    say: function (sentence) {
      set("[data-feed-status]", sentence);
    },
    text: text,
  });

  /** Count the comments the feed brought (from the first, the feed counts them all). */
  function take(feed) {
    if (revision === -1) {
      settings.steps.forEach(function (step) {
        step.comments = 0;
      });
    }
    feed.comments.forEach(function (comment) {
      settings.steps.forEach(function (step) {
        if (step.id === comment.goal_id) step.comments += 1;
      });
    });
    revision = feed.revision;
    root.dataset.revision = String(revision);
    if (current >= 0) showFacts(settings.steps[current]);
    return feed.closed;
  }

  async function poll() {
    try {
      take(await getJSON(settings.api.feed + "?after=" + revision, { fresh: true }));
    } catch {
      // The next poll tries again; the counts stay as they were.
    }
    window.setTimeout(poll, settings.interval);
  }

  function showFacts(step) {
    const facts = [step.zones ? plural(text.zones, step.zones) : text.noZones];
    if (step.comments) facts.push(plural(text.comments, step.comments));
    set("[data-step-facts]", facts.join(" · "));
  }
  stepper(root, {
    current: function () {
      return current;
    },
    count: function () {
      return settings.steps.length;
    },
    go: go,
  });
  go(0);

  function set(selector, value) {
    root.querySelector(selector).textContent = value;
  }

  async function go(index) {
    if (!settings.steps.length) return;
    const next = Math.max(0, Math.min(settings.steps.length - 1, index));
    if (next === current) return;
    current = next;
    const step = settings.steps[current];
    set("[data-step-counter]", fill(text.step, { n: current + 1, total: settings.steps.length }));
    set("[data-step-main]", step.main === step.title ? "" : step.main);
    set("[data-step-level]", step.level);
    set("[data-step-strategy]", step.strategy ? text.therefore + " " + step.strategy : "");
    set("[data-step-title]", step.title);
    showFacts(step);
    root.dataset.step = String(current);
    root.dataset.goalId = step.id;
    const ids = await arealweb.lens(step.id);
    if (settings.steps[current] !== step) return;
    const bounds = arealweb.bounds(ids);
    arealweb.map.fitBounds(bounds.isValid() ? bounds : arealweb.wholeBounds(), { maxZoom: 14, padding: [24, 24], animate: false });
    root.dataset.highlighted = String(ids.length);
  }
}
