/* Helpers the map scripts share. Text from the data reaches the page through textContent. */
window.arealwebUtil = (function () {
  "use strict";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  function formatter(locale) {
    return function number(value, digits) {
      return new Intl.NumberFormat(locale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(value);
    };
  }

  function areaText(number, daa) {
    return number(daa, daa < 100 ? 1 : 0) + " daa (" + number(daa / 1000, 3) + " km²)";
  }

  function element(tag, content, className) {
    const node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function address(template, placeholder, id) {
    return template.replace(placeholder, encodeURIComponent(id));
  }

  return { fill: fill, formatter: formatter, areaText: areaText, element: element, address: address };
})();
