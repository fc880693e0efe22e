/*
 * A workshop group's screen: sketch on the map (area, line or point) with a kind and a note,
 * comment on the goals in focus, add words to the word clouds. Every post carries the group's
 * join code in X-Join-Code; a closed workshop answers 409 and the forms are switched off.
 *
 * The group's devices follow the workshop's feed (pushed events, live.js; polling when the
 * stream cannot be had): what one device of the group sends shows on the others, and when the
 * facilitator closes the workshop every device switches its forms off at once (and on again
 * if the facilitator reopens it: the screen keeps asking, live.js). Each input's
 * ``seq`` is shown once, whether the stream or the device's own post brings it first.
 */

import { drawingToolbar } from "./drawing.js";
import { element, fill } from "./format.js";
import { follow, REOPENED_CHECK_MS } from "./live.js";
import { frame, mapReady } from "./map.js";
import { getJSON, request } from "./request.js";

const sketchForm = document.querySelector("[data-sketch-form]");
if (sketchForm) mapReady.then(start);

function start(arealweb) {
  const map = arealweb.map;
  const settings = arealweb.config.workshop;
  const text = settings.text;
  const sketchLayer = L.featureGroup().addTo(map);
  let drawn = null;
  const toolbar = drawingToolbar(map, {
    onCreate: function (layer) {
      if (drawn) map.removeLayer(drawn);
      drawn = layer;
      toolbar.press(null);
      document.querySelector("[data-sketch-state]").textContent = text.drawn;
      frame.dataset.sketchDrawn = "true";
    },
    onTool: useTool,
  });
  sketchForm.addEventListener("submit", sendSketch);
  document.querySelectorAll("[data-comment-form]").forEach(function (form) {
    form.addEventListener("submit", sendComment);
  });
  document.querySelectorAll("[data-word-form]").forEach(function (form) {
    form.addEventListener("submit", sendWord);
  });
  // The controls the close switched off, to switch on again if the workshop is reopened.
  const switchedOff = [];
  if (settings.closed) closeForms(text.closed);
  let revision = -1;
  const shown = new Set();
  follow({
    url: settings.api.events + "?code=" + encodeURIComponent(settings.code),
    after: function () {
      return revision;
    },
    apply: take,
    fallback: poll,
    say: function (sentence) {
      document.querySelector("[data-feed-status]").textContent = sentence;
    },
    text: text,
  });

  function useTool(tool) {
    if (tool === "cancel") {
      toolbar.stop();
      if (drawn) map.removeLayer(drawn);
      drawn = null;
      toolbar.press(null);
      return;
    }
    toolbar.draw(tool);
  }

  /** Post as the group; a closed workshop (409) switches the forms off. */
  async function post(url, body) {
    try {
      return (await request(url, { method: "POST", body: body, joinCode: settings.code, says: { 409: text.closed } })).body;
    } catch (error) {
      if (error.status === 409) closeForms(text.closed);
      throw error;
    }
  }

  function report(form, message, failed) {
    const box = form.querySelector("[data-result]");
    box.textContent = message;
    box.className = failed ? "warning" : "";
  }

  function addSent(label, content) {
    const list = document.querySelector("[data-sent-list]");
    const empty = list.querySelector("[data-empty]");
    if (empty) empty.remove();
    const item = element("li");
    item.appendChild(element("p", label, "meta"));
    item.appendChild(element("p", content, "comment-text"));
    list.insertBefore(item, list.firstChild);
  }

  function showSketch(feature) {
    const layer = L.geoJSON(feature, {
      pmIgnore: true,
      style: { color: settings.group.colour, weight: 3, fillOpacity: 0.3 },
      pointToLayer: function (_, latlng) {
        return L.circleMarker(latlng, { radius: 7, color: settings.group.colour, fillOpacity: 0.8, pmIgnore: true });
      },
    });
    layer.bindTooltip(element("span", settings.kinds[feature.properties.kind] + ": " + feature.properties.note));
    sketchLayer.addLayer(layer);
  }

  async function sendSketch(event) {
    event.preventDefault();
    if (!drawn) {
      report(sketchForm, text.drawFirst, true);
      return;
    }
    const kind = sketchForm.elements.kind.value;
    const note = sketchForm.elements.note.value.trim();
    const feature = { type: "Feature", properties: { kind: kind, note: note }, geometry: drawn.toGeoJSON().geometry };
    let answer;
    try {
      answer = await post(settings.api.sketches, feature);
    } catch (error) {
      report(sketchForm, text.failed + " " + error.message, true);
      return;
    }
    map.removeLayer(drawn);
    drawn = null;
    frame.dataset.sketchDrawn = "false";
    if (firstTime(answer.seq)) {
      showSketch(feature);
      addSent(text.sketch + " · " + settings.kinds[kind], note);
    }
    if (sketchForm.elements.note.value.trim() === note) sketchForm.elements.note.value = "";
    report(sketchForm, fill(text.sent, { what: settings.kinds[kind] }), false);
  }

  async function sendComment(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const body = {
      goal_id: form.dataset.goalId,
      stance: form.elements.stance.value,
      text: form.elements.text.value.trim(),
    };
    let answer;
    try {
      answer = await post(settings.api.comments, body);
    } catch (error) {
      report(form, text.failed + " " + error.message, true);
      return;
    }
    if (form.elements.text.value.trim() === body.text) form.elements.text.value = "";
    report(form, fill(text.sent, { what: settings.stances[body.stance] }), false);
    if (firstTime(answer.seq)) addSent(commentLabel(body), body.text);
  }

  /** A goal comment's label in the list: its stance and the goal's title as the form shows it. */
  function commentLabel(comment) {
    const form = document.querySelector('[data-comment-form][data-goal-id="' + CSS.escape(comment.goal_id) + '"]');
    const goal = form ? " · " + form.querySelector("legend").textContent.trim() : "";
    return settings.stances[comment.stance] + goal;
  }

  async function sendWord(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const word = form.elements.word.value.trim();
    let answer;
    try {
      answer = await post(settings.api.words, { prompt: form.dataset.prompt, word: word });
    } catch (error) {
      report(form, text.failed + " " + error.message, true);
      return;
    }
    // Only clear what was sent: the group may already be typing the next word.
    if (form.elements.word.value.trim() === word) form.elements.word.value = "";
    form.elements.word.focus();
    report(form, fill(text.sent, { what: answer.word }), false);
    if (firstTime(answer.seq)) addSent(form.dataset.prompt, answer.word);
  }

  function closeForms(message) {
    const status = document.querySelector("[data-closed-status]");
    status.textContent = message;
    status.classList.add("warning");
    if (frame.dataset.closed === "true") return;
    document.querySelectorAll("main form button, main form textarea, main form input, [data-tool]").forEach(function (control) {
      if (control.closest("form[action]") || control.disabled) return;
      control.disabled = true;
      switchedOff.push(control);
    });
    toolbar.stop();
    frame.dataset.closed = "true";
  }

  /** The facilitator opened the workshop again: the forms work as before the close. */
  function openForms() {
    if (frame.dataset.closed !== "true") return;
    switchedOff.splice(0).forEach(function (control) {
      control.disabled = false;
    });
    const status = document.querySelector("[data-closed-status]");
    status.textContent = text.reopened;
    status.classList.remove("warning");
    frame.dataset.closed = "false";
  }

  /** Whether the input numbered ``seq`` is new to this screen (and from now on, shown). */
  function firstTime(seq) {
    if (shown.has(seq)) return false;
    shown.add(seq);
    return true;
  }

  /** What the feed brought since the revision the screen had: this group's input, in the
   * order it was sent (the list shows the newest first); whether the workshop closed. */
  function take(feed) {
    const mine = function (item) {
      return item.group_id === settings.group.id;
    };
    const arrived = [];
    feed.sketches.features.forEach(function (f) {
      if (!mine(f.properties)) return;
      arrived.push({
        seq: f.properties.seq,
        show: function () {
          showSketch(f);
          addSent(text.sketch + " · " + settings.kinds[f.properties.kind], f.properties.note);
        },
      });
    });
    feed.comments.forEach(function (c) {
      if (!mine(c)) return;
      arrived.push({
        seq: c.seq,
        show: function () {
          addSent(commentLabel(c), c.text);
        },
      });
    });
    feed.words.forEach(function (w) {
      if (!mine(w)) return;
      arrived.push({
        seq: w.seq,
        show: function () {
          addSent(w.prompt, w.word);
        },
      });
    });
    arrived.sort(function (a, b) {
      return a.seq - b.seq;
    });
    arrived.forEach(function (item) {
      if (firstTime(item.seq)) item.show();
    });
    revision = feed.revision;
    frame.dataset.revision = String(revision);
    const list = document.querySelector("[data-sent-list]");
    if (!list.children.length) {
      const empty = element("li", text.nothing, "meta");
      empty.dataset.empty = "true";
      list.appendChild(empty);
    }
    if (feed.closed) closeForms(text.closed);
    else openForms();
    return feed.closed;
  }

  async function poll() {
    let feed;
    try {
      feed = await getJSON(settings.api.feed + "?after=" + revision, { joinCode: settings.code, fresh: true });
    } catch {
      window.setTimeout(poll, settings.interval * 2);
      return;
    }
    window.setTimeout(poll, take(feed) ? REOPENED_CHECK_MS : settings.interval);
  }
}
