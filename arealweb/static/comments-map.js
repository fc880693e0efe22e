/* Everyone's published comments: clusters or a heatmap on the map, a list beside it, counts. */

import { address, element, fill, plural } from "./format.js";
import { frame, mapReady } from "./map.js";
import { getJSON, request } from "./request.js";

const PAGE = 50;

const AGREED_KEY = "arealweb:agreed";
/* The comments this browser said «Enig» to, kept in the browser (localStorage) so the button
   stays pressed after a reload. The server counts one agreement per browser (a random id in a
   cookie) whatever this list says, so a second press never doubles the count. */

function agreedHere() {
  try {
    const ids = JSON.parse(window.localStorage.getItem(AGREED_KEY) || "[]");
    return new Set(Array.isArray(ids) ? ids : []);
  } catch {
    return new Set();
  }
}

function rememberAgreed(agreed, id) {
  agreed.add(id);
  try {
    window.localStorage.setItem(AGREED_KEY, JSON.stringify([...agreed]));
  } catch {
    // Storage refused (private mode, full): the button is pressed until the page reloads.
  }
}

// The comments are asked for at once, alongside the map's own layers rather than after them:
// with thousands of comments their answer is what the page waits for longest.
const firstList = frame ? getJSON(listAddress(JSON.parse(frame.dataset.arealwebMap).comments)) : null;
if (firstList) firstList.catch(function () {});

mapReady.then(start);

/** The comments list's address with the consultation and the filters chosen. */
function listAddress(settings) {
  const parts = [];
  if (settings.consultation) parts.push("consultation=" + encodeURIComponent(settings.consultation));
  document.querySelectorAll("[data-filter]").forEach(function (select) {
    if (select.value) parts.push(select.dataset.filter + "=" + encodeURIComponent(select.value));
  });
  return settings.list + (parts.length ? "?" + parts.join("&") : "");
}

function start(arealweb) {
  const map = arealweb.map;
  const settings = arealweb.config.comments;
  const text = settings.text;
  // chunkedLoading: thousands of markers go in without freezing the page; the frame says it
  // is done (data-comments) only when the last chunk is in.
  let loaded = null;
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    chunkedLoading: true,
    chunkProgress: function (processed, total) {
      if (processed === total && loaded) loaded();
    },
  }).addTo(map);
  // One icon per kind, shared by every marker of that kind.
  const icons = {};
  let heat = null;
  let adding = Promise.resolve();
  let loads = 0;
  const agreed = agreedHere();
  document.querySelectorAll("[data-filter]").forEach(function (select) {
    select.addEventListener("change", function () {
      load(getJSON(listAddress(settings)));
    });
  });
  // Not while markercluster adds markers in chunks: taken off the map half way, it throws
  // and keeps the rest out. The switch waits for the load in progress.
  document.querySelector("[data-heatmap]").addEventListener("change", function () {
    adding.then(showLayers);
  });
  // The counts wait for the markers: both answers come from the same server, and the map is
  // what a visitor looks at first.
  load(firstList).finally(loadCounts);

  function icon(kind) {
    if (!icons[kind]) {
      icons[kind] = L.divIcon({ className: "comment-marker comment-" + kind.replace(/ /g, "-"), iconSize: [16, 16] });
    }
    return icons[kind];
  }

  /* The middle of a comment's point or area: its coordinates' bounds, no layer built for it. */
  function centre(feature) {
    const geometry = feature.geometry;
    if (geometry.type === "Point") return L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    (function walk(part) {
      if (typeof part[0] === "number") {
        west = Math.min(west, part[0]);
        east = Math.max(east, part[0]);
        south = Math.min(south, part[1]);
        north = Math.max(north, part[1]);
      } else {
        part.forEach(walk);
      }
    })(geometry.coordinates);
    return L.latLng((south + north) / 2, (west + east) / 2);
  }

  /* Loads run one after another, in the order they were asked for: markercluster cannot stop
     a chunked addLayers half way, and the chunks left of one load would go on adding its
     markers after the next had cleared them. Only the last load asked for marks the frame. */
  function load(answer) {
    const mine = ++loads;
    delete frame.dataset.comments;
    const shown = adding
      .then(function () {
        return answer;
      })
      .then(function (collection) {
        return draw(collection, mine);
      });
    adding = shown.catch(function () {});
    return shown;
  }

  async function draw(collection, mine) {
    performance.mark("arealweb:comments-data");
    clusters.clearLayers();
    if (heat) map.removeLayer(heat);
    const points = [];
    const markers = [];
    collection.features.forEach(function (feature) {
      const where = centre(feature);
      points.push([where.lat, where.lng, 0.6]);
      const marker = L.marker(where, { icon: icon(feature.properties.kind), keyboard: false });
      // The tooltip is made when it first opens, not for all the comments up front.
      marker.bindTooltip(function () {
        return element("span", settings.kinds[feature.properties.kind] + ": " + feature.properties.text.slice(0, 80));
      });
      marker.on("add", function () {
        const node = marker.getElement();
        if (node) node.dataset.commentId = feature.id;
      });
      markers.push(marker);
    });
    const added = new Promise(function (resolve) {
      loaded = resolve;
    });
    clusters.addLayers(markers);
    // Off the map (the heatmap shown) markercluster adds them at once, without chunks.
    if (!markers.length || !map.hasLayer(clusters)) loaded();
    heat = L.heatLayer(points, { radius: 25, blur: 20, maxZoom: 15 });
    showLayers();
    renderList(collection.features);
    frame.commentLayers = { clusters: clusters, heat: heat };
    await added;
    loaded = null;
    if (mine !== loads) return;
    performance.mark("arealweb:comments-added");
    frame.dataset.comments = String(collection.features.length);
  }

  function showLayers() {
    const asHeat = document.querySelector("[data-heatmap]").checked;
    if (asHeat) {
      map.removeLayer(clusters);
      map.addLayer(heat);
    } else {
      if (heat) map.removeLayer(heat);
      map.addLayer(clusters);
    }
    frame.dataset.view = asHeat ? "heat" : "clusters";
  }

  /* The list shows PAGE comments and a button for the next PAGE: thousands of comments would
     otherwise be tens of thousands of elements before anyone scrolls. */
  function renderList(features) {
    const list = document.querySelector("[data-comment-list]");
    const more = document.querySelector("[data-comment-more]");
    list.replaceChildren();
    document.querySelector("[data-comment-count]").textContent = features.length
      ? plural(text.shown, features.length)
      : text.none;
    let shown = 0;
    function showMore() {
      features.slice(shown, shown + PAGE).forEach(function (feature) {
        list.appendChild(listItem(feature));
      });
      shown = Math.min(features.length, shown + PAGE);
      more.hidden = shown >= features.length;
      more.textContent = fill(text.more, { count: Math.min(PAGE, features.length - shown) });
    }
    more.onclick = function () {
      const next = list.children.length;
      showMore();
      const first = list.children[next];
      if (first) first.focus();
    };
    showMore();
  }

  function listItem(feature) {
      const p = feature.properties;
      const item = element("li");
      item.dataset.commentId = feature.id;
      item.tabIndex = -1;
      item.appendChild(element("p", settings.kinds[p.kind] + " · " + settings.themes[p.theme], "meta"));
      item.appendChild(element("p", p.text, "comment-text"));
      if (p.group) item.appendChild(element("p", p.group, "meta"));
      if (p.response) {
        item.appendChild(element("p", fill(text.answer, { status: settings.responses[p.response.status] }), "meta"));
        item.appendChild(element("p", p.response.text, "comment-text"));
      }
      const count = element("span", plural(text.agreements, p.agreements), "meta");
      count.dataset.agreements = String(p.agreements);
      const agree = element("button", text.agree);
      agree.type = "button";
      const pressed = function () {
        agree.textContent = text.agreed;
        agree.disabled = true;
      };
      if (agreed.has(feature.id)) pressed();
      agree.addEventListener("click", async function () {
        let result;
        try {
          ({ body: result } = await request(address(settings.agree, "__id__", feature.id), { method: "POST" }));
        } catch (error) {
          count.textContent = error.message;
          return;
        }
        count.textContent = plural(text.agreements, result.agreements);
        count.dataset.agreements = String(result.agreements);
        rememberAgreed(agreed, feature.id);
        pressed();
      });
      const row = element("p");
      row.appendChild(agree);
      row.appendChild(element("span", " "));
      row.appendChild(count);
      item.appendChild(row);
      return item;
  }

  async function loadCounts() {
    const suffix = settings.consultation ? "?consultation=" + encodeURIComponent(settings.consultation) : "";
    const counts = await getJSON(settings.counts + suffix);
    const box = document.querySelector("[data-counts]");
    box.replaceChildren();
    box.appendChild(table(settings.themes, counts.by_theme, counts.total));
    box.appendChild(table(settings.kinds, counts.by_kind, counts.total));
    const groups = {};
    Object.keys(counts.by_group).forEach(function (g) {
      groups[g] = g;
    });
    if (Object.keys(groups).length) box.appendChild(table(groups, counts.by_group, counts.total));
    box.appendChild(element("p", plural(text.young, counts.young)));
  }

  function table(labels, values, total) {
    const node = element("table", null, "bars");
    const body = element("tbody");
    Object.keys(values).forEach(function (key) {
      const row = element("tr");
      row.appendChild(element("th", labels[key] || key));
      const cell = element("td", null, "num");
      const bar = element("span", null, "bar");
      bar.style.width = Math.round((100 * values[key]) / Math.max(total, 1)) + "%";
      bar.setAttribute("aria-hidden", "true");
      cell.appendChild(bar);
      cell.appendChild(element("span", String(values[key])));
      row.appendChild(cell);
      body.appendChild(row);
    });
    node.appendChild(body);
    return node;
  }
}
