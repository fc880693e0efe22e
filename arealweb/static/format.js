/*
 * Text for the page: templates filled in, numbers and areas in the reader's locale, elements
 * built with their text set as text. Text from the data reaches the page through textContent,
 * never as HTML.
 */

/** The template with each {name} replaced by values[name]. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (_, key) {
    return values[key];
  });
}

/** A function number(value, digits) that formats in the given locale. */
export function formatter(locale) {
  return function number(value, digits) {
    return new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  };
}

/** An area in decare, with square kilometres beside it ("12,5 daa (0,013 km²)"). */
export function areaText(number, daa) {
  return number(daa, daa < 100 ? 1 : 0) + " daa (" + number(daa / 1000, 3) + " km²)";
}

/** A new element with the content as its text and an optional class. */
export function element(tag, content, className) {
  const node = document.createElement(tag);
  if (content !== undefined && content !== null) node.textContent = content;
  if (className) node.className = className;
  return node;
}

/** An address template with the placeholder replaced by the (encoded) id. */
export function address(template, placeholder, id) {
  return template.replace(placeholder, encodeURIComponent(id));
}
