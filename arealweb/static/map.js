/*
 * arealweb map: zones, boundary and stations fetched from the API and drawn on the folium map,
 * the goal lens, layer switches and the zone list beside the map (the map's text alternative).
 *
 * Settings come from the page as escaped JSON in data-arealweb-map; colours from the style
 * table. Every text from the data reaches the page through textContent, never as HTML. The
 * page's own module waits for mapReady, which gives it frame.arealweb.
 */

import { address as fillAddress, element, fill, formatter, plural } from "./format.js";
import { getJSON } from "./request.js";
import { categoryLabel, categoryStyle, layerStyle } from "./styles.js";
import { wireDownload } from "./zone-download.js";
import { zoneLabels } from "./zone-labels.js";
import { measure, showDetails } from "./zone-details.js";

/** The element that holds the map and its settings. */
export const frame = document.querySelector("[data-arealweb-map]");

/** Resolves with frame.arealweb once the map has its data; never, on a page without a map. */
export const mapReady = new Promise(function (resolve) {
  if (frame) {
    frame.addEventListener("map-ready", function () {
      resolve(frame.arealweb);
    });
  }
});

if (frame) draw();

function draw() {
  const config = JSON.parse(frame.dataset.arealwebMap);
  const map = window[config.map];
  const text = config.text;
  map.setMinZoom(9);
  map.setMaxZoom(19);
  L.control.scale({ imperial: false }).addTo(map);

  const layers = {
    boundary: L.featureGroup(),
    protection: L.featureGroup(),
    development: L.featureGroup(),
    corridor: L.featureGroup(),
    stations: L.featureGroup(),
  };
  const zones = new Map();
  const goalsById = new Map();
  let highlighted = null;
  let selected = null;
  let updateDownload = function () {};
  const labels = zoneLabels(map, {
    zones: function () {
      return zones;
    },
    shown: function (id, entry) {
      return map.hasLayer(layers[entry.feature.properties.kind]) && stateOf(id) !== "dimmed";
    },
  });

  // Helpers ----------------------------------------------------------------------------------

  const number = formatter(config.locale);

  function address(template, id) {
    return fillAddress(template, config.placeholder, id);
  }

  function showStatus(message) {
    const status = frame.querySelector("[data-map-status]");
    status.textContent = message;
    status.hidden = !message;
  }

  // Zones ------------------------------------------------------------------------------------

  function stateOf(id) {
    if (!highlighted) return "normal";
    return highlighted.has(id) ? "highlighted" : "dimmed";
  }

  function zoneStyle(feature) {
    const isArea = feature.properties.kind !== "corridor";
    const style = Object.assign(
      { weight: isArea ? 2 : 4, opacity: 0.9, fillOpacity: isArea ? 0.4 : 0, fill: isArea },
      categoryStyle(feature.properties.category)
    );
    const state = stateOf(feature.id);
    if (state === "highlighted") {
      style.weight += 1;
      style.opacity = 1;
      if (isArea) style.fillOpacity = 0.6;
    } else if (state === "dimmed") {
      style.opacity = 0.2;
      style.fillOpacity = isArea ? 0.05 : 0;
    }
    if (feature.properties.draft) style.dashArray = "8 6";
    // In a scenario: what it adds or changes stands out, what it removes is faint and dashed.
    const change = feature.properties.scenario_change;
    if (change === "add" || change === "change") style.weight += 2;
    else if (change === "remove") Object.assign(style, { dashArray: "4 6", opacity: 0.6, fillOpacity: 0.05 });
    if (selected === feature.id) style.weight += 3;
    return style;
  }

  function restyle() {
    zones.forEach(function (entry, id) {
      entry.layer.setStyle(zoneStyle(entry.feature));
      const path = entry.layer.getElement();
      if (path) path.dataset.state = stateOf(id);
    });
    labels.refresh();
  }

  function markPressed() {
    document.querySelectorAll("[data-zone-list] button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.zoneId === selected));
    });
  }

  function addZones(collection) {
    collection.features.forEach(function (feature) {
      const layer = L.geoJSON(feature, { style: zoneStyle, pmIgnore: true, snapIgnore: false }).getLayers()[0];
      layer.bindTooltip(element("span", feature.properties.name), { sticky: true });
      layer.on("click", function () {
        if (drawing()) return;
        select(feature.id, false);
      });
      layers[feature.properties.kind].addLayer(layer);
      zones.set(feature.id, { feature: feature, layer: layer });
    });
  }

  function drawing() {
    return Boolean(
      map.pm && (map.pm.globalDrawModeEnabled() || map.pm.globalCutModeEnabled())
    );
  }

  function markPaths() {
    zones.forEach(function (entry, id) {
      const path = entry.layer.getElement();
      if (!path) return;
      path.dataset.zoneId = id;
      path.dataset.kind = entry.feature.properties.kind;
      path.dataset.state = stateOf(id);
      if (entry.feature.properties.scenario_change) path.dataset.scenarioChange = entry.feature.properties.scenario_change;
    });
  }

  function zoneBounds(ids) {
    const group = L.featureGroup();
    ids.forEach(function (id) {
      if (zones.has(id)) group.addLayer(zones.get(id).layer);
    });
    return group.getBounds();
  }

  // Details and list -------------------------------------------------------------------------

  function select(id, fly) {
    const entry = zones.get(id);
    if (!entry) return;
    selected = id;
    restyle();
    markPressed();
    if (fly) map.fitBounds(entry.layer.getBounds(), { maxZoom: 15, padding: [20, 20] });
    showDetails(entry.feature, { config: config, goals: goalsById, number: number });
    frame.dispatchEvent(new CustomEvent("zone-selected", { detail: { id: id, feature: entry.feature } }));
  }

  async function reload(selectId) {
    ["protection", "development", "corridor"].forEach(function (kind) {
      layers[kind].clearLayers();
    });
    zones.clear();
    selected = null;
    addZones(await getJSON(config.api.zones, { fresh: true }));
    markPaths();
    restyle();
    renderList();
    if (selectId && zones.has(selectId)) select(selectId, false);
  }

  function hide(id) {
    const entry = zones.get(id);
    if (entry) layers[entry.feature.properties.kind].removeLayer(entry.layer);
    labels.refresh();
  }

  function unhide(id) {
    const entry = zones.get(id);
    if (entry) {
      layers[entry.feature.properties.kind].addLayer(entry.layer);
      markPaths();
      labels.refresh();
    }
  }

  function renderList() {
    const list = document.querySelector("[data-zone-list]");
    if (!list) return;
    list.replaceChildren();
    let shown = 0;
    zones.forEach(function (entry, id) {
      if (highlighted && !highlighted.has(id)) return;
      shown += 1;
      const p = entry.feature.properties;
      const item = element("li");
      const button = element("button", p.name);
      button.type = "button";
      button.dataset.zoneId = id;
      button.setAttribute("aria-label", fill(text.showOnMap, { name: p.name }));
      button.setAttribute("aria-pressed", String(selected === id));
      button.addEventListener("click", function () {
        select(id, true);
      });
      item.appendChild(button);
      const draft = p.draft ? " · " + text.draftShort : "";
      const change = p.scenario_change ? " · " + text.scenarioChange[p.scenario_change] : "";
      item.appendChild(
        element("span", categoryLabel(p.category) + " · " + measure(number, p) + draft + change, "meta")
      );
      list.appendChild(item);
    });
    const count = document.querySelector("[data-zone-count]");
    if (count && !highlighted) count.textContent = plural(text.allShown, zones.size);
    if (count && highlighted) count.textContent = "";
    updateDownload();
    return shown;
  }

  // Goal lens --------------------------------------------------------------------------------

  function addOption(group, goal, depth) {
    const indent = "\u2003".repeat(depth);
    const option = element("option", indent + config.levels[goal.level] + ": " + goal.title);
    option.value = goal.id;
    group.appendChild(option);
    goal.children.forEach(function (child) {
      addOption(group, child, depth + 1);
    });
  }

  function fillLens(tree) {
    const lens = document.querySelector("[data-goal-lens]");
    if (!lens) return;
    tree.plan_versions.forEach(function (version) {
      const group = document.createElement("optgroup");
      group.label = version.title;
      tree.goals.forEach(function (root) {
        if (root.plan_version_id === version.id) addOption(group, root, 0);
      });
      lens.appendChild(group);
    });
    lens.addEventListener("change", function () {
      applyLens(lens.value, true);
    });
  }

  async function applyLens(goalId, remember) {
    const status = document.querySelector("[data-lens-status]");
    const goal = goalsById.get(goalId);
    if (!goalId || !goal) {
      highlighted = null;
      if (status) status.textContent = "";
    } else {
      const found = await getJSON(config.api.zones + "?goal=" + encodeURIComponent(goalId));
      highlighted = new Set(
        found.features.map(function (f) {
          return f.id;
        })
      );
      if (status) {
        const values = { count: highlighted.size, total: zones.size, goal: goal.title };
        status.textContent = highlighted.size
          ? plural(text.lensStatus, zones.size, values)
          : fill(text.lensNone, values);
      }
    }
    if (remember) {
      const query = highlighted ? "?goal=" + encodeURIComponent(goalId) : "";
      history.replaceState(null, "", location.pathname + query);
    }
    frame.dataset.lens = highlighted ? goalId : "";
    restyle();
    renderList();
  }

  function indexGoals(nodes) {
    nodes.forEach(function (goal) {
      goalsById.set(goal.id, goal);
      indexGoals(goal.children);
    });
  }

  // Download ---------------------------------------------------------------------------------

  function wireDownloadForm() {
    const form = document.querySelector("[data-zone-download]");
    if (!form) return;
    updateDownload = wireDownload(
      form,
      {
        zones: function () {
          const kinds = new Map();
          zones.forEach(function (entry, id) {
            kinds.set(id, entry.feature.properties.kind);
          });
          return kinds;
        },
        lens: function () {
          const goalId = frame.dataset.lens || "";
          const goal = goalsById.get(goalId);
          return { goal: goal ? goalId : "", title: goal ? goal.title : "", ids: goal ? highlighted : null };
        },
      },
      text
    );
  }

  // Layers and background maps ---------------------------------------------------------------

  function wireLayerSwitches() {
    document.querySelectorAll("[data-layer-toggle]").forEach(function (box) {
      box.addEventListener("change", function () {
        const layer = layers[box.dataset.layerToggle];
        if (box.checked) map.addLayer(layer);
        else map.removeLayer(layer);
        if (box.checked) markPaths();
        labels.refresh();
      });
    });
    document.querySelectorAll("[data-basemap]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        config.basemaps.forEach(function (basemap) {
          const tiles = window[basemap.var];
          if (basemap.id === radio.value) map.addLayer(tiles);
          else map.removeLayer(tiles);
        });
      });
    });
  }

  function addStations(collection) {
    collection.features.forEach(function (feature) {
      const [lon, lat] = feature.geometry.coordinates;
      const p = feature.properties;
      const marker = L.circleMarker([lat, lon], {
        radius: 5,
        weight: 2,
        fillOpacity: 1,
        ...layerStyle(p.planned ? "station_planned" : "station"),
        pmIgnore: true,
        snapIgnore: true,
      });
      const label = text.station + ": " + p.name + (p.planned ? " (" + text.planned + ")" : "");
      marker.bindTooltip(element("span", label));
      layers.stations.addLayer(marker);
    });
  }

  // Start ------------------------------------------------------------------------------------

  async function start() {
    const requests = [getJSON(config.api.boundary), getJSON(config.api.stations), getJSON(config.api.goals)];
    if (config.mode === "zone") requests.push(getJSON(address(config.api.zone, config.zone)));
    else if (config.mode === "history") requests.push(Promise.resolve({ features: [] }));
    else if (config.mode === "goal") {
      requests.push(getJSON(config.api.zones + "?goal=" + encodeURIComponent(config.goal)));
    } else requests.push(getJSON(config.api.zones));
    const [boundary, stations, tree, found] = await Promise.all(requests);

    layers.boundary.addLayer(
      L.geoJSON(boundary, {
        interactive: false,
        pmIgnore: true,
        snapIgnore: false,
        style: layerStyle("boundary"),
      })
    );
    addStations(stations);
    indexGoals(tree.goals);
    addZones(found.type === "Feature" ? { features: [found] } : found);
    ["boundary", "protection", "development", "corridor", "stations"].forEach(function (name) {
      map.addLayer(layers[name]);
    });
    markPaths();
    labels.refresh();

    const wholeMap = ["plan", "workbench", "comment", "comments", "workshop", "plenary", "presentation", "analysis"];
    if (wholeMap.indexOf(config.mode) >= 0) {
      map.fitBounds(layers.boundary.getBounds(), { animate: false });
      fillLens(tree);
      wireLayerSwitches();
      wireDownloadForm();
      const wanted = new URLSearchParams(location.search).get("goal");
      const lens = document.querySelector("[data-goal-lens]");
      if (wanted && goalsById.has(wanted) && lens) {
        lens.value = wanted;
        await applyLens(wanted, false);
      } else {
        renderList();
      }
    } else {
      const bounds = zoneBounds(Array.from(zones.keys()));
      map.fitBounds(bounds.isValid() ? bounds : layers.boundary.getBounds(), {
        maxZoom: 15,
        padding: [16, 16],
        animate: false,
      });
    }
    showStatus("");
    frame.arealweb = {
      map: map,
      config: config,
      goals: goalsById,
      tree: tree,
      reload: reload,
      hide: hide,
      unhide: unhide,
      select: select,
      lens: async function (goalId) {
        await applyLens(goalId, false);
        return highlighted ? Array.from(highlighted) : [];
      },
      bounds: zoneBounds,
      wholeBounds: function () {
        return layers.boundary.getBounds();
      },
      zone: function (id) {
        return zones.get(id);
      },
    };
    frame.dataset.ready = "true";
    frame.dispatchEvent(new CustomEvent("map-ready"));
  }

  start().catch(function (error) {
    showStatus(text.loadError);
    frame.dataset.ready = "error";
    console.error(error);
  });
}
