/*
 * What the workbench's live check says about the shape being drawn, as lines for the feedback
 * box: its area in daa (or length in m), the API's problems, how far it lies outside Bærum, and
 * each protected zone it overlaps with how much — all measured on the server in EPSG:25832.
 */

import { areaText, element, fill } from "./format.js";

/** The lines for ``result`` (the answer of POST /api/v1/zones/check). */
export function checkLines(result, text, number) {
  const lines = [];
  if (result.area_daa !== null) {
    const area = element("p", fill(text.area, { area: areaText(number, result.area_daa) }));
    area.dataset.areaDaa = result.area_daa;
    lines.push(area);
  } else {
    lines.push(element("p", fill(text.length, { length: number(result.length_m, 0) + " m" })));
  }
  result.problems.forEach(function (problem) {
    lines.push(element("p", problem, "warning"));
  });
  if (result.outside_m > 0) {
    lines.push(element("p", fill(text.outside, { metres: number(result.outside_m, 0) }), "warning"));
  }
  result.overlaps.forEach(function (overlap) {
    const amount = "overlap_daa" in overlap ? areaText(number, overlap.overlap_daa) : number(overlap.overlap_m, 0) + " m";
    const values = { name: overlap.name, category: overlap.category, amount: amount };
    const line = element("p", fill(text.overlap, values), "warning");
    line.dataset.overlap = overlap.id;
    lines.push(line);
  });
  if (!result.overlaps.length) lines.push(element("p", text.noOverlap));
  return lines;
}
