/*
 * The planners' workbench: draw areas and corridors with Leaflet-Geoman, check them live against
 * the plan (area in daa, overlap with protected land, outside the boundary), fill in attributes
 * and goal links, and save through the API with the zone's version (If-Match) and CSRF token.
 */
(function () {
  "use strict";

  const frame = document.querySelector("[data-arealweb-map]");
  const form = document.querySelector("[data-zone-form]");
  if (!frame || !form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const feedback = document.querySelector("[data-feedback]");
  const errors = form.querySelector("[data-form-errors]");
  const saved = form.querySelector("[data-saved]");
  const stateText = document.querySelector("[data-form-state]");
  const deleteButton = form.querySelector("[data-delete]");
  const fields = form.elements;

  let map, config, bench, text;
  const state = { id: null, etag: null, layer: null, links: [], confirmDelete: false };
  let checkTimer = null;

  function start() {
    ({ map, config } = frame.arealweb);
    number = util.formatter(config.locale);
    bench = config.workbench;
    text = bench.text;
    map.pm.setLang(bench.geomanLanguage);
    map.pm.setGlobalOptions({ snappable: true, snapDistance: 15, allowSelfIntersection: false });
    map.on("pm:create", function (event) {
      setWorking(event.layer);
      setTool(null);
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
    document.querySelectorAll("[data-tool]").forEach(function (button) {
      button.addEventListener("click", function () {
        useTool(button.dataset.tool);
      });
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
  }

  // Helpers ----------------------------------------------------------------------------------

  const util = window.arealwebUtil;
  const fill = util.fill;
  const element = util.element;
  let number;

  function address(template, id) {
    return util.address(template, config.placeholder, id);
  }

  function send(method, url, body, extraHeaders) {
    const headers = Object.assign(
      { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      extraHeaders || {}
    );
    return fetch(url, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined });
  }

  function areaText(daa) {
    return util.areaText(number, daa);
  }

  // Tools ------------------------------------------------------------------------------------

  function setTool(active) {
    document.querySelectorAll("[data-tool]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.tool === active));
    });
    const hasShape = Boolean(state.layer);
    document.querySelector('[data-tool="edit"]').disabled = !hasShape;
    document.querySelector('[data-tool="cut"]').disabled = !hasShape || fields.kind.value === "corridor";
  }

  function useTool(tool) {
    map.pm.disableDraw();
    if (tool === "Polygon" || tool === "Line") {
      reset();
      fields.kind.value = tool === "Line" ? "corridor" : "development";
      fillCategories();
      map.pm.enableDraw(tool, { snappable: true });
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
    const response = await send("POST", bench.check, {
      geometry: geometry(),
      kind: fields.kind.value,
      exclude: state.id,
    });
    const result = await response.json();
    feedback.replaceChildren();
    if (!response.ok) {
      feedback.appendChild(element("p", result.error.message, "warning"));
      return;
    }
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
      const goal = frame.arealweb.goals.get(link.goal_id);
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
    map.pm.disableDraw();
    map.pm.disableGlobalCutMode();
    clearWorking();
    if (state.id) frame.arealweb.unhide(state.id);
    Object.assign(state, { id: null, etag: null, links: [], confirmDelete: false });
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
    const response = await fetch(address(config.api.zone, id), { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const feature = await response.json();
    reset();
    frame.arealweb.hide(id);
    state.id = id;
    state.etag = response.headers.get("ETag");
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

  function showErrors(body) {
    errors.replaceChildren(element("p", text.failed));
    const list = element("ul");
    (body.error ? body.error.problems : []).forEach(function (problem) {
      list.appendChild(element("li", problem.message));
    });
    errors.appendChild(list);
  }

  async function save() {
    errors.replaceChildren();
    saved.replaceChildren();
    const creating = !state.id;
    const response = creating
      ? await send("POST", bench.create, feature())
      : await send("PUT", address(bench.zone, state.id), feature(), { "If-Match": state.etag });
    const body = await response.json();
    if (response.status === 412) {
      errors.replaceChildren(element("p", text.stale));
      return;
    }
    if (!response.ok) {
      showErrors(body);
      return;
    }
    state.id = body.id;
    state.etag = response.headers.get("ETag");
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
    await frame.arealweb.reload();
    frame.arealweb.hide(body.id);
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
    const response = await send("DELETE", address(bench.zone, state.id), null, { "If-Match": state.etag });
    if (response.status === 412) {
      errors.replaceChildren(element("p", text.stale));
      return;
    }
    if (!response.ok) {
      showErrors(await response.json());
      return;
    }
    const id = state.id;
    state.id = null;
    reset();
    await frame.arealweb.reload();
    saved.replaceChildren(element("span", fill(text.deleted, { name: name })));
    saved.dataset.deleted = id;
  }

  if (frame.dataset.ready === "true") start();
  else frame.addEventListener("map-ready", start, { once: true });
})();
