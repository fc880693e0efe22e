/*
 * A zone in words: its size (area in daa, or length of a corridor) and the details panel beside
 * the map with kind, category, size and the goals it realises.
 */

import { address, areaText, element } from "./format.js";
import { categoryLabel, kindLabel } from "./styles.js";

/** The zone's size: a corridor's length in m or km, an area's in daa and km². */
export function measure(number, properties) {
  if (properties.kind === "corridor") {
    return properties.length_m < 1000
      ? number(properties.length_m, 0) + " m"
      : number(properties.length_m / 1000, 1) + " km";
  }
  return areaText(number, properties.area_daa);
}

/** Fill the page's [data-zone-details] panel, if it has one, with the zone's details. */
export function showDetails(feature, { config, goals, number }) {
  const text = config.text;
  const panel = document.querySelector("[data-zone-details]");
  if (!panel) return;
  const p = feature.properties;
  panel.replaceChildren();
  panel.appendChild(element("h3", p.name));
  if (p.draft) panel.appendChild(element("p", text.draft, "warning"));
  const facts = element("dl", null, "facts");
  facts.appendChild(element("dt", kindLabel(p.kind)));
  facts.appendChild(element("dd", categoryLabel(p.category)));
  facts.appendChild(element("dt", p.kind === "corridor" ? text.length : text.area));
  facts.appendChild(element("dd", measure(number, p)));
  panel.appendChild(facts);
  if (p.goal_ids.length) {
    panel.appendChild(element("h4", text.realises));
    const list = element("ul", null, "goal-links");
    p.goal_ids.forEach(function (goalId) {
      const goal = goals.get(goalId);
      const item = element("li");
      const link = element("a", goal ? goal.title : goalId);
      link.href = address(config.pages.goal, config.placeholder, goalId);
      item.appendChild(link);
      if (goal) item.appendChild(element("span", " (" + config.levels[goal.level] + ")", "meta"));
      list.appendChild(item);
    });
    panel.appendChild(list);
  } else {
    panel.appendChild(element("p", text.noGoals, "warning"));
  }
  const more = element("a", text.moreAboutZone);
  more.href = address(config.pages.zone, config.placeholder, feature.id);
  panel.appendChild(element("p")).appendChild(more);
}
