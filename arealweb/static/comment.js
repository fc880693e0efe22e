/*
 * "Si din mening": choose a place (click the map, or pick a station or a zone from the list),
 * write, and send. The answer carries a private receipt link, shown once with where it leads
 * (the page where the council's answer comes); the form is cleared for the next comment.
 */

import { drawingToolbar } from "./drawing.js";
import { element, fill, plural } from "./format.js";
import { frame, mapReady } from "./map.js";
import { explain, getJSON, request } from "./request.js";
import { layerStyle } from "./styles.js";

const form = document.querySelector("[data-comment-form]");
if (form) mapReady.then(start);

function start(arealweb) {
  const { map, config } = arealweb;
  const text = config.comments.text;
  const fields = form.elements;
  const errors = form.querySelector("[data-comment-errors]");
  const result = form.querySelector("[data-comment-result]");
  const placeStatus = form.querySelector("[data-place-status]");
  const place = { geometry: null, zoneId: null };
  let marker = null;
  let area = null;
  let describing = 0;

  const toolbar = drawingToolbar(map, {
    onCreate: function (layer) {
      clearPlace();
      area = layer;
      place.geometry = area.toGeoJSON().geometry;
      placeStatus.textContent = fill(text.chosen, { place: text.area });
      frame.dataset.place = "area";
      describe(place.geometry, text.area);
    },
  });
  form.querySelector("[data-draw-area]").addEventListener("click", function () {
    toolbar.draw("Polygon", { snappable: false });
  });
  map.on("click", function (event) {
    if (map.pm.globalDrawModeEnabled()) return;
    const point = { type: "Point", coordinates: [event.latlng.lng, event.latlng.lat] };
    setPlace(point, null, text.mapPoint);
    form.querySelector("[data-place]").value = "";
    describe(point, text.mapPoint);
  });
  form.querySelector("[data-place]").addEventListener("change", choosePlace);
  fields.text.addEventListener("input", countLeft);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  countLeft();

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
    else marker = L.circleMarker(where, { radius: 9, ...layerStyle("chosen_place") }).addTo(map);
    placeStatus.textContent = fill(text.chosen, { place: label });
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
      const entry = arealweb.zone(id);
      const center = entry.layer.getBounds().getCenter();
      setPlace(null, id, label, center);
      map.fitBounds(entry.layer.getBounds(), { maxZoom: 15, animate: false });
    }
  }

  /** Say where the chosen point or area is, in words («ved Sandvika stasjon, i Sandvika»),
   * once the server has looked it up; until then (or if it cannot) the plain label stays. */
  async function describe(geometry, label) {
    const ring = geometry.type === "Point" ? [geometry.coordinates] : geometry.coordinates[0];
    const lon = ring.reduce((sum, c) => sum + c[0], 0) / ring.length;
    const lat = ring.reduce((sum, c) => sum + c[1], 0) / ring.length;
    const asked = ++describing;
    let answer;
    try {
      answer = await getJSON(config.comments.describe + "?lon=" + lon.toFixed(6) + "&lat=" + lat.toFixed(6));
    } catch {
      return;
    }
    if (asked !== describing || place.geometry !== geometry) return;
    placeStatus.textContent = fill(text.chosenWords, { place: label, words: answer.text });
    frame.dataset.placeWords = answer.text;
  }

  function countLeft() {
    const left = 2000 - fields.text.value.length;
    form.querySelector("[data-left]").textContent = plural(text.left, left);
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
    if (fields.email && fields.email.value.trim()) {
      // The answer's mail is written in the language of the page the comment came from.
      properties.email = fields.email.value.trim();
      properties.language = document.documentElement.lang;
    }
    let answer;
    try {
      ({ body: answer } = await request(config.comments.post, {
        method: "POST",
        body: { type: "Feature", properties: properties, geometry: place.geometry },
        says: { 429: text.tooMany },
      }));
    } catch (error) {
      errors.replaceChildren(...explain(error, text.failed, form));
      return;
    }
    clearForm();
    showReceipt(answer.receipt);
  }

  /** After a comment is sent, the form starts over: nothing of it is left to send twice or to
   * be read by the next person at a shared screen. */
  function clearForm() {
    form.reset();
    clearPlace();
    place.geometry = null;
    place.zoneId = null;
    describing += 1;
    placeStatus.textContent = "";
    delete frame.dataset.place;
    delete frame.dataset.placeWords;
    countLeft();
  }

  /** Where to follow the answer: the receipt link, written out so it can be copied or
   * bookmarked, and said to be the only way back to the comment. Focused, so a screen reader
   * reads it and a keyboard continues from there. */
  function showReceipt(receipt) {
    const box = element("div", null, "receipt-box");
    box.tabIndex = -1;
    box.appendChild(element("p")).appendChild(element("strong", text.thanks));
    box.appendChild(element("p", text.follow));
    const link = element("a", receipt);
    link.href = receipt;
    link.dataset.receipt = "";
    box.appendChild(element("p", null, "receipt-link")).appendChild(link);
    box.appendChild(element("p", text.keep, "hint"));
    result.replaceChildren(box);
    box.focus();
  }
}
