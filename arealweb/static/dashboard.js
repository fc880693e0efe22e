/*
 * The analysis dashboard: Chart.js bar charts from the data each chart's table also shows, and
 * the analysis layers on the map (conflicts, corridor crossings, station catchments, gaps).
 */
(function () {
  "use strict";

  const util = window.arealwebUtil;

  function drawCharts(locale) {
    const colours = ["#00507d", "#b54708", "#2e7d32", "#6941c6"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const data = JSON.parse(canvas.dataset.chart);
      canvas.chart = new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (series, n) {
            return { label: series[0], data: series[1], backgroundColor: colours[n % colours.length] };
          }),
        },
        options: {
          indexAxis: data.labels.length > 6 ? "y" : "x",
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          locale: locale,
          plugins: { legend: { display: data.series.length > 1 } },
          scales: { x: { ticks: { autoSkip: false } }, y: { ticks: { autoSkip: false } } },
        },
      });
    });
    document.body.dataset.charts = String(document.querySelectorAll("canvas[data-chart]").length);
  }

  const frame = document.querySelector("[data-arealweb-map]");
  if (!frame) return;

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }

  async function start() {
    const map = frame.arealweb.map;
    const config = frame.arealweb.config;
    const settings = config.analysis;
    const text = settings.text;
    const number = util.formatter(config.locale);
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
          return { color: "#1565c0", weight: 1, fillColor: "#64b5f6", fillOpacity: feature.properties.distance_m <= 500 ? 0.25 : 0.1 };
        },
      }),
      conflicts: L.geoJSON(
        { type: "FeatureCollection", features: conflicts.features.features.filter(function (f) { return f.properties.type === "conflict"; }) },
        { style: { color: "#b42318", weight: 3, fillColor: "#f04438", fillOpacity: 0.7 } }
      ),
      crossings: L.geoJSON(
        { type: "FeatureCollection", features: conflicts.features.features.filter(function (f) { return f.properties.type === "crossing"; }) },
        { style: { color: "#6941c6", weight: 6, opacity: 0.9 } }
      ),
      gaps: L.geoJSON(corridors.gaps, {
        pointToLayer: function (_, latlng) {
          return L.circleMarker(latlng, { radius: 7, color: "#b54708", weight: 3, fillColor: "#fff", fillOpacity: 1 });
        },
      }),
    };
    layers.conflicts.eachLayer(function (layer) {
      const p = layer.feature.properties;
      layer.bindTooltip(util.element("span", util.fill(text.conflict, {
        development: p.development_name, protection: p.protection_name, area: util.areaText(number, p.area_daa),
      })));
    });
    layers.crossings.eachLayer(function (layer) {
      const p = layer.feature.properties;
      layer.bindTooltip(util.element("span", util.fill(text.crossing, {
        corridor: p.corridor_name, protection: p.protection_name, length: number(p.length_m, 0),
      })));
    });
    layers.gaps.eachLayer(function (layer) {
      layer.bindTooltip(util.element("span", util.fill(text.gap, { name: layer.feature.properties.name })));
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

  function begin() {
    start().catch(function (error) {
      frame.dataset.analysis = "error";
      console.error(error);
    });
  }

  if (frame.dataset.ready === "true") begin();
  else frame.addEventListener("map-ready", begin, { once: true });
})();
