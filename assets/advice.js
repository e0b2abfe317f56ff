/* "What would make it good?": its answer appears under the button, often below the screen's edge (a projector's
   720 px). When the answer the person asked for shows, bring it into view (scrolling as little as needed). */
(function () {
  "use strict";
  var asked = false;
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#make-good-button")) { asked = true; }
  }, true);
  new MutationObserver(function () {
    var view = document.getElementById("suggestion-view");
    if (!asked || !view || view.classList.contains("hidden") || !view.textContent.trim()) { return; }
    asked = false;
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    view.scrollIntoView({ block: "nearest", behavior: still ? "auto" : "smooth" });
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["class"], childList: true });
})();
