/*
 * The citizen's receipt page. The receipt is the link's fragment (#…), which a browser never
 * sends to the server, so it lands in no access log; the page reads it and asks the API for
 * the comment with it in a header. The author reads the state and the answer, and may delete.
 */

import { address, dateText, element } from "./format.js";
import { explain, getJSON, request } from "./request.js";

const page = document.querySelector("[data-receipt-page]");
if (page) {
  start(JSON.parse(page.dataset.receipt));
  // Another receipt's link opened in this tab changes only the fragment: read that one.
  window.addEventListener("hashchange", function () {
    window.location.reload();
  });
}

function start(config) {
  const text = config.text;
  const status = page.querySelector("[data-receipt-status]");
  const view = page.querySelector("[data-receipt-view]");
  const token = window.location.hash.slice(1);
  const field = function (name) {
    return page.querySelector('[data-field="' + name + '"]');
  };

  if (!token) {
    status.replaceChildren(element("p", text.missing));
    page.dataset.loaded = "missing";
    return;
  }

  page.querySelector("[data-delete]").addEventListener("click", remove);
  load();

  async function load() {
    let feature;
    try {
      ({ body: feature } = await request(config.api, { receipt: token, fresh: true }));
    } catch (error) {
      status.replaceChildren(...explain(error, text.failed));
      page.dataset.loaded = "error";
      return;
    }
    show(feature.properties);
    describe(feature);
    status.replaceChildren();
    view.hidden = false;
    page.dataset.loaded = "yes";
  }

  function show(comment) {
    field("what").textContent =
      (config.kinds[comment.kind] || comment.kind) + " · " + (config.themes[comment.theme] || comment.theme);
    const sent = field("sent");
    sent.dateTime = comment.created_at;
    sent.textContent = dateText(comment.created_at, "moment");
    const state = field("state");
    state.dataset.state = comment.state;
    state.textContent = config.states[comment.state] || comment.state;
    field("text").textContent = comment.text;
    const answer = comment.response;
    field("no-response").hidden = Boolean(answer);
    field("response").hidden = !answer;
    if (!answer) return;
    const answerStatus = field("response-status");
    answerStatus.textContent = config.responses[answer.status] || answer.status;
    answerStatus.parentElement.dataset.responseStatus = answer.status;
    field("response-text").textContent = answer.text;
    link("response-zone", answer.zone_id && address(config.zone, "__id__", answer.zone_id));
    link("response-goal", answer.goal_id && address(config.goal, "__id__", answer.goal_id));
  }

  /** Where the comment is, in words («ved Sandvika stasjon, i Sandvika»). */
  async function describe(feature) {
    const where = field("where");
    where.textContent = text.somewhere;
    let query = null;
    if (feature.properties.zone_id) {
      query = "?zone=" + encodeURIComponent(feature.properties.zone_id);
    } else if (feature.geometry) {
      const geometry = feature.geometry;
      const ring = geometry.type === "Point" ? [geometry.coordinates] : geometry.coordinates[0];
      const lon = ring.reduce((sum, c) => sum + c[0], 0) / ring.length;
      const lat = ring.reduce((sum, c) => sum + c[1], 0) / ring.length;
      query = "?lon=" + lon.toFixed(6) + "&lat=" + lat.toFixed(6);
    }
    if (!query) return;
    try {
      where.textContent = (await getJSON(config.describe + query)).text;
    } catch {
      // The place in words is a help; the receipt stands without it.
    }
  }

  function link(name, href) {
    const paragraph = field(name);
    paragraph.hidden = !href;
    if (href) paragraph.querySelector("a").href = href;
  }

  async function remove() {
    try {
      await request(config.api, { method: "DELETE", receipt: token });
    } catch (error) {
      status.replaceChildren(...explain(error, text.deleteFailed));
      return;
    }
    view.hidden = true;
    status.replaceChildren(element("p", text.deleted));
    page.dataset.loaded = "deleted";
  }
}
