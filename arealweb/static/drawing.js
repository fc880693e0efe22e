/*
 * The drawing toolbar, set up once for the workbench, a workshop group's screen and the comment
 * page: Leaflet-Geoman in the page's language with snapping and no self-crossing shapes, and the
 * page's [data-tool] buttons, whose aria-pressed says which tool is on.
 */

/** Geoman speaks "no" for bokmål. */
const language = document.documentElement.lang.startsWith("nb") ? "no" : "en";

/**
 * Set up drawing on the map. onCreate(layer) gets each shape drawn; onTool(tool) each press of
 * a [data-tool] button. Returns {draw(shape, options), stop(), press(tool)}.
 */
export function drawingToolbar(map, { onCreate, onTool }) {
  const buttons = document.querySelectorAll("[data-tool]");
  map.pm.setLang(language);
  map.pm.setGlobalOptions({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
  map.on("pm:create", function (event) {
    onCreate(event.layer);
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

  return { draw: draw, stop: stop, press: press };
}
