/*
 * The workbench in scenario mode (/arbeidsbenk?scenario=<id>): the map shows the scenario's
 * zones (static/map.js marks the ones it adds or changes and draws the ones it removes dashed
 * and faint), and every save, new zone and removal goes to the scenario with its version in
 * If-Match — never to the plan. A zone the scenario removes can be taken back: that drops the
 * scenario's change, and the plan's zone applies again.
 *
 * The scenario's version moves with every write, whoever makes it; a write from a page that
 * holds an older version is refused (412) and says so, and nothing is overwritten.
 */

import { address as fillAddress, fill } from "./format.js";
import { explain, request } from "./request.js";

/** The scenario's side of the workbench: opening, saving and removing zones in it. */
export function scenarioMode(arealweb) {
  const { config } = arealweb;
  const bench = config.workbench;
  const scenario = bench.scenario;
  const text = bench.text;
  const says = { 412: text.stale };
  const box = document.querySelector("[data-bring-back]");
  const boxText = box.querySelector("[data-bring-back-text]");
  const banner = document.querySelector("[data-scenario-banner]");
  let version = scenario.version;
  let offered = null;

  box.querySelector("[data-bring-back-button]").addEventListener("click", bringBack);
  showVersion();

  function address(template, id) {
    return fillAddress(template, config.placeholder, id);
  }

  function showVersion() {
    banner.dataset.scenarioVersion = version;
  }

  /** A new zone's id, as the server makes them (32 hex digits). */
  function newId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  /** Note the scenario's version after a write (its ETag, or asked for when there is none). */
  async function written(answer) {
    version = answer.version || (await request(scenario.scenario, { fresh: true })).version;
    showVersion();
  }

  function hideOffer() {
    offered = null;
    box.hidden = true;
  }

  /**
   * The zone ``id`` as the form opens it: the plan's zone in full when the scenario leaves it
   * as it is, the scenario's version of it when it adds or changes it; null for a zone the
   * scenario removes, which is offered back instead.
   */
  async function open(id) {
    hideOffer();
    const entry = arealweb.zone(id);
    const change = entry ? entry.feature.properties.scenario_change : null;
    if (change === "remove") {
      offered = entry.feature;
      boxText.textContent = fill(text.removedZone, { name: offered.properties.name });
      box.hidden = false;
      return { body: null, version: version };
    }
    if (!change) return request(address(config.api.zone, id));
    const p = entry.feature.properties;
    const goals = p.goals || (p.goal_ids || []).map(function (goalId) {
      return { id: goalId, rationale: null };
    });
    const properties = Object.assign({ description: "" }, p, { goals: goals });
    return { body: Object.assign({}, entry.feature, { properties: properties }), version: version };
  }

  /** Save the zone ``id`` (null: a new one) in the scenario; answered as the workbench reads a save. */
  async function save(id, feature, asked) {
    const zoneId = id || newId();
    const answer = await request(address(scenario.zone, zoneId) + asked, {
      method: "PUT",
      body: feature,
      version: version,
      says: says,
    });
    await written(answer);
    return { body: { id: zoneId, properties: feature.properties }, version: version };
  }

  /** Remove the zone ``id`` in the scenario (a zone it added is simply dropped). */
  async function remove(id) {
    hideOffer();
    await written(await request(address(scenario.zone, id), { method: "DELETE", version: version, says: says }));
  }

  async function bringBack() {
    if (!offered) return;
    const feature = offered;
    const status = document.querySelector("[data-saved]");
    const errors = document.querySelector("[data-form-errors]");
    errors.replaceChildren();
    try {
      await written(
        await request(address(scenario.change, feature.id), { method: "DELETE", version: version, says: says })
      );
    } catch (error) {
      errors.replaceChildren(...explain(error, text.failed));
      return;
    }
    hideOffer();
    await arealweb.reload();
    status.textContent = fill(text.broughtBack, { name: feature.properties.name });
    status.dataset.broughtBack = feature.id;
  }

  return {
    open: open,
    save: save,
    remove: remove,
    page: scenario.page,
  };
}
