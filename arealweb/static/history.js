/* A zone's history: show a version and the one before it on the map. */
(function () {
  "use strict";

  const frame = document.querySelector("[data-arealweb-map]");
  if (!frame) return;

  function start() {
    const { map, config } = frame.arealweb;
    const legend = document.querySelector("[data-version-legend]");
    const drawn = L.featureGroup().addTo(map);
    fetch(config.history, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (history) {
        const byVersion = new Map(
          history.versions.map(function (v) {
            return [v.version, v];
          })
        );
        function show(number) {
          const after = byVersion.get(number);
          const before = byVersion.get(number - 1);
          drawn.clearLayers();
          if (before) {
            L.geoJSON(before.feature, {
              style: { color: "#455a64", weight: 2, dashArray: "5 5", fill: false },
            }).addTo(drawn);
          }
          L.geoJSON(after.feature, {
            style: { color: "#b54708", weight: 3, fillColor: "#f79009", fillOpacity: 0.35 },
          }).addTo(drawn);
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
      });
  }

  if (frame.dataset.ready === "true") start();
  else frame.addEventListener("map-ready", start, { once: true });
})();
