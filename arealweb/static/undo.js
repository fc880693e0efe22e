/*
 * The workbench's undo and redo, apart from the map and the form: the drawing steps as
 * snapshots of the geometry (JSON text, null for nothing drawn), the vertices taken back while
 * a shape is drawn, and the saves, each undone on the server by restoring the version before
 * it (or deleting the zone it made) over the version the zone has then.
 */

import { request } from "./request.js";

export class UndoSteps {
  constructor() {
    this.saves = [];
    this.unsaves = [];
    this.start(null);
  }

  /** Begin the drawing steps again from `shot` (a zone opened, saved or cleared). */
  start(shot) {
    this.past = [];
    this.current = shot;
    this.future = [];
    this.vertices = [];
  }

  /** Note `shot` as a step unless it is the same as the last one; whether it was new. */
  record(shot) {
    if (shot === this.current) return false;
    this.past.push(this.current);
    this.current = shot;
    this.future = [];
    return true;
  }

  /** The snapshot before the current one, which becomes current. */
  back() {
    this.future.push(this.current);
    this.current = this.past.pop();
    return this.current;
  }

  /** The snapshot undone last, which becomes current again. */
  forward() {
    this.past.push(this.current);
    this.current = this.future.pop();
    return this.current;
  }

  /** A save took zone `id` from version `before` (null: it made the zone) to `after`. */
  saved(id, before, after) {
    if (before === after) return;
    this.saves.push({ id: id, target: before, expect: after, deleted: false });
    this.unsaves = [];
  }

  forgetSaves() {
    this.saves = [];
    this.unsaves = [];
  }
}

/**
 * Take `step` on the server: restore the version it names, or delete the zone when it names
 * none, with If-Match on the version the zone has then (anyone else's edit in between refuses
 * it with a RequestError). `urls` gives zone(id) and restore(id, version). Returns the step
 * that takes it back.
 */
export async function takeStep(step, urls, says) {
  const ifMatch = '"v' + step.expect + '"';
  if (step.target === null) {
    await request(urls.zone(step.id), { method: "DELETE", version: ifMatch, says: says });
  } else {
    await request(urls.restore(step.id, step.target), { method: "POST", version: ifMatch, says: says });
  }
  return {
    id: step.id,
    target: step.deleted ? null : step.expect,
    expect: step.expect + 1,
    deleted: step.target === null,
  };
}
