/*
 * How the plan looks, read from the one style table (arealweb/render/styles.py) that every page
 * carries as JSON in <body data-styles>. No colour is written in the scripts themselves.
 */

const table = JSON.parse(document.body.dataset.styles);

const kindLabels = {};
const categoryLabels = {};
table.kinds.forEach(function (kind) {
  kindLabels[kind.kind] = kind.label;
  kind.categories.forEach(function (category) {
    categoryLabels[category.code] = category.label;
  });
});

/** A copy of a layer's style (zone, boundary, station, conflict, before, sketch …). */
export function layerStyle(name) {
  return Object.assign({}, table.layers[name]);
}

/** A copy of a zone category's style; a category without one is drawn as a plain zone. */
export function categoryStyle(code) {
  return Object.assign({}, table.categories[code] || table.layers.zone);
}

/** A zone kind's name in the reader's language. */
export function kindLabel(kind) {
  return kindLabels[kind] || kind;
}

/** A zone category's name in the reader's language. */
export function categoryLabel(code) {
  return categoryLabels[code] || code;
}

/** The colours of chart series, in order. */
export const chartColours = table.charts;
