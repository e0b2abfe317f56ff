/* Accessible names for the sliders. dcc.Slider (Radix) renders its thumb (role="slider") and its number box
   without a label; each control group carries data-label-id, the id of its visible label, and this names
   both from it, so screen readers say "Alcohol, slider, 10.5" and keyboard users know what they move. */
(function () {
  "use strict";
  function nameSliders() {
    document.querySelectorAll("[data-label-id]").forEach(function (group) {
      var id = group.getAttribute("data-label-id");
      group.querySelectorAll('[role="slider"], input').forEach(function (el) {
        if (el.getAttribute("aria-labelledby") !== id) {
          el.setAttribute("aria-labelledby", id);
        }
      });
    });
  }
  var queued = false;
  new MutationObserver(function () {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(function () {
        queued = false;
        nameSliders();
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
