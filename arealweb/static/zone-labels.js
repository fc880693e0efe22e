/*
 * Zone names on the web maps: from zoom 13, each at its zone's centre in its own pane, dark
 * type with a white halo (readable over the plain map and the tiles), and never two over each
 * other. After every zoom, move or change of what is shown the labels are laid out again: the
 * largest zone's name first (areas before corridors), and a name whose box would touch one
 * already placed, or reach past the map's edge, is left out. Names reach the page through
 * textContent only. The labels are for the eye; the zone list beside the map names every
 * zone for a screen reader, so the pane is hidden from the accessibility tree.
 */

/** The first zoom at which zone names are written on the map. */
export const LABEL_MIN_ZOOM = 13;

const PAD = 2;

function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function padded(rect) {
  return { left: rect.left - PAD, right: rect.right + PAD, top: rect.top - PAD, bottom: rect.bottom + PAD };
}

/**
 * Zone labels on `map`. `zones()` gives the map's Map of id → {feature, layer}; `shown(id,
 * entry)` says whether a zone is on the map right now (its layer switched on, not dimmed by
 * the goal lens). Returns { refresh } for the page to call when what is shown changes.
 */
export function zoneLabels(map, { zones, shown }) {
  const pane = map.createPane("zone-labels");
  pane.classList.add("zone-labels", "leaflet-zoom-hide");
  pane.setAttribute("aria-hidden", "true");

  function weight(entry) {
    const bounds = entry.layer.getBounds();
    const size = map.latLngToLayerPoint(bounds.getNorthEast()).subtract(
      map.latLngToLayerPoint(bounds.getSouthWest())
    );
    const area = Math.abs(size.x * size.y);
    return entry.feature.properties.kind === "corridor" ? area / 1e9 : area;
  }

  // A zone's centre, worked out once per drawn layer (a reload draws new layers).
  const centres = new WeakMap();

  function centre(layer) {
    if (!centres.has(layer)) centres.set(layer, layer.getCenter());
    return centres.get(layer);
  }

  function candidates() {
    const view = map.getBounds();
    const found = [];
    zones().forEach(function (entry, id) {
      if (!entry.feature.properties.name || !map.hasLayer(entry.layer)) return;
      const at = centre(entry.layer);
      if (view.contains(at) && shown(id, entry)) {
        found.push({ id: id, entry: entry, at: at, weight: weight(entry) });
      }
    });
    return found.sort(function (a, b) {
      return b.weight - a.weight;
    });
  }

  function refresh() {
    pane.replaceChildren();
    if (map.getZoom() < LABEL_MIN_ZOOM) return;
    // Every candidate is written first and measured in one pass (one layout, not one per
    // name), then the lower-priority names that collide are taken out again.
    const labels = candidates().map(function (candidate) {
      const label = document.createElement("span");
      label.className = "zone-label";
      label.dataset.zoneLabel = candidate.id;
      label.dataset.kind = candidate.entry.feature.properties.kind;
      label.textContent = candidate.entry.feature.properties.name;
      const point = map.latLngToLayerPoint(candidate.at);
      label.style.left = point.x + "px";
      label.style.top = point.y + "px";
      return label;
    });
    pane.append(...labels);
    const edge = map.getContainer().getBoundingClientRect();
    const boxes = labels.map(function (label) {
      return padded(label.getBoundingClientRect());
    });
    const placed = [];
    labels.forEach(function (label, n) {
      const box = boxes[n];
      const inside =
        box.left >= edge.left && box.right <= edge.right && box.top >= edge.top && box.bottom <= edge.bottom;
      const clear = placed.every(function (other) {
        return !overlaps(box, other);
      });
      if (inside && clear) placed.push(box);
      else label.remove();
    });
  }

  map.on("zoomend moveend resize", refresh);
  return { refresh: refresh };
}
