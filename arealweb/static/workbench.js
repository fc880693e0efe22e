/*
 * The planners' workbench: draw areas and corridors with Leaflet-Geoman, check them live against
 * the plan (area in daa, overlap with protected land, outside the boundary), fill in attributes
 * and goal links, and save through the API with the zone's version (If-Match).
 */

import { drawingToolbar } from "./drawing.js";
import { address as fillAddress, areaText as formatArea, element, fill, formatter } from "./format.js";
import { frame, mapReady } from "./map.js";
import { explain, request } from "./request.js";

const form = document.querySelector("[data-zone-form]");
if (form) mapReady.then(start);

function start(arealweb) {
  const { map, config } = arealweb;
  const feedback = document.querySelector("[data-feedback]");
  const errors = form.querySelector("[data-form-errors]");
  const saved = form.querySelector("[data-saved]");
  const stateText = document.querySelector("[data-form-state]");
  const deleteButton = form.querySelector("[data-delete]");
  const fields = form.elements;
  const number = formatter(config.locale);
  const bench = config.workbench;
  const text = bench.text;
  const state = { id: null, version: null, layer: null, links: [], confirmDelete: false };
  let checkTimer = null;

  const toolbar = drawingToolbar(map, {
    onCreate: function (layer) {
      setWorking(layer);
      setTool(null);
    },
    onTool: useTool,
  });
  map.on("pm:cut", function (event) {
    if (event.originalLayer === state.layer) {
      map.removeLayer(event.originalLayer);
      setWorking(event.layer);
    }
    map.pm.disableGlobalCutMode();
    setTool(null);
  });
  frame.addEventListener("zone-selected", function (event) {
    openZone(event.detail.id);
  });
  fields.kind.addEventListener("change", function () {
    fillCategories();
    scheduleCheck();
  });
  form.querySelector("[data-add-goal]").addEventListener("click", addGoal);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
  });
  deleteButton.addEventListener("click", remove);
  fillCategories();
  reset();

  // Helpers ----------------------------------------------------------------------------------

  function address(template, id) {
    return fillAddress(template, config.placeholder, id);
  }

  function areaText(daa) {
    return formatArea(number, daa);
  }

  // Tools ------------------------------------------------------------------------------------

  function setTool(active) {
    toolbar.press(active);
    const hasShape = Boolean(state.layer);
    document.querySelector('[data-tool="edit"]').disabled = !hasShape;
    document.querySelector('[data-tool="cut"]').disabled = !hasShape || fields.kind.value === "corridor";
  }

  function useTool(tool) {
    toolbar.stop();
    if (tool === "Polygon" || tool === "Line") {
      reset();
      fields.kind.value = tool === "Line" ? "corridor" : "development";
      fillCategories();
      toolbar.draw(tool);
      setTool(tool);
    } else if (tool === "edit" && state.layer) {
      if (state.layer.pm.enabled()) state.layer.pm.disable();
      else state.layer.pm.enable({ snappable: true, allowSelfIntersection: false });
      setTool(state.layer.pm.enabled() ? "edit" : null);
    } else if (tool === "cut" && state.layer) {
      map.pm.enableGlobalCutMode({ snappable: true });
      setTool("cut");
    } else if (tool === "cancel") {
      reset();
    }
  }

  function setWorking(layer) {
    if (state.layer && state.layer !== layer) map.removeLayer(state.layer);
    state.layer = layer;
    layer.options.pmIgnore = false;
    layer.options.snapIgnore = true;
    layer.on("pm:edit pm:vertexadded pm:vertexremoved pm:markerdragend pm:dragend", scheduleCheck);
    setTool(null);
    scheduleCheck();
  }

  function clearWorking() {
    if (state.layer) {
      if (state.layer.pm && state.layer.pm.enabled()) state.layer.pm.disable();
      map.removeLayer(state.layer);
    }
    state.layer = null;
  }

  // Live checks ------------------------------------------------------------------------------

  function geometry() {
    const feature = state.layer.toGeoJSON();
    return feature.type === "FeatureCollection" ? feature.features[0].geometry : feature.geometry;
  }

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 200);
  }

  async function check() {
    if (!state.layer) {
      feedback.replaceChildren(element("p", text.drawFirst, "hint"));
      return;
    }
    let result;
    try {
      ({ body: result } = await request(bench.check, {
        method: "POST",
        body: { geometry: geometry(), kind: fields.kind.value, exclude: state.id },
      }));
    } catch (error) {
      feedback.replaceChildren(element("p", error.message, "warning"));
      return;
    }
    feedback.replaceChildren();
    if (result.area_daa !== null) {
      const area = element("p", fill(text.area, { area: areaText(result.area_daa) }));
      area.dataset.areaDaa = result.area_daa;
      feedback.appendChild(area);
    } else {
      feedback.appendChild(element("p", fill(text.length, { length: number(result.length_m, 0) + " m" })));
    }
    result.problems.forEach(function (problem) {
      feedback.appendChild(element("p", problem, "warning"));
    });
    if (result.outside_m > 0) {
      feedback.appendChild(element("p", fill(text.outside, { metres: number(result.outside_m, 0) }), "warning"));
    }
    if (result.overlaps.length) {
      result.overlaps.forEach(function (overlap) {
        const amount = "overlap_daa" in overlap ? areaText(overlap.overlap_daa) : number(overlap.overlap_m, 0) + " m";
        const line = element(
          "p",
          fill(text.overlap, { name: overlap.name, category: overlap.category, amount: amount }),
          "warning"
        );
        line.dataset.overlap = overlap.id;
        feedback.appendChild(line);
      });
    } else {
      feedback.appendChild(element("p", text.noOverlap));
    }
  }

  // The form ---------------------------------------------------------------------------------

  function fillCategories(selected) {
    const select = fields.category;
    select.replaceChildren();
    bench.categories[fields.kind.value].forEach(function (category) {
      const option = element("option", category.label);
      option.value = category.code;
      select.appendChild(option);
    });
    if (selected) select.value = selected;
  }

  function renderLinks() {
    const list = form.querySelector("[data-goal-links]");
    list.replaceChildren();
    state.links.forEach(function (link, index) {
      const goal = arealweb.goals.get(link.goal_id);
      const item = element("li");
      item.appendChild(element("strong", goal ? goal.title : link.goal_id));
      if (link.rationale) item.appendChild(element("span", " – " + link.rationale, "meta"));
      const drop = element("button", text.remove, "link-button");
      drop.type = "button";
      drop.setAttribute("aria-label", text.remove + ": " + (goal ? goal.title : link.goal_id));
      drop.addEventListener("click", function () {
        state.links.splice(index, 1);
        renderLinks();
      });
      item.appendChild(element("span", " "));
      item.appendChild(drop);
      list.appendChild(item);
    });
  }

  function addGoal() {
    const goalId = form.querySelector("#goal-pick").value;
    const rationale = form.querySelector("#goal-rationale").value.trim();
    state.links = state.links.filter(function (link) {
      return link.goal_id !== goalId;
    });
    state.links.push({ goal_id: goalId, rationale: rationale });
    form.querySelector("#goal-rationale").value = "";
    renderLinks();
  }

  function reset() {
    toolbar.stop();
    map.pm.disableGlobalCutMode();
    clearWorking();
    if (state.id) arealweb.unhide(state.id);
    Object.assign(state, { id: null, version: null, links: [], confirmDelete: false });
    form.reset();
    fillCategories();
    renderLinks();
    errors.replaceChildren();
    deleteButton.hidden = true;
    deleteButton.textContent = deleteButton.dataset.label || deleteButton.textContent;
    stateText.textContent = text.creating;
    setTool(null);
    check();
  }

  async function openZone(id) {
    let feature, version;
    try {
      ({ body: feature, version } = await request(address(config.api.zone, id)));
    } catch (error) {
      errors.replaceChildren(element("p", error.message));
      return;
    }
    reset();
    arealweb.hide(id);
    state.id = id;
    state.version = version;
    const p = feature.properties;
    fields.name.value = p.name;
    fields.kind.value = p.kind;
    fillCategories(p.category);
    fields.status.value = p.status;
    fields.arealformal.value = p.arealformal === null ? "" : String(p.arealformal);
    fields.hensynssone.value = p.hensynssone || "";
    fields.description.value = p.description || "";
    fields.draft.checked = Boolean(p.draft);
    state.links = p.goals.map(function (goal) {
      return { goal_id: goal.id, rationale: goal.rationale };
    });
    renderLinks();
    const layer = L.geoJSON(feature, { pmIgnore: false, snapIgnore: true }).getLayers()[0];
    layer.addTo(map);
    setWorking(layer);
    layer.pm.enable({ snappable: true, allowSelfIntersection: false });
    setTool("edit");
    deleteButton.hidden = false;
    stateText.textContent = fill(text.editing, { name: p.name, version: p.version });
  }

  function feature() {
    return {
      type: "Feature",
      properties: {
        name: fields.name.value.trim(),
        kind: fields.kind.value,
        category: fields.category.value,
        status: fields.status.value,
        description: fields.description.value,
        arealformal: fields.arealformal.value ? Number(fields.arealformal.value) : null,
        hensynssone: fields.hensynssone.value || null,
        draft: fields.draft.checked,
        goal_ids: state.links.map(function (link) {
          return link.goal_id;
        }),
        goal_links: state.links,
      },
      geometry: state.layer ? geometry() : null,
    };
  }

  async function save() {
    errors.replaceChildren();
    saved.replaceChildren();
    const creating = !state.id;
    let body, version;
    try {
      ({ body, version } = creating
        ? await request(bench.create, { method: "POST", body: feature() })
        : await request(address(bench.zone, state.id), {
            method: "PUT",
            body: feature(),
            version: state.version,
            says: { 412: text.stale },
          }));
    } catch (error) {
      errors.replaceChildren(...explain(error, text.failed));
      return;
    }
    state.id = body.id;
    state.version = version;
    const message = creating
      ? fill(text.created, { name: body.properties.name })
      : fill(text.saved, { name: body.properties.name, version: body.properties.version });
    saved.appendChild(element("span", message + " "));
    const link = element("a", text.openZone);
    link.href = address(bench.zonePage, body.id);
    saved.appendChild(link);
    saved.dataset.zoneId = body.id;
    deleteButton.hidden = false;
    stateText.textContent = fill(text.editing, { name: body.properties.name, version: body.properties.version });
    await arealweb.reload();
    arealweb.hide(body.id);
  }

  async function remove() {
    if (!state.id) return;
    if (!state.confirmDelete) {
      state.confirmDelete = true;
      deleteButton.dataset.label = deleteButton.textContent;
      deleteButton.textContent = text.confirmDelete;
      return;
    }
    const name = fields.name.value;
    try {
      await request(address(bench.zone, state.id), {
        method: "DELETE",
        version: state.version,
        says: { 412: text.stale },
      });
    } catch (error) {
      errors.replaceChildren(...explain(error, text.failed));
      return;
    }
    const id = state.id;
    state.id = null;
    reset();
    await arealweb.reload();
    saved.replaceChildren(element("span", fill(text.deleted, { name: name })));
    saved.dataset.deleted = id;
  }
}
