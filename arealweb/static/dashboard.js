/*
 * The analysis dashboard: Chart.js bar charts from the data each chart's table also shows, and
 * the analysis layers on the map (conflicts, corridor crossings, station catchments, gaps).
 */

import { areaText, element, fill, formatter } from "./format.js";
import { frame, mapReady } from "./map.js";
import { getJSON } from "./request.js";
import { drawCharts } from "./charts.js";
import { layerStyle } from "./styles.js";

mapReady.then(function () {
  start().catch(function (error) {
    frame.dataset.analysis = "error";
    console.error(error);
  });
});

async function start() {
  const map = frame.arealweb.map;
  const config = frame.arealweb.config;
  const settings = config.analysis;
  const text = settings.text;
  const number = formatter(config.locale);
  drawCharts(config.locale);
  const [conflicts, stations, corridors] = await Promise.all([
    getJSON(settings.conflicts),
    getJSON(settings.stations),
    getJSON(settings.corridors),
  ]);
  const layers = {
    catchments: L.geoJSON(stations.catchments, {
      interactive: false,
      style: function (feature) {
        return { ...layerStyle("catchment"), fillOpacity: feature.properties.distance_m <= 500 ? 0.25 : 0.1 };
      },
    }),
    conflicts: L.geoJSON(
      { type: "FeatureCollection", features: conflicts.features.features.filter(function (f) { return f.properties.type === "conflict"; }) },
      { style: layerStyle("conflict") }
    ),
    crossings: L.geoJSON(
      { type: "FeatureCollection", features: conflicts.features.features.filter(function (f) { return f.properties.type === "crossing"; }) },
      { style: layerStyle("crossing") }
    ),
    gaps: L.geoJSON(corridors.gaps, {
      pointToLayer: function (_, latlng) {
        return L.circleMarker(latlng, { radius: 7, ...layerStyle("gap") });
      },
    }),
  };
  layers.conflicts.eachLayer(function (layer) {
    const p = layer.feature.properties;
    layer.bindTooltip(element("span", fill(text.conflict, {
      development: p.development_name, protection: p.protection_name, area: areaText(number, p.area_daa),
    })));
  });
  layers.crossings.eachLayer(function (layer) {
    const p = layer.feature.properties;
    layer.bindTooltip(element("span", fill(text.crossing, {
      corridor: p.corridor_name, protection: p.protection_name, length: number(p.length_m, 0),
    })));
  });
  layers.gaps.eachLayer(function (layer) {
    layer.bindTooltip(element("span", fill(text.gap, { name: layer.feature.properties.name })));
  });
  ["catchments", "conflicts", "crossings", "gaps"].forEach(function (name) {
    layers[name].addTo(map);
  });
  document.querySelectorAll("[data-analysis-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      const layer = layers[box.dataset.analysisLayer];
      if (box.checked) map.addLayer(layer);
      else map.removeLayer(layer);
    });
  });
  frame.analysisLayers = layers;
  frame.dataset.analysis = "ready";
}
