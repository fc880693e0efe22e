/* A zone's history: show a version and the one before it on the map. */

import { frame, mapReady } from "./map.js";
import { getJSON } from "./request.js";
import { layerStyle } from "./styles.js";

mapReady.then(start);

async function start({ map, config }) {
  const legend = document.querySelector("[data-version-legend]");
  const drawn = L.featureGroup().addTo(map);
  const history = await getJSON(config.history);
  const byVersion = new Map(
    history.versions.map(function (v) {
      return [v.version, v];
    })
  );

  function show(number) {
    const after = byVersion.get(number);
    const before = byVersion.get(number - 1);
    drawn.clearLayers();
    if (before) L.geoJSON(before.feature, { style: layerStyle("before") }).addTo(drawn);
    L.geoJSON(after.feature, { style: layerStyle("after") }).addTo(drawn);
    map.fitBounds(drawn.getBounds(), { maxZoom: 16, padding: [16, 16], animate: false });
    legend.textContent =
      (before ? config.text.before.replace("{version}", before.version) + " – " : "") +
      config.text.after.replace("{version}", after.version);
    frame.dataset.shownVersion = String(number);
  }

  document.querySelectorAll("[data-show-version]").forEach(function (button) {
    button.addEventListener("click", function () {
      show(Number(button.dataset.showVersion));
    });
  });
  show(history.versions[history.versions.length - 1].version);
}
