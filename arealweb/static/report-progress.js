/*
 * The page shown while the golden-thread report's PDF is drawn: asks how far the drawing has
 * come every second, shows it in the progress bar and the status line, and opens the PDF when
 * it is ready. Without JavaScript the page reloads itself instead (a <noscript> refresh).
 */

import { fill } from "./format.js";
import { request } from "./request.js";

const POLL_MS = 1000;

const page = document.querySelector("[data-report-waiting]");
if (page) {
  watch(JSON.parse(page.dataset.reportWaiting));
}

function watch(config) {
  const bar = page.querySelector("progress");
  const status = page.querySelector("[data-report-status]");
  if (!bar || !status) return;

  async function poll() {
    let state;
    try {
      ({ body: state } = await request(config.progress, { fresh: true }));
    } catch {
      window.setTimeout(poll, POLL_MS * 3);
      return;
    }
    if (state.ready) {
      bar.max = 1;
      bar.value = 1;
      status.textContent = config.text.ready;
      window.location.replace(config.pdf);
      return;
    }
    if (state.failed || !state.underway) {
      if (state.failed) status.textContent = config.text.failed;
      window.location.reload();
      return;
    }
    if (state.total > 0) {
      bar.max = state.total;
      bar.value = state.done;
      const maps = state.total - 1;
      status.textContent =
        state.done < maps
          ? fill(config.text.maps, { done: state.done, total: maps })
          : config.text.laying_out;
    }
    window.setTimeout(poll, POLL_MS);
  }
  window.setTimeout(poll, POLL_MS);
}
