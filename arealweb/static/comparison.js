/*
 * The comparison of the plan and scenarios: a Leaflet map per column, drawn from the API with
 * the style table's colours, what a scenario changes outlined, and every map panned and zoomed
 * with the one the reader moves. The charts are drawn from the data their tables show.
 *
 * Kept in step by hand (a few lines) rather than with a plugin: Leaflet.Sync is unmaintained
 * since 2021 and not needed for maps that share one view.
 */

import { drawCharts } from "./charts.js";
import { element, fill } from "./format.js";
import { getJSON } from "./request.js";
import { stepper } from "./stepper.js";
import { categoryStyle, layerStyle } from "./styles.js";

const root = document.querySelector("[data-comparison-maps]");
const locale = document.documentElement.lang === "en" ? "en-GB" : "nb-NO";
drawCharts(locale);
if (root) start(root);

/** Keep ``maps`` on one view: when one moves, the others follow without echoing back. */
export function syncMaps(maps) {
  let moving = null;
  maps.forEach(function (map) {
    map.on("move zoom", function () {
      if (moving && moving !== map) return;
      moving = map;
      maps.forEach(function (other) {
        if (other !== map) other.setView(map.getCenter(), map.getZoom(), { animate: false });
      });
      moving = null;
    });
  });
}

function zoneStyle(feature) {
  const isArea = feature.properties.kind !== "corridor";
  return Object.assign(
    { weight: isArea ? 1.5 : 4, opacity: 0.9, fillOpacity: isArea ? 0.45 : 0, fill: isArea },
    categoryStyle(feature.properties.category)
  );
}

/** The plan's collection with a scenario's changed, added and removed zones in their place. */
function withChanges(plan, changes) {
  const touched = new Set(
    changes.features.map(function (feature) {
      return feature.id;
    })
  );
  return {
    type: "FeatureCollection",
    features: plan.features
      .filter(function (feature) {
        return !touched.has(feature.id);
      })
      .concat(changes.features),
  };
}

async function start(root) {
  const settings = JSON.parse(root.dataset.comparisonMaps);
  const frames = Array.from(root.querySelectorAll("[data-comparison-map]"));
  const maps = frames.map(function (frame) {
    const map = L.map(frame, { minZoom: 9, maxZoom: 19, zoomSnap: 0.25 });
    frame.leaflet = map;
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  });
  try {
    // The plan's zones are fetched once; a scenario's map is the plan with what it changes.
    const columns = frames.map(function (frame) {
      return JSON.parse(frame.dataset.comparisonMap);
    });
    const plan = await getJSON(columns[0].zones);
    const collections = await Promise.all(
      columns.map(function (column, n) {
        return n === 0 ? plan : getJSON(column.zones).then(function (changes) {
          return withChanges(plan, changes);
        });
      })
    );
    const bounds = L.latLngBounds([]);
    collections.forEach(function (collection, n) {
      const column = JSON.parse(frames[n].dataset.comparisonMap);
      const changed = new Set(column.changed);
      const layer = L.geoJSON(collection, {
        // Drafts are not part of the plan the accounts are made of.
        filter: function (feature) {
          return !feature.properties.draft;
        },
        style: function (feature) {
          const style = zoneStyle(feature);
          const change = feature.properties.scenario_change;
          if (change === "remove") return Object.assign(style, layerStyle("removed"));
          if (changed.has(feature.id) || change === "add" || change === "change") {
            return Object.assign(style, layerStyle("changed"), { fill: style.fill });
          }
          return style;
        },
        onEachFeature: function (feature, path) {
          const change = feature.properties.scenario_change;
          let text = feature.properties.name;
          if (change === "remove") text += " – " + settings.text.removed;
          else if (changed.has(feature.id)) text += " – " + settings.text.changed;
          path.bindTooltip(element("span", text), { sticky: true });
        },
      }).addTo(maps[n]);
      frames[n].dataset.zones = String(layer.getLayers().length);
      if (layer.getBounds().isValid()) bounds.extend(layer.getBounds());
    });
    syncMaps(maps);
    frames.forEach(function (frame) {
      frame.bounds = bounds;
    });
    if (bounds.isValid()) maps[0].fitBounds(bounds, { animate: false });
    else maps[0].setView([59.9, 10.52], 12);
    root.dataset.ready = "true";
  } catch (error) {
    const status = document.querySelector("[data-map-status]");
    status.textContent = settings.text.loadError;
    root.dataset.ready = "error";
    console.error(error);
  }
}

const slides = document.querySelector("[data-slides]");
if (slides) present(slides);

/** The council's presentation: a slide at a time (without JavaScript, all of them). */
function present(root) {
  const panels = Array.from(root.querySelectorAll("[data-slide]"));
  const counter = root.querySelector("[data-step-counter]");
  const template = root.dataset.counter;
  let current = -1;
  function go(index) {
    const next = Math.max(0, Math.min(panels.length - 1, index));
    if (next === current) return;
    current = next;
    panels.forEach(function (panel, n) {
      panel.hidden = n !== current;
    });
    counter.textContent = fill(template, { n: current + 1, total: panels.length });
    root.dataset.shown = panels[current].dataset.slide;
    panels[current].querySelectorAll("[data-comparison-map]").forEach(function (frame) {
      if (frame.leaflet) frame.leaflet.invalidateSize({ animate: false });
    });
    const first = panels[current].querySelector("[data-comparison-map]");
    if (first && first.bounds && first.bounds.isValid()) first.leaflet.fitBounds(first.bounds, { animate: false });
  }
  stepper(root, {
    current: function () {
      return current;
    },
    count: function () {
      return panels.length;
    },
    go: go,
  });
  go(0);
}
