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

/** The page's language and time zone (<html lang> and <meta name="time-zone">, from the server). */
function pageLocale() {
  const zone = document.querySelector('meta[name="time-zone"]');
  return {
    locale: document.documentElement.lang || "nb",
    timeZone: (zone && zone.content) || "Europe/Oslo",
  };
}

/**
 * A moment (an ISO 8601 string or a Date) as the reader writes it, in the page's language and
 * time zone: the day ("3. des. 2026"), or with time ("3. des. 2026, 09:05") or the time only.
 */
export function dateText(moment, what) {
  const { locale, timeZone } = pageLocale();
  const options = { timeZone: timeZone };
  if (what !== "time") options.dateStyle = "medium";
  if (what === "time" || what === "moment") options.timeStyle = "short";
  return new Intl.DateTimeFormat(locale, options).format(new Date(moment));
}

/**
 * The one of a message's two forms ({one, other}, both from the server's ngettext) that the
 * page's language uses for count, with {count} filled in.
 */
export function plural(forms, count, values) {
  const category = new Intl.PluralRules(pageLocale().locale).select(count);
  const chosen = forms[category] !== undefined ? forms[category] : forms.other;
  return fill(chosen, Object.assign({ count: count }, values || {}));
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
