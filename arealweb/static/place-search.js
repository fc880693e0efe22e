/*
 * The place search on every map: a WAI-ARIA 1.2 combobox with a listbox popup.
 *
 * Type (two letters or more) and the server's /api/v1/places answers with zones, goals' zones,
 * stations and places; ArrowDown/ArrowUp move through the options (aria-activedescendant keeps
 * focus in the input), Enter or a click picks one, Escape closes the list (and a second Escape
 * empties the field). A live region says how many results there are. Picking zooms the map to
 * the result and marks it. Every text from the server reaches the page through textContent.
 */

import { element, fill, plural } from "./format.js";
import { getJSON } from "./request.js";
import { layerStyle } from "./styles.js";

document.querySelectorAll("[data-place-search]").forEach(function (box) {
  const frame = box.closest("[data-arealweb-map]");
  if (frame) wire(box, frame);
});

function wire(box, frame) {
  const settings = JSON.parse(box.dataset.placeSearch);
  const text = settings.text;
  const input = box.querySelector("[data-place-input]");
  const list = box.querySelector("[data-place-list]");
  const count = box.querySelector("[data-place-count]");
  const map = window[JSON.parse(frame.dataset.arealwebMap).map];
  let results = [];
  let active = -1;
  let asked = 0;
  let timer = null;
  let marker = null;

  // Leaflet would otherwise take clicks, double clicks and wheel turns on the box as the map's.
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", onKey);
  input.addEventListener("blur", function () {
    // A click on an option lands after the blur: let it pick first.
    setTimeout(close, 150);
  });

  function onKey(event) {
    const open = !list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && results.length) show();
      else if (results.length) activate((active + 1) % results.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (results.length) activate(active <= 0 ? results.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        pick(results[active]);
      }
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (open) close();
      else {
        input.value = "";
        results = [];
        count.textContent = "";
      }
    }
  }

  async function search() {
    const query = input.value.trim();
    const mine = ++asked;
    if (query.length < 2) {
      results = [];
      close();
      count.textContent = "";
      return;
    }
    let answer;
    try {
      answer = await getJSON(settings.api + "?q=" + encodeURIComponent(query));
    } catch {
      if (mine === asked) count.textContent = text.failed;
      return;
    }
    if (mine !== asked) return;
    results = answer.results;
    render();
    const said = results.length
      ? plural(text.count, results.length)
      : fill(text.none, { query: query });
    count.textContent = answer.message ? said + " " + answer.message : said;
    box.dataset.results = String(results.length);
  }

  function render() {
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    results.forEach(function (result, index) {
      const option = element("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.source = result.source;
      option.dataset.id = result.id;
      option.appendChild(element("span", result.name));
      option.appendChild(element("span", result.label, "place-kind"));
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        pick(result);
      });
      list.appendChild(option);
    });
    if (results.length) show();
    else close();
  }

  function show() {
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
    list.querySelectorAll("[role=option]").forEach(function (option) {
      option.setAttribute("aria-selected", "false");
    });
  }

  function activate(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", String(i === index));
    });
    active = index;
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function pick(result) {
    const [west, south, east, north] = result.bounds;
    if (west === east && south === north) {
      map.setView([south, west], Math.max(map.getZoom(), 16), { animate: false });
    } else {
      map.fitBounds(
        [
          [south, west],
          [north, east],
        ],
        { maxZoom: 16, padding: [24, 24], animate: false }
      );
    }
    if (marker) map.removeLayer(marker);
    const [lon, lat] = result.center;
    marker = L.circleMarker([lat, lon], { radius: 10, interactive: false, ...layerStyle("found_place") });
    marker.addTo(map);
    marker.bindTooltip(element("span", result.name), { permanent: true, direction: "top", offset: [0, -10] });
    input.value = result.name;
    close();
    count.textContent = fill(text.shown, { name: result.name });
    frame.dataset.placeFound = result.source + ":" + result.id;
  }
}
