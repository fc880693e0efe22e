/*
 * The drawing toolbar, set up once for the workbench, a workshop group's screen and the comment
 * page: Leaflet-Geoman in the page's language with snapping and no self-crossing shapes, and the
 * page's [data-tool] buttons, whose aria-pressed says which tool is on.
 */

/** Geoman speaks "no" for bokmål. */
const language = document.documentElement.lang.startsWith("nb") ? "no" : "en";

/**
 * Set up drawing on the map. onCreate(layer) gets each shape drawn; onTool(tool) each press of
 * a [data-tool] button; onVertex() each vertex clicked while a shape is drawn. Returns
 * {draw(shape, options), stop(), press(tool), drawing(), removeLastVertex(), addVertex(latlng)}.
 */
export function drawingToolbar(map, { onCreate, onTool, onVertex }) {
  const buttons = document.querySelectorAll("[data-tool]");
  let working = null;
  map.pm.setLang(language);
  map.pm.setGlobalOptions({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
  map.on("pm:create", function (event) {
    onCreate(event.layer);
  });
  map.on("pm:drawstart", function (event) {
    working = event.workingLayer;
    if (onVertex) working.on("pm:vertexadded", onVertex);
  });
  map.on("pm:drawend", function () {
    working = null;
  });
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      onTool(button.dataset.tool);
    });
  });

  function press(active) {
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.tool === active));
    });
  }

  function stop() {
    map.pm.disableDraw();
  }

  function draw(shape, options) {
    stop();
    map.pm.enableDraw(shape, Object.assign({ snappable: true }, options));
    press(shape);
  }

  /** The shape being drawn ("Polygon", "Line"), or null. */
  function drawing() {
    return working ? map.pm.Draw.getActiveShape() || null : null;
  }

  /**
   * Take back the last vertex of the shape being drawn, as Geoman's own «remove last vertex»
   * action does (it calls the same method); its position, or null when nothing is drawn. The
   * first vertex taken back ends the drawing, as in Geoman.
   */
  function removeLastVertex() {
    const shape = drawing();
    const points = shape ? working.getLatLngs() : [];
    if (!points.length) return null;
    const last = points[points.length - 1];
    map.pm.Draw[shape]._removeLastVertex();
    return last;
  }

  /** Put a vertex taken back at its place again, as a click there would (not snapped anew). */
  function addVertex(latlng) {
    const shape = drawing();
    if (!shape) return false;
    const handler = map.pm.Draw[shape];
    handler._hintMarker._snapped = false;
    handler._createVertex({ latlng: latlng });
    return true;
  }

  return {
    draw: draw,
    stop: stop,
    press: press,
    drawing: drawing,
    removeLastVertex: removeLastVertex,
    addVertex: addVertex,
  };
}
