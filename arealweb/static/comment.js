/*
 * "Si din mening": choose a place (click the map, or pick a station or a zone from the list),
 * write, and send. The answer carries a private receipt link, shown once.
 */
(function () {
  "use strict";

  const frame = document.querySelector("[data-arealweb-map]");
  const form = document.querySelector("[data-comment-form]");
  if (!frame || !form) return;
  const util = window.arealwebUtil;
  const fields = form.elements;
  const errors = form.querySelector("[data-comment-errors]");
  const result = form.querySelector("[data-comment-result]");
  const placeStatus = form.querySelector("[data-place-status]");
  const place = { geometry: null, zoneId: null };
  let marker = null;
  let area = null;
  let map, config, text;

  function start() {
    ({ map, config } = frame.arealweb);
    text = config.comments.text;
    map.pm.setLang(config.locale.startsWith("nb") ? "no" : "en");
    map.on("pm:create", function (event) {
      clearPlace();
      area = event.layer;
      place.geometry = area.toGeoJSON().geometry;
      placeStatus.textContent = util.fill(text.chosen, { place: text.area });
      frame.dataset.place = "area";
    });
    form.querySelector("[data-draw-area]").addEventListener("click", function () {
      map.pm.enableDraw("Polygon", { snappable: false, allowSelfIntersection: false });
    });
    map.on("click", function (event) {
      if (map.pm.globalDrawModeEnabled()) return;
      setPlace({ type: "Point", coordinates: [event.latlng.lng, event.latlng.lat] }, null, text.mapPoint);
      form.querySelector("[data-place]").value = "";
    });
    form.querySelector("[data-place]").addEventListener("change", choosePlace);
    fields.text.addEventListener("input", countLeft);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    countLeft();
  }

  function clearPlace() {
    if (marker) map.removeLayer(marker);
    if (area) map.removeLayer(area);
    marker = null;
    area = null;
  }

  function setPlace(geometry, zoneId, label, latlng) {
    if (area) clearPlace();
    place.geometry = geometry;
    place.zoneId = zoneId;
    const where = latlng || L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    if (marker) marker.setLatLng(where);
    else marker = L.circleMarker(where, { radius: 9, color: "#b42318", weight: 3, fillColor: "#ffffff", fillOpacity: 1 }).addTo(map);
    placeStatus.textContent = util.fill(text.chosen, { place: label });
    frame.dataset.place = zoneId ? "zone:" + zoneId : "point";
  }

  function choosePlace(event) {
    const select = event.target;
    const value = select.value;
    if (!value) return;
    const label = select.options[select.selectedIndex].textContent;
    const [type, id] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    if (type === "point") {
      const [lon, lat] = config.comments.stations[id];
      setPlace({ type: "Point", coordinates: [lon, lat] }, null, label);
      map.setView([lat, lon], 15, { animate: false });
    } else {
      const entry = frame.arealweb.zone(id);
      const center = entry.layer.getBounds().getCenter();
      setPlace(null, id, label, center);
      map.fitBounds(entry.layer.getBounds(), { maxZoom: 15, animate: false });
    }
  }

  function countLeft() {
    const left = 2000 - fields.text.value.length;
    form.querySelector("[data-left]").textContent = util.fill(text.left, { count: left });
  }

  async function send() {
    errors.replaceChildren();
    result.replaceChildren();
    const properties = {
      consultation_id: fields.consultation_id.value,
      kind: form.querySelector('input[name="kind"]:checked').value,
      theme: fields.theme.value,
      text: fields.text.value,
      goal_id: fields.goal_id.value || null,
      zone_id: place.zoneId,
      name: fields.name.value || null,
      age_group: fields.age_group.value || null,
      group: fields.group.value || null,
      website: fields.website.value,
    };
    const response = await fetch(config.comments.post, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ type: "Feature", properties: properties, geometry: place.geometry }),
    });
    const body = await response.json();
    if (response.status === 429) {
      errors.appendChild(util.element("p", text.tooMany));
      return;
    }
    if (!response.ok) {
      errors.appendChild(util.element("p", text.failed));
      const list = util.element("ul");
      body.error.problems.forEach(function (problem) {
        list.appendChild(util.element("li", problem.message));
      });
      errors.appendChild(list);
      return;
    }
    result.appendChild(util.element("p", text.thanks));
    const link = util.element("a", text.receipt);
    link.href = body.receipt;
    link.dataset.receipt = "";
    result.appendChild(util.element("p")).appendChild(link);
    fields.text.value = "";
    countLeft();
  }

  if (frame.dataset.ready === "true") start();
  else frame.addEventListener("map-ready", start, { once: true });
})();
