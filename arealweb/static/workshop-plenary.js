/*
 * The plenary screen: every group's sketches on one map in the group's colour, the goal by goal
 * summary of the comments and live word clouds. The server pushes the workshop's feed as events
 * (live.js); when it cannot, the page polls the feed with the last revision it saw. Either way
 * only new input travels and nothing is missed or shown twice.
 */

import { dateText, element, plural } from "./format.js";
import { frame, mapReady } from "./map.js";
import { follow, REOPENED_CHECK_MS } from "./live.js";
import { getJSON } from "./request.js";
import { layerStyle } from "./styles.js";

mapReady.then(start);

function start(arealweb) {
  const settings = arealweb.config.workshop;
  const text = settings.text;
  const sketchLayer = L.featureGroup().addTo(arealweb.map);
  let revision = -1;
  let total = 0;
  // Said once the page polls instead of being pushed to, and kept with every later status.
  let note = "";
  const clouds = {};
  const perGroup = {};
  const stances = {};
  settings.prompts.forEach(function (prompt) {
    clouds[prompt] = new Map();
    drawCloud(prompt);
  });
  follow({
    url: settings.api.events,
    after: function () {
      return revision;
    },
    apply: function (feed) {
      show(feed);
      return feed.closed;
    },
    fallback: poll,
    say: function (sentence) {
      note = sentence;
      document.querySelector("[data-feed-status]").textContent = sentence;
    },
    text: text,
  });

  /** A group by its id; a group the page does not know is drawn in the plain sketch colour. */
  function groupOf(id) {
    return settings.groups[id] || { name: id, colour: layerStyle("sketch").color };
  }

  function addSketch(feature) {
    const group = groupOf(feature.properties.group_id);
    const layer = L.geoJSON(feature, {
      style: { color: group.colour, weight: 3, fillColor: group.colour, fillOpacity: 0.3 },
      pointToLayer: function (_, latlng) {
        return L.circleMarker(latlng, { radius: 8, color: group.colour, fillColor: group.colour, fillOpacity: 0.8 });
      },
    });
    const label = group.name + " · " + settings.kinds[feature.properties.kind] + (feature.properties.note ? ": " + feature.properties.note : "");
    layer.bindTooltip(element("span", label));
    layer.eachLayer(function (part) {
      part.on("add", function () {
        const node = part.getElement();
        if (node) node.dataset.sketchId = feature.id;
      });
    });
    sketchLayer.addLayer(layer);
    const item = element("li");
    item.dataset.sketchId = feature.id;
    item.appendChild(element("p", group.name + " · " + settings.kinds[feature.properties.kind], "meta"));
    if (feature.properties.note) item.appendChild(element("p", feature.properties.note, "comment-text"));
    document.querySelector("[data-sketch-list]").appendChild(item);
    perGroup[feature.properties.group_id] = (perGroup[feature.properties.group_id] || 0) + 1;
    const count = document.querySelector('[data-group-id="' + CSS.escape(feature.properties.group_id) + '"] [data-group-count]');
    if (count) count.textContent = "(" + perGroup[feature.properties.group_id] + ")";
  }

  function addComment(comment) {
    const box = document.querySelector('[data-goal-summary="' + CSS.escape(comment.goal_id) + '"]');
    if (!box) return;
    const key = comment.goal_id + "|" + comment.stance;
    stances[key] = (stances[key] || 0) + 1;
    box.querySelector('[data-stance-count="' + comment.stance + '"]').textContent = String(stances[key]);
    const item = element("li");
    item.dataset.commentId = comment.id;
    item.appendChild(element("p", settings.stances[comment.stance] + " · " + groupOf(comment.group_id).name, "meta"));
    item.appendChild(element("p", comment.text, "comment-text"));
    box.querySelector("[data-goal-comments]").appendChild(item);
  }

  function addWord(word) {
    if (!clouds[word.prompt]) return;
    const counts = clouds[word.prompt];
    counts.set(word.word, (counts.get(word.word) || 0) + 1);
  }

  function drawCloud(prompt) {
    const list = document.querySelector('[data-cloud="' + CSS.escape(prompt) + '"]');
    if (!list) return;
    const counts = Array.from(clouds[prompt].entries()).sort(function (a, b) {
      return b[1] - a[1] || a[0].localeCompare(b[0]);
    });
    list.replaceChildren();
    if (!counts.length) {
      list.appendChild(element("li", text.noWords, "meta"));
      return;
    }
    const most = counts[0][1];
    counts.forEach(function ([word, count]) {
      const item = element("li");
      item.dataset.word = word;
      item.appendChild(element("span", word));
      item.appendChild(element("span", " (" + count + ")", "visually-hidden"));
      item.style.fontSize = (1 + 1.6 * (count / most)).toFixed(2) + "rem";
      item.title = String(count);
      list.appendChild(item);
    });
  }

  async function poll() {
    let feed;
    try {
      feed = await getJSON(settings.api.feed + "?after=" + revision, { fresh: true });
    } catch {
      document.querySelector("[data-feed-status]").textContent = text.offline;
      window.setTimeout(poll, settings.interval * 2);
      return;
    }
    show(feed);
    window.setTimeout(poll, feed.closed ? REOPENED_CHECK_MS : settings.interval);
  }

  /** What the feed brought since the revision the page had. */
  function show(feed) {
    feed.sketches.features.forEach(addSketch);
    feed.comments.forEach(addComment);
    const prompts = new Set();
    feed.words.forEach(function (word) {
      addWord(word);
      prompts.add(word.prompt);
    });
    prompts.forEach(drawCloud);
    const arrived = feed.sketches.features.length + feed.comments.length + feed.words.length;
    total += arrived;
    revision = feed.revision;
    frame.dataset.revision = String(revision);
    // The status is a live region: it speaks only when something new came, not every poll.
    if (arrived || frame.dataset.closed !== String(feed.closed)) {
      const time = dateText(new Date(), "time");
      const status = plural(text.updated, total, { time: time });
      const said = feed.closed ? text.closed + " " + status : status;
      document.querySelector("[data-feed-status]").textContent = note ? said + " " + note : said;
    }
    frame.dataset.closed = String(feed.closed);
  }
}
