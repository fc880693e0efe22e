/*
 * "Last ned soner": the form beside the map and on the workbench. Its goal field follows the
 * page's goal lens, so the file holds what the page shows; the form says how many zones the
 * file will hold before the download starts, and GeoJSON and KML are always in EPSG:4326.
 *
 * The form is a plain GET form to /api/v1/exports/zones: the browser saves the answer (it is
 * sent as an attachment) and the page stays as it is.
 */

import { fill, plural } from "./format.js";

const DEGREES_ONLY = ["geojson", "kml"];
const WGS84 = "4326";

/**
 * Wire the form to the page. ``page.zones()`` gives the kind of every zone the page has, by id;
 * ``page.lens()`` the goal lens as {goal, title, ids} (ids null without a lens). Returns the
 * function the page calls whenever its zones or its lens change.
 */
export function wireDownload(form, page, text) {
  const format = form.querySelector("[data-download-format]");
  const crs = form.querySelector("[data-download-crs]");
  const kind = form.querySelector("[data-download-kind]");
  const goal = form.querySelector("[data-download-goal]");
  const summary = form.querySelector("[data-download-summary]");
  const button = form.querySelector("[data-download-button]");
  let chosenCrs = crs.value;

  function fitCrs() {
    if (DEGREES_ONLY.indexOf(format.value) >= 0) {
      if (!crs.disabled) chosenCrs = crs.value;
      crs.value = WGS84;
      crs.disabled = true; // not sent: the server writes these formats in EPSG:4326
    } else if (crs.disabled) {
      crs.disabled = false;
      crs.value = chosenCrs;
    }
  }

  function update() {
    fitCrs();
    const lens = page.lens();
    goal.value = lens.goal;
    const kinds = page.zones();
    let count = 0;
    kinds.forEach(function (zoneKind, id) {
      if (lens.ids && !lens.ids.has(id)) return;
      if (kind.value && zoneKind !== kind.value) return;
      count += 1;
    });
    let message = text.downloadNone;
    if (count) {
      message = plural(count === kinds.size ? text.downloadAll : text.downloadSome, kinds.size, {
        count: count,
        total: kinds.size,
      });
      if (lens.goal) message += " " + fill(text.downloadGoal, { goal: lens.title });
    }
    summary.textContent = message;
    button.disabled = count === 0;
    form.dataset.count = String(count);
  }

  format.addEventListener("change", update);
  kind.addEventListener("change", update);
  update();
  return update;
}
