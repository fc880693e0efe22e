/*
 * Zone names on the web maps: from zoom 13, each at the centre of what shows of its zone (a
 * corridor's at the middle of its longest visible stretch) in its own pane, dark type with a
 * white halo (readable over the plain map and the tiles), and never two over each other. After every zoom, move or change of what is shown the labels are laid out again: the
 * largest zone's name first (areas before corridors), and a name whose box would touch one
 * already placed, or reach past the map's edge, is left out. Names reach the page through
 * textContent only. The labels are for the eye; the zone list beside the map names every
 * zone for a screen reader, so the pane is hidden from the accessibility tree.
 */

/** The first zoom at which zone names are written on the map. */
export const LABEL_MIN_ZOOM = 13;

const PAD = 2;

/** The most names tried per layout, largest zones first (a full map holds a few dozen). */
const MOST_NAMES = 120;

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

  function outerRings(layer) {
    const latlngs = layer.getLatLngs();
    if (L.LineUtil.isFlat(latlngs)) return [latlngs];
    return L.LineUtil.isFlat(latlngs[0])
      ? [latlngs[0]]
      : latlngs.map(function (polygon) {
          return polygon[0];
        });
  }

  function area(points) {
    let sum = 0;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      sum += points[j].x * points[i].y - points[i].x * points[j].y;
    }
    return sum / 2;
  }

  function centroid(points) {
    const twice = area(points) * 6;
    let x = 0;
    let y = 0;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const cross = points[j].x * points[i].y - points[i].x * points[j].y;
      x += (points[j].x + points[i].x) * cross;
      y += (points[j].y + points[i].y) * cross;
    }
    return L.point(x / twice, y / twice);
  }

  /** Where a zone's name goes: the centre of the largest part of it in view (the middle of
   * the longest visible stretch for a corridor), in layer points; null when none shows. */
  function anchor(layer, box) {
    const project = function (latlng) {
      return map.latLngToLayerPoint(latlng);
    };
    if (layer instanceof L.Polygon) {
      let best = null;
      outerRings(layer).forEach(function (ring) {
        const shown = L.PolyUtil.clipPolygon(ring.map(project), box);
        if (shown.length < 3) return;
        const shownArea = Math.abs(area(shown));
        if (shownArea > 0 && (!best || shownArea > best.area)) {
          best = { area: shownArea, at: centroid(shown) };
        }
      });
      return best && box.contains(best.at) ? best.at : null;
    }
    let longest = null;
    outerRings(layer).forEach(function (line) {
      const points = line.map(project);
      for (let i = 1; i < points.length; i++) {
        const piece = L.LineUtil.clipSegment(points[i - 1], points[i], box);
        if (!piece) continue;
        const length = piece[0].distanceTo(piece[1]);
        if (!longest || length > longest.length) {
          longest = { length: length, at: piece[0].add(piece[1]).divideBy(2) };
        }
      }
    });
    return longest ? longest.at : null;
  }

  function candidates() {
    const view = map.getBounds();
    const size = map.getSize();
    const box = L.bounds(map.containerPointToLayerPoint([0, 0]), map.containerPointToLayerPoint([size.x, size.y]));
    const inView = [];
    zones().forEach(function (entry, id) {
      if (!entry.feature.properties.name || !map.hasLayer(entry.layer) || !shown(id, entry)) return;
      if (view.intersects(entry.layer.getBounds())) {
        inView.push({ id: id, entry: entry, weight: weight(entry) });
      }
    });
    inView.sort(function (a, b) {
      return b.weight - a.weight;
    });
    // No more names fit a map than MOST_NAMES; the rest need not be placed and measured.
    const found = [];
    for (let i = 0; i < inView.length && found.length < MOST_NAMES; i++) {
      const at = anchor(inView[i].entry.layer, box);
      if (at) found.push(Object.assign(inView[i], { at: at }));
    }
    return found;
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
      label.style.left = candidate.at.x + "px";
      label.style.top = candidate.at.y + "px";
      return label;
    });
    pane.append(...labels);
    const edge = map.getContainer().getBoundingClientRect();
    // The text's own box: a wrapped name's element is as wide as its widest allowed line.
    const range = document.createRange();
    const boxes = labels.map(function (label) {
      range.selectNodeContents(label);
      return padded(range.getBoundingClientRect());
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
