/*
 * The goals the zone in the workbench's form realises, each with its rationale: listed with a
 * button to take it away, and added from the goal picker. A rationale of null is one the page
 * does not know (a scenario's zone lists only its goals' ids); the save leaves it as it was.
 */

import { element } from "./format.js";

/** The form's goal links, drawn in its list; ``goals`` maps a goal's id to the goal. */
export function goalLinks(form, goals, text) {
  const list = form.querySelector("[data-goal-links]");
  const pick = form.querySelector("#goal-pick");
  const rationale = form.querySelector("#goal-rationale");
  let links = [];
  form.querySelector("[data-add-goal]").addEventListener("click", add);

  function render() {
    list.replaceChildren();
    links.forEach(function (link, index) {
      const goal = goals.get(link.goal_id);
      const title = goal ? goal.title : link.goal_id;
      const item = element("li");
      item.appendChild(element("strong", title));
      if (link.rationale) item.appendChild(element("span", " – " + link.rationale, "meta"));
      const drop = element("button", text.remove, "link-button");
      drop.type = "button";
      drop.setAttribute("aria-label", text.remove + ": " + title);
      drop.addEventListener("click", function () {
        links.splice(index, 1);
        render();
      });
      item.appendChild(element("span", " "));
      item.appendChild(drop);
      list.appendChild(item);
    });
  }

  function add() {
    const goalId = pick.value;
    links = links.filter(function (link) {
      return link.goal_id !== goalId;
    });
    links.push({ goal_id: goalId, rationale: rationale.value.trim() });
    rationale.value = "";
    render();
  }

  return {
    set: function (next) {
      links = next;
      render();
    },
    /** The links as a zone Feature's properties carry them. */
    properties: function () {
      return {
        goal_ids: links.map(function (link) {
          return link.goal_id;
        }),
        goal_links: links.filter(function (link) {
          return link.rationale !== null;
        }),
      };
    },
  };
}
