/*
 * The planners' workbench: draw areas and corridors with Leaflet-Geoman, check them live against
 * the plan (area in daa, overlap with protected land, outside the boundary), fill in attributes
 * and goal links, and save through the API with the zone's version (If-Match).
 *
 * Undo and redo (buttons, Ctrl+Z and Ctrl+Shift+Z): while a shape is drawn, its last vertex;
 * then each drawing step (a shape drawn, a vertex moved, added or removed, a hole cut), kept
 * as snapshots of the geometry; past the steps since the last save, the save itself, undone
 * on the server by restoring the version before it (or deleting a zone just made) over the
 * version the page holds, so nobody else's edit is overwritten.
 *
 * A save the API answers with 409 confirmation_required (a development zone over protected
 * land, a zone with no goal) shows what the API said and asks; «Lagre likevel» sends it again
 * with ?confirm=true.
 * In scenario mode (/arbeidsbenk?scenario=<id>) zones open, save and go through
 * workbench-scenario.js, and a save is not undone on the server.
 */

import { drawingToolbar } from "./drawing.js";
import { checkLines } from "./workbench-check.js";
import { goalLinks } from "./workbench-links.js";
import { address as fillAddress, element, fill, formatter } from "./format.js";
import { frame, mapReady } from "./map.js";
import { explain, request } from "./request.js";
import { UndoSteps, takeStep } from "./undo.js";
import { scenarioMode } from "./workbench-scenario.js";

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
  const scenario = bench.scenario ? scenarioMode(arealweb) : null;
  const links = goalLinks(form, arealweb.goals, text);
  const state = {
    id: null,
    version: null,
    number: null,
    layer: null,
    confirmDelete: false,
  };
  const steps = new UndoSteps();
  const stepUrls = {
    zone: function (id) {
      return address(bench.zone, id);
    },
    restore: function (id, version) {
      return address(bench.restore, id).replace(bench.version, String(version));
    },
  };
  let redoingVertex = false;
  const undoButton = document.querySelector("[data-undo]");
  const redoButton = document.querySelector("[data-redo]");
  const undoStatus = document.querySelector("[data-undo-status]");
  const confirmBox = form.querySelector("[data-confirm]");
  let checkTimer = null;

  const toolbar = drawingToolbar(map, {
    onCreate: function (layer) {
      steps.vertices = [];
      setWorking(layer);
      setTool(null);
      record();
    },
    onTool: useTool,
    onVertex: function () {
      if (!redoingVertex) steps.vertices = [];
      showSteps();
    },
  });
  map.on("pm:cut", function (event) {
    if (event.originalLayer === state.layer) {
      map.removeLayer(event.originalLayer);
      setWorking(event.layer);
      record();
    }
    map.pm.disableGlobalCutMode();
    setTool(null);
  });
  map.on("pm:drawend", function () {
    steps.vertices = [];
    if (!state.layer) setTool(null);
    showSteps();
  });
  undoButton.addEventListener("click", undo);
  redoButton.addEventListener("click", redo);
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key !== "z" && key !== "y") return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    if (key === "y" || event.shiftKey) redo();
    else undo();
  });
  form.querySelector("[data-confirm-save]").addEventListener("click", function () {
    confirmBox.hidden = true;
    save(true);
  });
  form.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
    confirmBox.hidden = true;
    saved.replaceChildren(element("span", text.notSaved));
  });
  frame.addEventListener("zone-selected", function (event) {
    openZone(event.detail.id);
  });
  fields.kind.addEventListener("change", function () {
    fillCategories();
    scheduleCheck();
  });
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
    layer.on("pm:edit", record);
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

  // Undo and redo ----------------------------------------------------------------------------

  function snapshot() {
    return state.layer ? JSON.stringify(geometry()) : null;
  }

  /** Start the drawing steps afresh from what the map shows now (a zone opened or saved). */
  function startSteps() {
    steps.start(snapshot());
    showSteps();
  }

  /** Note the drawing as a step, unless it is the same as the last one. */
  function record() {
    if (steps.record(snapshot())) showSteps();
  }

  function showSteps() {
    const drawn = toolbar.drawing();
    undoButton.disabled = !(drawn || steps.past.length || steps.saves.length);
    redoButton.disabled = !(steps.vertices.length || steps.future.length || steps.unsaves.length);
  }

  function say(message) {
    undoStatus.textContent = message;
  }

  /** Put a snapshot back on the map, in edit mode if the shape was being edited. */
  function draw(shot) {
    const editing = Boolean(state.layer && state.layer.pm.enabled());
    clearWorking();
    if (shot) {
      const layer = L.geoJSON(JSON.parse(shot), { pmIgnore: false, snapIgnore: true }).getLayers()[0];
      layer.addTo(map);
      setWorking(layer);
      if (editing) {
        layer.pm.enable({ snappable: true, allowSelfIntersection: false });
        setTool("edit");
      }
    } else {
      setTool(null);
      scheduleCheck();
    }
  }

  async function undo() {
    if (toolbar.drawing()) {
      const vertex = toolbar.removeLastVertex();
      if (vertex) steps.vertices.push(vertex);
      if (!toolbar.drawing()) steps.vertices = [];
      say(text.undoneVertex);
    } else if (steps.past.length) {
      draw(steps.back());
      say(text.undone);
    } else if (steps.saves.length) {
      await serverStep(steps.saves, steps.unsaves, text.undoneSave);
    }
    showSteps();
  }

  async function redo() {
    if (toolbar.drawing() && steps.vertices.length) {
      redoingVertex = true;
      toolbar.addVertex(steps.vertices.pop());
      redoingVertex = false;
      say(text.redoneVertex);
    } else if (steps.future.length) {
      draw(steps.forward());
      say(text.redone);
    } else if (steps.unsaves.length) {
      await serverStep(steps.unsaves, steps.saves, text.redoneSave);
    }
    showSteps();
  }

  /** Take one save back (or do it again) on the server; a refusal ends both stacks. */
  async function serverStep(from, to, done) {
    const step = from.pop();
    try {
      to.push(await takeStep(step, stepUrls, { 412: text.stale }));
    } catch (error) {
      errors.replaceChildren(...explain(error, text.failed));
      steps.forgetSaves();
      return;
    }
    await arealweb.reload();
    if (step.target !== null) {
      // The zone as the page opens it (with its goals' titles), at the version just made.
      const { body, version } = await request(address(config.api.zone, step.id), { fresh: true });
      show(body, version);
      say(fill(done, { name: body.properties.name, version: body.properties.version }));
    } else {
      const name = fields.name.value;
      clearForm();
      say(fill(text.undoneCreate, { name: name }));
    }
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
    feedback.replaceChildren(...checkLines(result, text, number));
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

  /** A fresh form for a new zone; the saves made here can no longer be undone. */
  function reset() {
    steps.forgetSaves();
    clearForm();
  }

  function clearForm() {
    toolbar.stop();
    map.pm.disableGlobalCutMode();
    clearWorking();
    if (state.id) arealweb.unhide(state.id);
    Object.assign(state, { id: null, version: null, number: null, confirmDelete: false });
    confirmBox.hidden = true;
    form.reset();
    fillCategories();
    links.set([]);
    errors.replaceChildren();
    deleteButton.hidden = true;
    deleteButton.textContent = deleteButton.dataset.label || deleteButton.textContent;
    stateText.textContent = text.creating;
    setTool(null);
    startSteps();
    check();
  }

  async function openZone(id) {
    let feature, version;
    try {
      ({ body: feature, version } = await (scenario ? scenario.open(id) : request(address(config.api.zone, id))));
    } catch (error) {
      errors.replaceChildren(element("p", error.message));
      return;
    }
    reset();
    if (!feature) return; // a zone the scenario removes: offered back, not edited
    show(feature, version);
  }

  /** Fill the form and the map with a zone as the API sent it (opened, or restored by undo). */
  function show(feature, version) {
    clearForm();
    const id = feature.id;
    arealweb.hide(id);
    state.id = id;
    state.version = version;
    const p = feature.properties;
    state.number = p.version;
    fields.name.value = p.name;
    fields.kind.value = p.kind;
    fillCategories(p.category);
    fields.status.value = p.status;
    fields.arealformal.value = p.arealformal === null ? "" : String(p.arealformal);
    fields.hensynssone.value = p.hensynssone || "";
    fields.description.value = p.description || "";
    fields.draft.checked = Boolean(p.draft);
    links.set(
      p.goals.map(function (goal) {
        return { goal_id: goal.id, rationale: goal.rationale };
      })
    );
    const layer = L.geoJSON(feature, { pmIgnore: false, snapIgnore: true }).getLayers()[0];
    layer.addTo(map);
    setWorking(layer);
    layer.pm.enable({ snappable: true, allowSelfIntersection: false });
    setTool("edit");
    deleteButton.hidden = false;
    stateText.textContent = fill(text.editing, { name: p.name, version: p.version });
    startSteps();
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
        ...links.properties(),
      },
      geometry: state.layer ? geometry() : null,
    };
  }

  async function save(confirmed) {
    errors.replaceChildren();
    saved.replaceChildren();
    confirmBox.hidden = true;
    const creating = !state.id;
    const before = state.number;
    const asked = confirmed ? "?confirm=true" : "";
    let body, version;
    try {
      ({ body, version } = await send(creating, asked));
    } catch (error) {
      if (error.code === "confirmation_required") ask(error);
      else errors.replaceChildren(...explain(error, text.failed));
      return;
    }
    state.id = body.id;
    state.version = version;
    state.number = body.properties.version;
    if (!scenario) steps.saved(body.id, creating ? null : before, state.number);
    startSteps();
    const message = creating
      ? fill(text.created, { name: body.properties.name })
      : fill(text.saved, { name: body.properties.name, version: body.properties.version });
    saved.appendChild(element("span", message + " "));
    const link = element("a", text.openZone);
    link.href = scenario ? scenario.page : address(bench.zonePage, body.id);
    saved.appendChild(link);
    saved.dataset.zoneId = body.id;
    deleteButton.hidden = false;
    stateText.textContent = fill(text.editing, { name: body.properties.name, version: body.properties.version });
    await arealweb.reload();
    arealweb.hide(body.id);
  }

  /** Send the form's zone: to the scenario in scenario mode, else as a new zone or a new version. */
  function send(creating, asked) {
    if (scenario) return scenario.save(state.id, feature(), asked);
    if (creating) return request(bench.create + asked, { method: "POST", body: feature() });
    return request(address(bench.zone, state.id) + asked, {
      method: "PUT",
      body: feature(),
      version: state.version,
      says: { 412: text.stale },
    });
  }

  /** Show what the API asks to confirm, and the two ways on. */
  function ask(error) {
    const list = confirmBox.querySelector("[data-confirm-problems]");
    list.replaceChildren(
      ...error.problems.map(function (problem) {
        return element("li", problem.message);
      })
    );
    confirmBox.hidden = false;
    confirmBox.querySelector("[data-confirm-save]").focus();
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
      if (scenario) await scenario.remove(state.id);
      else
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
    saved.replaceChildren(element("span", fill(text.deleted, { name: name }) + " "));
    saved.dataset.deleted = id;
    if (scenario) return;
    const bin = element("a", text.bin);
    bin.href = bench.binPage;
    saved.appendChild(bin);
  }
}
