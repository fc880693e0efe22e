/*
 * The one way arealweb's scripts talk to the server: JSON in and out, the CSRF token on every
 * change, a workshop group's join code, a version in If-Match, and the API's error shape
 * ({"error": {"status", "code", "message", "problems": [{"message", "where"}]}}) turned into
 * what a person can act on. What a refused or lost request means (409, 412, 413, 429, no
 * connection) is said in the page's language: the texts come from <body data-request-texts>.
 */

import { element } from "./format.js";

const token = document.querySelector('meta[name="csrf-token"]');
const meanings = JSON.parse(document.body.dataset.requestTexts || "{}");

/** The status of a request that never reached the server. */
const NETWORK = 0;

/** A request the server refused or never answered, with what it means to a person. */
export class RequestError extends Error {
  constructor(status, error, meaning) {
    super(meaning || error.message || meanings.failed);
    this.name = "RequestError";
    this.status = status;
    this.code = error.code || "";
    this.problems = error.problems || [];
    this.explained = Boolean(meaning);
  }
}

/**
 * Send a request and return {body, version}: the parsed JSON answer and its ETag.
 *
 * Options: method (GET), body (sent as JSON), joinCode (X-Join-Code), receipt (X-Receipt-Token:
 * a citizen's receipt, kept out of the address), version (If-Match), fresh (skip the cache),
 * says ({status: text} where the page has a more precise text than the general one). Throws RequestError when the answer is not 2xx.
 */
export async function request(url, options) {
  const { method = "GET", body, joinCode, receipt, version, fresh, says } = options || {};
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && token) headers["X-CSRFToken"] = token.content;
  if (joinCode) headers["X-Join-Code"] = joinCode;
  if (receipt) headers["X-Receipt-Token"] = receipt;
  if (version) headers["If-Match"] = version;
  const init = { method: method, headers: headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (fresh) init.cache = "no-store";
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new RequestError(NETWORK, {}, (says && says[NETWORK]) || meanings[NETWORK]);
  }
  const answer = await response.json().catch(function () {
    return null;
  });
  if (!response.ok) {
    const status = response.status;
    const error = (answer && answer.error) || {};
    throw new RequestError(status, error, (says && says[status]) || meanings[status]);
  }
  return { body: answer, version: response.headers.get("ETag") };
}

/** The JSON answer of a GET (options as for request). */
export async function getJSON(url, options) {
  return (await request(url, options)).body;
}

/**
 * The error as paragraphs for an error box: what it means when the page says so, else the
 * lead text and the API's problems as a list. With the ``form`` that was sent, a problem
 * names its field as the form labels it, not by the API's path (``properties.text``).
 */
export function explain(error, lead, form) {
  if (error.explained) return [element("p", error.message)];
  if (!error.problems.length) return [element("p", lead + " " + error.message)];
  const list = element("ul");
  error.problems.forEach(function (problem) {
    list.appendChild(element("li", form ? inFormWords(problem, form) : problem.message));
  });
  return [element("p", lead), list];
}

/**
 * The problem's message with its field named by the form's label: the field of the name the
 * path ends in (``properties.text`` → name="text"), or the part marked data-field="geometry";
 * its <label>, or the legend of the fieldset it stands in.
 */
function inFormWords(problem, form) {
  const prefix = (problem.where || "") + ": ";
  if (!problem.where || !problem.message.startsWith(prefix)) return problem.message;
  const name = problem.where.replace(/^properties\./, "").split(/[.[]/)[0];
  const field =
    form.querySelector('[data-field="' + CSS.escape(name) + '"]') ||
    form.querySelector('[name="' + CSS.escape(name) + '"]');
  if (!field) return problem.message;
  const label =
    field.tagName === "FIELDSET"
      ? field.querySelector("legend")
      : (field.labels && field.labels[0]) || field.closest("fieldset")?.querySelector("legend");
  if (!label || !label.textContent.trim()) return problem.message;
  return label.textContent.trim() + ": " + problem.message.slice(prefix.length);
}
