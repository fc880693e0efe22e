/*
 * Stepping through a presentation: the [data-step] buttons (-1, 1), the [data-fullscreen]
 * button, and the keyboard (arrows, Page Up/Down, space, Home, End) outside form fields.
 * Shared by the workshop's presentation and the comparison's.
 */

/** Wire ``root``'s buttons and the keyboard to ``steps``: { current(), count(), go(index) }. */
export function stepper(root, steps) {
  root.querySelectorAll("[data-step]").forEach(function (button) {
    button.addEventListener("click", function () {
      steps.go(steps.current() + Number(button.dataset.step));
    });
  });
  const fullscreen = root.querySelector("[data-fullscreen]");
  if (fullscreen) {
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (root.requestFullscreen) root.requestFullscreen().catch(function () {});
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest && event.target.closest("input, select, textarea")) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
    if (event.key in moves) steps.go(steps.current() + moves[event.key]);
    else if (event.key === "Home") steps.go(0);
    else if (event.key === "End") steps.go(steps.count() - 1);
    else return;
    event.preventDefault();
  });
}
